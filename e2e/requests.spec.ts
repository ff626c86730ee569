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
  // Route complaints about this topic to Assembly Team 1 (刘洋's unit). The default unit comes with
  // the demo company (db/seed/demo.ts): nobody had to configure it before the first request.
  const [unit] = await query(`select id from org_unit where name = '装配一组'`);
  await query(`insert into request_route (request_type, topic, unit_id) values ('complaint', $1, $2)`, [topic, unit.id]);
  expect(await query(`select 1 from request_route where request_type is null and topic is null`)).toHaveLength(1);
  const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });

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
  // 刘洋 keeps a personal saved reply in both languages.
  const saved = `Saved-${run}`;
  await staff.goto('/requests');
  await staff.getByTestId('saved-replies-link').click();
  await staff.waitForURL('**/requests/saved-replies');
  await staff.getByTestId('saved-reply-title').fill(`致歉 ${run}`);
  await staff.getByTestId('saved-reply-title-en').fill(`Apology ${run}`);
  await staff.getByTestId('saved-reply-save').click(); // no text in either language: a message, the title kept
  await expect(staff.getByTestId('error-bodyZh')).toBeVisible();
  await expect(staff.getByTestId('saved-reply-title-en')).toHaveValue(`Apology ${run}`);
  await staff.getByTestId('saved-reply-body-zh').fill(`${saved} 非常抱歉给您带来不便。`);
  await staff.getByTestId('saved-reply-body-en').fill(`${saved} We are sorry for the trouble.`);
  await staff.getByTestId('saved-reply-save').click();
  await expect(staff.getByTestId('saved-reply-row').filter({ hasText: `Apology ${run}` })).toBeVisible({ timeout: 30_000 });
  await expectAccessible(staff);
  await snap(staff, 'requests-saved-replies-en-1366');
  await staff.setViewportSize(phone);
  await snap(staff, 'requests-saved-replies-en-390');
  await staff.setViewportSize({ width: 1366, height: 900 });
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
  await staff.getByTestId('message-attachments').setInputFiles(pdf(`internal-${run}.pdf`));
  await staff.getByTestId('message-send').click();
  await expect(staff.getByTestId('internal-note').filter({ hasText: note })).toBeVisible({ timeout: 30_000 });
  await expect(staff.getByTestId('internal-note').filter({ hasText: note }).getByTestId('attachment-link')).toHaveText(`internal-${run}.pdf`);
  // The saved reply goes in, in the customer's language (Chinese), and the handler adds to it.
  await staff.getByTestId('saved-reply-select').selectOption({ label: `Apology ${run}` });
  await expect(staff.getByTestId('saved-reply-language')).toHaveValue('zh');
  await staff.getByTestId('saved-reply-insert-button').click();
  await expect(staff.getByTestId('message-body')).toHaveValue(`${saved} 非常抱歉给您带来不便。`);
  await staff.getByTestId('message-body').press('End');
  await staff.getByTestId('message-body').pressSequentially(` ${reply}`);
  await staff.getByTestId('message-attachments').setInputFiles(pdf(`answer-${run}.pdf`));
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
  await expect(cust.getByTestId('public-message').filter({ hasText: reply })).toContainText('非常抱歉');
  await expect(cust.getByTestId('public-message').filter({ hasText: reply }).getByTestId('attachment-link')).toHaveText(`answer-${run}.pdf`);
  await expect(cust.getByTestId('request-status')).toHaveText('等待客户回复');
  expect(await cust.content()).not.toContain(`INTERNAL-${run}`);
  expect(await cust.content()).not.toContain(`internal-${run}.pdf`);
  const [internalFile] = await query(`select f.id from stored_file f where f.filename = $1`, [`internal-${run}.pdf`]);
  expect((await cust.goto(`/api/files/${internalFile.id}`))?.status()).toBe(404);
  await cust.goto(requestUrl);
  // The customer answers with a file: the request opens again.
  await cust.getByTestId('reply-body').fill(`补充照片 ${run}`);
  await cust.getByTestId('reply-attachments').setInputFiles(pdf(`more-${run}.pdf`));
  await cust.getByTestId('reply-send').click();
  await expect(cust.getByTestId('public-message').filter({ hasText: `补充照片 ${run}` }).getByTestId('attachment-link')).toHaveText(`more-${run}.pdf`, { timeout: 30_000 });
  await expect(cust.getByTestId('request-status')).toHaveText('处理中');
  await expectAccessible(cust);
  await cust.setViewportSize(phone);
  await snap(cust, 'requests-detail-zh-390');
  await cust.setViewportSize({ width: 1366, height: 900 });
  await snap(cust, 'requests-detail-zh-1366');
  // …and in search: the public reply is found and leads to the portal page; the note's words never are.
  await cust.goto(`/search?q=${encodeURIComponent(`Reply-${run}`)}`);
  await expect(cust.getByTestId('search-hit-title')).toHaveCount(1);
  await expect(cust.getByTestId('search-hit-title')).toHaveAttribute('href', requestUrl);
  await expect(cust.getByTestId('search-hit')).toContainText('客户工单');
  await expectAccessible(cust);
  await snap(cust, 'requests-search-zh-1366');
  await cust.setViewportSize(phone);
  await snap(cust, 'requests-search-zh-390');
  await cust.setViewportSize({ width: 1366, height: 900 });
  await cust.goto(`/search?q=${encodeURIComponent('勿告知客户')}`);
  await expect(cust.getByTestId('search-none')).toBeVisible();
  await staff.goto(`/search?q=${encodeURIComponent(`包装破损 ${run}`)}`);
  await expect(staff.getByTestId('search-hit-title')).toHaveAttribute('href', `/requests/${id}`);
  await expect(staff.getByTestId('search-hit')).toContainText('Customer request');
  await expectAccessible(staff);
  await snap(staff, 'requests-search-en-1366');
  await staff.setViewportSize(phone);
  await snap(staff, 'requests-search-en-390');
  await staff.setViewportSize({ width: 1366, height: 900 });
  await staff.goto(`/search?q=${encodeURIComponent('勿告知客户')}`);
  await expect(staff.getByTestId('search-none')).toBeVisible(); // internal notes are never indexed, for anyone
  await staff.goto(`/requests/${id}`);

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
  // The staff page and the saved replies in Chinese (the admin is staff on every request).
  await admin.goto(`/requests/${id}`);
  await expect(admin.getByTestId('internal-note').filter({ hasText: note })).toBeVisible();
  await expectAccessible(admin);
  await snap(admin, 'requests-detail-staff-zh-1366');
  await admin.setViewportSize(phone);
  await snap(admin, 'requests-detail-staff-zh-390');
  await admin.goto('/requests/saved-replies');
  await expect(admin.getByTestId('saved-reply-row').filter({ hasText: '收到确认' })).toBeVisible(); // the demo's Customer Service replies
  await expectAccessible(admin);
  await snap(admin, 'requests-saved-replies-zh-390');
  await admin.setViewportSize({ width: 1366, height: 900 });
  await snap(admin, 'requests-saved-replies-zh-1366');
  await adminCtx.close();
  // The customer's page in English: the organisation's partner admin sees all of its requests.
  const padminCtx = await browser.newContext({ locale: 'en-US' });
  const padmin = await padminCtx.newPage();
  await query(`update person set locale = null where email = 'zheng.hao@qiming.example'`);
  await signInAsPartner(padmin, 'zheng.hao@qiming.example');
  await padmin.goto(requestUrl);
  await expect(padmin.getByTestId('public-message').filter({ hasText: reply })).toBeVisible();
  expect(await padmin.content()).not.toContain(`INTERNAL-${run}`);
  await expectAccessible(padmin);
  await snap(padmin, 'requests-detail-portal-en-1366');
  await padmin.setViewportSize(phone);
  await snap(padmin, 'requests-detail-portal-en-390');
  await padminCtx.close();

  // 4. The handler closes it; the customer is asked for a rating (mail) and rates it once.
  await staff.setViewportSize({ width: 1366, height: 900 });
  const closing = new Date(Date.now() - 1000);
  await staff.getByTestId('status-select').selectOption('closed');
  await staff.getByTestId('status-apply').click();
  await expect(staff.getByTestId('request-status')).toHaveText('Closed');
  const ask = await waitForMailTo('feng.xue@qiming.example', closing, 30_000);
  expect(ask.subject).toContain('已关闭');
  expect(ask.text).toContain(requestUrl);
  expect(ask.text + ask.html).not.toContain(`INTERNAL-${run}`);
  await cust.goto(requestUrl);
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
  await other.goto(`/search?q=${encodeURIComponent(`Reply-${run}`)}`);
  await expect(other.getByTestId('search-none')).toBeVisible();
  const [file] = await query(`select file_id from request_attachment where request_id = $1`, [id]);
  expect((await other.goto(`/api/files/${file.file_id}`))?.status()).toBe(404);
  await otherCtx.close();
});
