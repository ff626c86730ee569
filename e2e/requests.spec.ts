import { expect, expectAccessible, phone, query, signInAsEmployee, signInAsPartner, snap, test, waitForMailTo } from './fixtures';

// Earlier specs may have saved a language for these people: the browser's language decides here.
test.beforeAll(async () => {
  await query(`update person set locale = null where email = any($1)`, [['feng.xue@qiming.example', 'liu.yang@xinghai.example', 'wang.lei@xinghai.example', 'wu.fang@hualian.example']]);
});

/**
 * Customer requests end to end: a customer (zh-CN) files a complaint with an attachment; it lands
 * in the queue its route names; the handler (en) writes an internal note and a public reply; the
 * customer sees only the reply, in the portal and in the mail (checked in the outbox as an admin);
 * the request is closed and rated; another organisation's member gets not-found.
 */
test('customer requests: file, route, note and reply, mail, close and rate, not-found for others', async ({ browser }) => {
  test.setTimeout(540_000); // four people sign in and every page is checked by axe: long on a shared machine
  const started = new Date(Date.now() - 1000);
  const run = Date.now();
  const topic = `E2E-${run}`;
  const subject = `包装破损 ${run}`;
  const note = `INTERNAL-${run} 批次问题，勿告知客户`;
  const reply = `Reply-${run}: a replacement ships tomorrow.`;
  // Route complaints about this topic to Assembly Team 1 (刘洋's unit); keep a default unit.
  const [unit] = await query(`select id from org_unit where name = '装配一组'`);
  await query(`insert into request_route (request_type, topic, unit_id) values ('complaint', $1, $2)`, [topic, unit.id]);
  await query(`insert into request_route (request_type, topic, unit_id) select null, null, id from org_unit where name = '客户服务部' on conflict do nothing`);

  // 1. The customer (zh-CN) files a complaint with a PDF attachment.
  const custCtx = await browser.newContext({ locale: 'zh-CN' });
  const cust = await custCtx.newPage();
  await query(`update person set locale = 'zh-CN' where email = 'feng.xue@qiming.example'`);
  await signInAsPartner(cust, 'feng.xue@qiming.example');
  await cust.getByTestId('partner-home-requests').click();
  await cust.waitForURL('**/partner/requests');
  await expectAccessible(cust);
  await cust.getByTestId('new-request').click();
  await cust.getByTestId('request-type').selectOption('complaint');
  await cust.getByTestId('request-topic').fill(topic);
  await cust.getByTestId('request-submit').click(); // empty subject: a message, nothing filed, topic kept
  await expect(cust.getByTestId('error-subject')).toBeVisible();
  await expect(cust.getByTestId('request-topic')).toHaveValue(topic);
  await cust.getByTestId('request-subject').fill(subject);
  await cust.getByTestId('request-description').fill('收到的货物**外包装破损**，见附件照片。');
  await cust.getByTestId('request-attachments').setInputFiles({ name: 'photo.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
  await expectAccessible(cust);
  await snap(cust, 'requests-new-zh-1366');
  await cust.getByTestId('request-submit').click();
  await cust.waitForURL(/\/partner\/requests\/[0-9a-f-]{36}$/);
  const requestUrl = new URL(cust.url()).pathname;
  const id = requestUrl.split('/').pop()!;
  await expect(cust.getByTestId('request-status')).toHaveText('新建');
  await expect(cust.getByTestId('attachment-link')).toHaveText('photo.pdf');

  // 2. It lands in Assembly Team 1's queue; 刘洋 (en) takes it, writes an internal note and a public reply.
  await query(`update person set locale = 'en' where email = 'liu.yang@xinghai.example'`);
  const staffCtx = await browser.newContext({ locale: 'en-US' });
  const staff = await staffCtx.newPage();
  await signInAsEmployee(staff, 'liu.yang@xinghai.example');
  await staff.goto('/requests');
  const row = staff.getByTestId('queue-row').filter({ hasText: subject });
  await expect(row).toContainText('Assembly Team 1');
  await expectAccessible(staff);
  await snap(staff, 'requests-queue-en-1366');
  await row.getByRole('link', { name: subject }).click();
  await staff.waitForURL(`**/requests/${id}`);
  await staff.getByTestId('take').click();
  await expect(staff.getByTestId('request-assignee')).toContainText('Liu Yang');
  await staff.getByTestId('message-body').fill(note);
  await staff.getByTestId('message-visibility').selectOption('internal');
  await staff.getByTestId('message-send').click();
  await expect(staff.getByTestId('internal-note').filter({ hasText: note })).toBeVisible({ timeout: 30_000 });
  await staff.getByTestId('message-body').fill(reply);
  await staff.getByTestId('message-visibility').selectOption('public');
  await staff.getByTestId('message-then').selectOption('waiting');
  await staff.getByTestId('message-send').click();
  await expect(staff.getByTestId('public-message').filter({ hasText: reply })).toBeVisible({ timeout: 30_000 }); // the refresh is slow on a shared machine
  await expect(staff.getByTestId('request-status')).toHaveText('Waiting for customer');
  await expect(staff.getByTestId('clock-first-state')).toHaveText('Met');
  await expectAccessible(staff);
  await snap(staff, 'requests-detail-en-1366');
  await staff.setViewportSize(phone);
  await snap(staff, 'requests-detail-en-390');

  // 3. The customer sees the reply and never the note, on the page…
  await cust.reload();
  await expect(cust.getByTestId('public-message').filter({ hasText: reply })).toBeVisible();
  await expect(cust.getByTestId('request-status')).toHaveText('等待客户回复');
  expect(await cust.content()).not.toContain(`INTERNAL-${run}`);
  await expectAccessible(cust);
  await cust.setViewportSize(phone);
  await snap(cust, 'requests-detail-zh-390');
  await cust.setViewportSize({ width: 1366, height: 900 });
  await snap(cust, 'requests-detail-zh-1366');

  // …and in the mail, which an admin opens in the outbox.
  const mail = await waitForMailTo('feng.xue@qiming.example', started, 30_000);
  expect(mail.subject).toContain(subject);
  expect(mail.text).toContain(reply);
  expect(mail.text + mail.html).not.toContain(`INTERNAL-${run}`);
  const adminCtx = await browser.newContext({ locale: 'zh-CN' });
  const admin = await adminCtx.newPage();
  await signInAsEmployee(admin, 'wang.lei@xinghai.example');
  await admin.goto(`/outbox/${mail.id}`);
  await expect(admin.getByTestId('mail-subject')).toContainText(subject);
  await expect(admin.getByTestId('mail-text')).toContainText(reply);
  await expect(admin.getByTestId('mail-text')).not.toContainText(`INTERNAL-${run}`);
  await admin.goto('/admin/requests');
  await expect(admin.getByTestId('calendar-entries')).toBeVisible();
  await expectAccessible(admin);
  await snap(admin, 'requests-admin-zh-1366');
  await adminCtx.close();

  // 4. The handler closes it; the customer rates it once.
  await staff.setViewportSize({ width: 1366, height: 900 });
  await staff.getByTestId('status-select').selectOption('closed');
  await staff.getByTestId('status-apply').click();
  await expect(staff.getByTestId('request-status')).toHaveText('Closed');
  await cust.reload();
  await expect(cust.getByTestId('request-status')).toHaveText('已关闭');
  await expect(cust.getByTestId('reply-form')).toHaveCount(0);
  await cust.getByTestId('rate-rating').selectOption('4');
  await cust.getByTestId('rate-comment').fill('处理及时');
  await cust.getByTestId('rate-submit').click();
  await expect(cust.getByTestId('your-rating')).toContainText('4/5');
  await expect(cust.getByTestId('rate-form')).toHaveCount(0);
  await staffCtx.close();
  await custCtx.close();

  // 5. Another organisation's member gets not-found for the request and its file.
  const otherCtx = await browser.newContext({ locale: 'en-US' });
  const other = await otherCtx.newPage();
  await signInAsPartner(other, 'wu.fang@hualian.example');
  expect((await other.goto(requestUrl))?.status()).toBe(404);
  const [file] = await query(`select file_id from request_attachment where request_id = $1`, [id]);
  expect((await other.goto(`/api/files/${file.file_id}`))?.status()).toBe(404);
  await otherCtx.close();
});
