import { expect, expectAccessible, phone, pick, query, signInAsEmployee, signInAsPartner, snap, test, waitForMailTo } from './fixtures';

const BUYER = 'lin.feng@xinghai.example';
const PLANNER = 'han.dong@xinghai.example';
const SUPPLIER = 'zhou.li@hengtong.example';
const OTHER = 'wu.fang@hualian.example';
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Supplier orders end to end. Owners of 恒通 set here: buyer 林峰 (zh-CN), planner 韩东 (zh-CN).
 * The buyer sends an order with two lines; the supplier (周丽, en) confirms one and proposes a
 * new date for the other; the buyer accepts; the supplier files a delay; the planner has the
 * mail (old and new date, days late, reason) and sees the line in "late and at risk"; another
 * organisation's member gets not-found on the order's URLs. Screens at 1366 and 390 px.
 */
test('supplier orders: send, per-line answers, accept, delay to planners, not-found for others', async ({ browser }) => {
  test.setTimeout(600_000);
  const started = new Date(Date.now() - 1000);
  const run = Date.now().toString(36).toUpperCase();
  const number = `PO-E2E-${run}`;
  const [org] = await query(`select id from partner_org where name = '恒通精密零件有限公司'`);
  await query(`delete from supplier_owner where partner_org_id = $1`, [org.id]);
  await query(`insert into supplier_owner (partner_org_id, role, person_id) select $1, 'buyer', id from person where email = $2`, [org.id, BUYER]);
  await query(`insert into supplier_owner (partner_org_id, role, person_id) select $1, 'planner', id from person where email = $2`, [org.id, PLANNER]);
  await query(`update person set locale = 'zh-CN' where email = any($1)`, [[BUYER, PLANNER]]);
  await query(`update person set locale = 'en' where email = $1`, [SUPPLIER]);

  // 1. The buyer (zh-CN) writes the order; a quantity of 0 is refused and what was typed stays.
  const buyerCtx = await browser.newContext({ locale: 'zh-CN' });
  const buyer = await buyerCtx.newPage();
  await signInAsEmployee(buyer, BUYER);
  await buyer.goto('/orders');
  await expectAccessible(buyer);
  await buyer.getByTestId('order-new').click();
  await buyer.waitForURL('**/orders/new');
  await pick(buyer, 'order-supplier', ['恒通精密零件有限公司', 'Hengtong Precision Parts Co., Ltd.'], '恒通');
  await buyer.getByTestId('order-number').fill(number);
  await buyer.getByTestId('line-0-item').fill('HT-SH-2040');
  await buyer.getByTestId('line-0-description').fill('主轴套');
  await buyer.getByTestId('line-0-qty').fill('0');
  await buyer.getByTestId('line-0-price').fill('36.5');
  await buyer.getByTestId('line-0-date').fill(day(20));
  await buyer.getByTestId('line-1-item').fill('HT-FL-0815');
  await buyer.getByTestId('line-1-description').fill('法兰盘');
  await buyer.getByTestId('line-1-qty').fill('120');
  await buyer.getByTestId('line-1-date').fill(day(21));
  await buyer.getByTestId('order-hide-prices').check();
  await buyer.getByTestId('order-save').click();
  await expect(buyer.getByTestId('error-lines.0.quantity')).toContainText('大于 0');
  await expect(buyer.getByTestId('line-1-item')).toHaveValue('HT-FL-0815');
  await buyer.getByTestId('line-0-qty').fill('200');
  await expectAccessible(buyer);
  await snap(buyer, 'orders-new-zh-1366');
  await buyer.getByTestId('order-save').click();
  await buyer.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  const id = new URL(buyer.url()).pathname.split('/').pop()!;
  await expect(buyer.getByTestId('order-status')).toHaveText('草稿');
  await buyer.getByTestId('order-send').click();
  await expect(buyer.getByTestId('order-status')).toHaveText('待供应商确认', { timeout: 30_000 });

  // 2. The supplier (en) sees it first on the home, confirms line 10 and proposes a date for line 20.
  const supCtx = await browser.newContext({ locale: 'en-US' });
  const sup = await supCtx.newPage();
  await signInAsPartner(sup, SUPPLIER);
  await expect(sup.getByTestId('orders-home')).toContainText(number);
  await snap(sup, 'orders-partner-home-en-1366');
  await sup.goto(`/partner/orders/${id}`);
  await expect(sup.getByTestId('order-lines')).not.toContainText('36.5'); // hidden prices never reach the supplier
  await expectAccessible(sup);
  await sup.getByTestId('answer-submit-10').click();
  await expect(sup.getByTestId('line-10-status')).toHaveText('Confirmed', { timeout: 30_000 });
  await sup.getByTestId('answer-20').selectOption('propose');
  await sup.getByTestId('answer-date-20').fill(day(26));
  await sup.getByTestId('answer-submit-20').click(); // no reason: refused, nothing changes
  await expect(sup.getByTestId('error-reason')).toBeVisible();
  await sup.getByTestId('answer-reason-20').fill('Heat-treatment furnace maintenance');
  await sup.getByTestId('answer-submit-20').click();
  await expect(sup.getByTestId('order-status')).toHaveText('Supplier proposed changes', { timeout: 30_000 });
  await snap(sup, 'orders-partner-detail-en-1366');
  await sup.setViewportSize(phone);
  await snap(sup, 'orders-partner-detail-en-390');
  await sup.setViewportSize({ width: 1366, height: 900 });

  // 3. The buyer sees old vs new and accepts.
  await buyer.goto(`/orders/${id}`);
  await expect(buyer.getByTestId('line-20-proposal')).toContainText('→');
  await expectAccessible(buyer);
  await snap(buyer, 'orders-detail-proposed-zh-1366');
  await buyer.getByTestId('accept-20').click();
  await expect(buyer.getByTestId('order-status')).toHaveText('已确认', { timeout: 30_000 });
  await expect(buyer.getByTestId('line-20-late')).toContainText('5');

  // 4. The supplier files a delay on line 10.
  await sup.goto(`/partner/orders/${id}`);
  await sup.getByTestId('delay-open-10').click();
  await sup.getByTestId('delay-date-10').fill(day(30));
  await sup.getByTestId('delay-reason-10').fill('Bar stock arrived late');
  await sup.getByTestId('delay-submit-10').click();
  await expect(sup.getByTestId('delays')).toContainText('Bar stock arrived late', { timeout: 30_000 });

  // 5. The planner has the mail (in Chinese: part, old → new, days late, reason) and sees the line as late.
  const mail = await waitForMailTo(PLANNER, started, 60_000);
  expect(mail.subject).toContain(number);
  let delayMail: { subject: string; html: string } | undefined;
  for (let i = 0; i < 240 && !delayMail; i += 1) {
    delayMail = (await query(`select subject, html from mail_outbox where to_email = $1 and created_at > $2 and subject like '%交付延期%'`, [PLANNER, started]))[0];
    if (!delayMail) await new Promise((r) => setTimeout(r, 250));
  }
  expect(delayMail?.subject).toContain(number);
  expect(delayMail?.html).toContain('HT-SH-2040');
  expect(delayMail?.html).toContain('延期 10 天');
  expect(delayMail?.html).toContain('Bar stock arrived late');
  const planCtx = await browser.newContext({ locale: 'zh-CN' });
  const planner = await planCtx.newPage();
  await signInAsEmployee(planner, PLANNER);
  await planner.goto('/orders/at-risk');
  await expect(planner.getByTestId('risk-row').filter({ hasText: number })).toHaveCount(2);
  await expectAccessible(planner);
  await snap(planner, 'orders-at-risk-zh-1366');
  await planner.setViewportSize(phone);
  await snap(planner, 'orders-at-risk-zh-390');
  await planner.goto(`/orders/${id}`);
  await expect(planner.getByTestId('event-delay')).toBeVisible();
  await snap(planner, 'orders-detail-zh-390');
  await planner.setViewportSize({ width: 1366, height: 900 });
  await planner.goto('/orders?late=on');
  await expect(planner.getByTestId('order-row').filter({ hasText: number })).toHaveCount(1);
  await snap(planner, 'orders-list-zh-1366');

  // English internal pages.
  await query(`update person set locale = 'en' where email = $1`, [PLANNER]);
  const enCtx = await browser.newContext({ locale: 'en-US' });
  const en = await enCtx.newPage();
  await signInAsEmployee(en, PLANNER);
  await en.goto(`/orders/${id}`);
  await expect(en.getByTestId('order-status')).toHaveText('Confirmed');
  await expectAccessible(en);
  await snap(en, 'orders-detail-en-1366');
  await en.setViewportSize(phone);
  await en.goto('/orders');
  await snap(en, 'orders-list-en-390');

  // 6. Another organisation's member: not found on both URLs.
  const otherCtx = await browser.newContext({ locale: 'zh-CN' });
  const other = await otherCtx.newPage();
  await signInAsPartner(other, OTHER);
  expect((await other.goto(`/partner/orders/${id}`))?.status()).toBe(404);
  expect((await other.goto(`/orders/${id}`))?.status()).toBe(404);
  for (const c of [buyerCtx, supCtx, planCtx, enCtx, otherCtx]) await c.close();
});
