import { expect, expectAccessible, phone, pick, query, signInAsEmployee, signInAsPartner, snap, test, waitForMailTo } from './fixtures';

const BUYER = 'lin.feng@xinghai.example';
const PLANNER = 'han.dong@xinghai.example';
const SUPPLIER = 'zhou.li@hengtong.example';
const OTHER = 'wu.fang@hualian.example';
const ADMIN = 'wang.lei@xinghai.example';
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
/** The timeline's old → new values are words, never stored codes. */
async function expectNoCodes(page: import('@playwright/test').Page) {
  const values = [...(await page.getByTestId('change-old').allTextContents()), ...(await page.getByTestId('change-new').allTextContents())];
  expect(values.length).toBeGreaterThan(0);
  for (const x of values) expect(x).not.toMatch(/^(open|confirmed|proposed|rejected|closed|cancelled|sent|draft|true|false)$/);
}
/** A date as the Chinese mail writes it (2026年12月19日). */
const zhDate = (n: number) => new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day(n)}T00:00:00Z`));

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
  // "Add line" gives a third row and keeps everything typed; "remove line" takes it away again.
  await buyer.getByTestId('line-add').click();
  await expect(buyer.getByTestId('line-row-2')).toBeVisible({ timeout: 30_000 });
  await expect(buyer.getByTestId('line-1-item')).toHaveValue('HT-FL-0815');
  await expect(buyer.getByTestId('line-0-price')).toHaveValue('36.5');
  await expect(buyer.getByTestId('order-number')).toHaveValue(number);
  await expect(buyer.getByTestId('order-supplier').getByTestId('picker-chosen')).toContainText('恒通');
  await expect(buyer.getByTestId('line-2-remove')).toHaveText('删除第 3 行');
  await buyer.getByTestId('line-2-remove').click();
  await expect(buyer.getByTestId('line-row-2')).toHaveCount(0, { timeout: 30_000 });
  await expect(buyer.getByTestId('line-1-description')).toHaveValue('法兰盘');
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
  // …and it is there on the outbox page (the admin's view of every mail Plaza sent), in both languages.
  for (const locale of ['zh-CN', 'en'] as const) {
    const adminCtx = await browser.newContext({ locale: locale === 'en' ? 'en-US' : 'zh-CN' });
    const admin = await adminCtx.newPage();
    await query(`update person set locale = $1 where email = $2`, [locale, ADMIN]);
    await signInAsEmployee(admin, ADMIN);
    await admin.goto(`/outbox?to=${encodeURIComponent(PLANNER)}`);
    const row = admin.getByTestId('outbox-table').locator('tr', { hasText: number }).filter({ hasText: '交付延期' });
    await expect(row).toHaveCount(1);
    await row.getByRole('link').click();
    await expect(admin.getByTestId('mail-subject')).toContainText(number);
    const text = admin.getByTestId('mail-text');
    for (const part of ['HT-SH-2040', '延期 10 天', 'Bar stock arrived late', zhDate(20), zhDate(30)]) await expect(text, part).toContainText(part);
    await snap(admin, `orders-delay-mail-outbox-${locale}-1366`);
    await admin.setViewportSize(phone);
    await snap(admin, `orders-delay-mail-outbox-${locale}-390`);
    await admin.evaluate(() => document.querySelector('iframe')?.remove());
    await expectAccessible(admin);
    await adminCtx.close();
  }
  await query(`update person set locale = 'zh-CN' where email = $1`, [ADMIN]);
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
  // Line statuses in words, never codes.
  await expect(planner.getByTestId('event-confirmed').first()).toContainText('待供应商确认');
  await expect(planner.getByTestId('event-confirmed').first()).toContainText('已确认');
  await expectNoCodes(planner);
  await snap(planner, 'orders-detail-timeline-zh-390');
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
  await expect(en.getByTestId('event-confirmed').first()).toContainText('Waiting for supplier');
  await expectNoCodes(en);
  await expectAccessible(en);
  await snap(en, 'orders-detail-en-1366');
  await en.setViewportSize(phone);
  await en.goto('/orders');
  await snap(en, 'orders-list-en-390');

  // Search: the planner finds the order by an item code, the supplier by its number (and lands on
  // their portal page); another organisation finds nothing.
  await en.setViewportSize({ width: 1366, height: 900 });
  await en.goto(`/search?q=${encodeURIComponent('HT-FL-0815')}`);
  await expect(en.getByTestId('search-hit').filter({ hasText: number })).toHaveCount(1);
  await expectAccessible(en);
  await snap(en, 'orders-search-en-1366');
  await en.setViewportSize(phone);
  await snap(en, 'orders-search-en-390');
  await sup.goto(`/search?q=${encodeURIComponent(number)}`);
  await sup.getByTestId('search-hit').filter({ hasText: number }).getByTestId('search-hit-title').click();
  await sup.waitForURL(`**/partner/orders/${id}`);

  // 6. Another organisation's member: not found on both URLs, and nothing in search.
  const otherSearch = await browser.newContext({ locale: 'zh-CN' });
  const os = await otherSearch.newPage();
  await signInAsPartner(os, OTHER);
  await os.goto(`/search?q=${encodeURIComponent(number)}`);
  await expect(os.getByTestId('search-none')).toBeVisible();
  await snap(os, 'orders-search-other-zh-390');
  await otherSearch.close();
  const otherCtx = await browser.newContext({ locale: 'zh-CN' });
  const other = await otherCtx.newPage();
  await signInAsPartner(other, OTHER);
  expect((await other.goto(`/partner/orders/${id}`))?.status()).toBe(404);
  expect((await other.goto(`/orders/${id}`))?.status()).toBe(404);
  for (const c of [buyerCtx, supCtx, planCtx, enCtx, otherCtx]) await c.close();
});

/**
 * "Add line" / "remove line" without JavaScript (the buttons are submit buttons of the form: the
 * server renders the form again with one row more or less and everything typed), in English, then
 * a change order that adds a line; screens at 1366 and 390 px.
 */
test('order form rows without JavaScript; a change order adds a line (en)', async ({ browser }) => {
  test.setTimeout(300_000);
  await query(`update person set locale = 'en' where email = $1`, [BUYER]);
  const [org] = await query(`select id from partner_org where name = '恒通精密零件有限公司'`);
  await query(`insert into supplier_owner (partner_org_id, role, person_id) select $1, 'buyer', id from person where email = $2 on conflict do nothing`, [org.id, BUYER]);
  const ctx = await browser.newContext({ locale: 'en-US' });
  const page = await ctx.newPage();
  await signInAsEmployee(page, BUYER);
  const noJs = await browser.newContext({ locale: 'en-US', storageState: await ctx.storageState(), javaScriptEnabled: false });
  const p = await noJs.newPage();
  const number = `PO-NOJS-${Date.now().toString(36).toUpperCase()}`;
  await p.goto('/orders/new');
  await p.getByTestId('order-number').fill(number);
  await p.getByTestId('line-0-item').fill('NJ-1');
  await p.getByTestId('line-0-qty').fill('7');
  await p.getByTestId('line-1-item').fill('NJ-2');
  await p.getByTestId('line-add').click();
  await expect(p.getByTestId('line-row-2')).toBeVisible();
  await expect(p.getByTestId('line-0-item')).toHaveValue('NJ-1');
  await expect(p.getByTestId('line-0-qty')).toHaveValue('7');
  await expect(p.getByTestId('line-1-item')).toHaveValue('NJ-2');
  await expect(p.getByTestId('order-number')).toHaveValue(number);
  await expect(p.getByTestId('line-2-no')).toHaveValue('30');
  await p.getByTestId('line-2-item').fill('NJ-3');
  await p.getByTestId('line-1-remove').click();
  await expect(p.getByTestId('line-row-1')).toHaveCount(0);
  await expect(p.getByTestId('line-2-item')).toHaveValue('NJ-3');
  await expect(p.getByTestId('line-0-item')).toHaveValue('NJ-1');
  await expect(p.getByTestId('line-2-remove')).toHaveText('Remove line 2');
  await snap(p, 'orders-form-rows-en-1366');
  await p.setViewportSize(phone);
  await snap(p, 'orders-form-rows-en-390');
  await noJs.close();

  // With JavaScript: a draft with one line, sent, confirmed; a change order adds line 20.
  await page.goto('/orders/new');
  await pick(page, 'order-supplier', ['恒通精密零件有限公司', 'Hengtong Precision Parts Co., Ltd.'], '恒通');
  await page.getByTestId('order-number').fill(number);
  await page.getByTestId('line-0-item').fill('NJ-1');
  await page.getByTestId('line-0-qty').fill('7');
  await page.getByTestId('line-0-date').fill(day(20));
  await page.getByTestId('line-1-remove').click();
  await expect(page.getByTestId('line-row-1')).toHaveCount(0, { timeout: 30_000 });
  await expectAccessible(page);
  await page.getByTestId('order-save').click();
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await page.getByTestId('order-send').click();
  await expect(page.getByTestId('order-status')).toHaveText('Waiting for supplier', { timeout: 30_000 });
  await page.goto(`/orders/${id}/edit`);
  await expect(page.getByTestId('line-row-1')).toHaveCount(0);
  await page.getByTestId('line-add').click();
  await expect(page.getByTestId('line-row-1')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('line-1-item').fill('NJ-20');
  await page.getByTestId('line-1-qty').fill('3');
  await page.getByTestId('line-1-date').fill(day(25));
  await page.getByTestId('order-reason').fill('One more part');
  await expectAccessible(page);
  await snap(page, 'orders-change-order-form-en-1366');
  await page.getByTestId('order-save').click();
  await page.waitForURL(`**/orders/${id}`);
  await expect(page.getByTestId('line-20-status')).toHaveText('Waiting for supplier');
  await expect(page.getByTestId('event-revised')).toContainText('NJ-20');
  await snap(page, 'orders-detail-revised-en-1366');
  await page.setViewportSize(phone);
  await snap(page, 'orders-detail-revised-en-390');
  await query(`update person set locale = 'zh-CN' where email = $1`, [BUYER]);
  await ctx.close();
});
