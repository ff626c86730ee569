import { expect, phone, query, signInAsEmployee, signInAsPartner, test, waitForMailTo, pick } from './fixtures';

/**
 * Announcements end to end, in both languages: a plain employee's draft goes to their head for
 * approval, is published, read and acknowledged by a targeted employee, and the author sees the
 * reach change; people outside the audience get "not found"; a script in the body never runs.
 */
test.describe('announcements', () => {
  test('draft → approval → publish → read and acknowledge → reach; outsiders get 404', async ({ browser }) => {
    test.slow(); // five people's sessions in one flow: over a minute on a busy two-core machine
    const subject = `设备故障通知 ${Date.now()}`;
    const started = new Date(Date.now() - 1000);

    // 1. 刘洋 (Assembly Team 1, Chinese) writes to all of Production: a draft first.
    const authorCtx = await browser.newContext({ locale: 'zh-CN' });
    const author = await authorCtx.newPage();
    await signInAsEmployee(author, 'liu.yang@xinghai.example');
    await author.goto('/announcements/new');
    await author.getByTestId('compose-send').click(); // empty: messages in Chinese, nothing lost
    await expect(author.getByTestId('error-title')).toHaveText('请填写标题。');
    await author.getByTestId('compose-title').fill(subject);
    await pick(author, 'audience-units', ['生产部', 'Production']);
    await author.getByTestId('compose-ack').check();
    await author.getByTestId('compose-draft').click();
    await author.waitForURL(/\/announcements\/[0-9a-f-]{36}$/);
    await expect(author.getByTestId('status-badge')).toHaveText('草稿');
    const url = new URL(author.url()).pathname;

    // …then revised and sent: he may not publish to Production himself, so it goes for approval.
    await author.getByTestId('revise-link').click();
    await expect(author.getByTestId('compose-title')).toHaveValue(subject);
    await author.getByTestId('compose-send').click();
    await author.waitForURL((u) => u.pathname === url);
    await expect(author.getByTestId('status-badge')).toHaveText('待审批');

    // 2. 张伟, head of Production (English), approves from his queue; he was mailed.
    const mail = await waitForMailTo('zhang.wei@xinghai.example', started);
    expect(mail.subject).toContain(subject);
    const headCtx = await browser.newContext({ locale: 'en-US' });
    const head = await headCtx.newPage();
    await signInAsEmployee(head, 'zhang.wei@xinghai.example');
    await query(`update person set locale = 'en' where email = 'zhang.wei@xinghai.example'`);
    // His workbench lists it first thing, and the navigation carries the count.
    await head.goto('/');
    await expect(head.getByTestId('todo-group').filter({ hasText: 'Waiting for your approval' })).toContainText(subject);
    await expect(head.getByTestId('nav-badge').first()).toBeVisible();
    await head.goto('/announcements/approvals');
    const item = head.getByTestId('approval-item').filter({ hasText: subject });
    await item.getByTestId('reject').click(); // a rejection needs a reason: the message is in English
    await expect(head.getByTestId('approval-item').filter({ hasText: subject }).getByTestId('error-reason')).toHaveText('Give a reason.');
    await head.getByTestId('approval-item').filter({ hasText: subject }).getByTestId('approve').click();
    await expect(head.getByTestId('decision-done')).toBeVisible();
    await expect(head.getByTestId('approval-item').filter({ hasText: subject })).toHaveCount(0);

    // 3. The author watches the reach page: nobody has acknowledged yet.
    await author.goto(`${url}/reach`);
    await expect(author.getByTestId('reach-acked')).toContainText('0 (');

    // 4. 周海燕 (Assembly Team 2) on a phone: the item is on her homepage; she reads and acknowledges.
    const [reader] = await query<{ email: string }>(`select p.email from person p join org_unit u on u.id = p.unit_id where u.name = '装配二组' and p.status = 'active' order by p.email limit 1`);
    const readerCtx = await browser.newContext({ locale: 'zh-CN', viewport: phone });
    const rp = await readerCtx.newPage();
    await signInAsEmployee(rp, reader.email);
    await rp.goto('/');
    await expect(rp.getByTestId('todo-group').filter({ hasText: '待确认' })).toContainText(subject);
    await rp.getByTestId('home-latest').getByTestId('home-item').filter({ hasText: subject }).click();
    await expect(rp.getByTestId('announcement-title')).toContainText(subject);
    await rp.getByTestId('acknowledge').click();
    await expect(rp.getByTestId('acked-note')).toBeVisible();
    await rp.goto('/');
    await expect(rp.getByTestId('workbench')).not.toContainText(subject);
    await rp.goBack();
    expect(await rp.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);

    // 5. The author sees the change.
    await author.reload();
    await expect(author.getByTestId('reach-acked')).toContainText('1 (');
    const [row] = await query(`select r.read_channel from announcement_recipient r join person p on p.id = r.person_id where p.email = $1 and r.announcement_id = $2`, [reader.email, url.split('/').pop()]);
    expect(row.read_channel).toBe('web');

    // 6. Outside the audience: an employee of Sales and a supplier's member get "not found" by URL.
    const outCtx = await browser.newContext({ locale: 'en-US' });
    const out = await outCtx.newPage();
    await signInAsEmployee(out, 'song.jia@xinghai.example');
    expect((await out.goto(url))?.status()).toBe(404);
    expect((await out.goto(`${url}/reach`))?.status()).toBe(404);
    const partnerCtx = await browser.newContext({ locale: 'zh-CN' });
    const partner = await partnerCtx.newPage();
    await signInAsPartner(partner, 'zhou.li@hengtong.example');
    expect((await partner.goto(url))?.status()).toBe(404);
    await partner.goto('/announcements');
    await expect(partner.getByText(subject)).toHaveCount(0);
    for (const c of [authorCtx, headCtx, readerCtx, outCtx, partnerCtx]) await c.close();
  });

  test('a script in the body never runs', async ({ browser }) => {
    const ctx = await browser.newContext({ locale: 'en-US' });
    const page = await ctx.newPage();
    let dialogs = 0;
    page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
    await signInAsEmployee(page, 'li.na@xinghai.example');
    await page.goto('/announcements/new');
    const title = `Sanitiser ${Date.now()}`;
    await page.getByTestId('compose-title').fill(title);
    await page.getByTestId('compose-body').fill([
      'Hello **world**',
      '',
      '<script>window.__pwned = 1; alert(1)</script>',
      '',
      '<img src="x" onerror="window.__pwned = 2; alert(2)">',
      '',
      '[click me](javascript:window.__pwned=3)',
      '',
      '<p style="position:fixed;inset:0;background:red" onclick="alert(4)">styled</p>',
    ].join('\n'));
    await page.getByTestId('compose-preview').click();
    await expect(page.getByTestId('compose-preview-pane').locator('strong')).toHaveText('world');
    await page.getByTestId('compose-preview').click();
    await pick(page, 'audience-people', ['李娜 · Li Na', 'Li Na · 李娜'], 'li.na@xinghai.example');
    await page.getByTestId('compose-send').click();
    await page.waitForURL(/\/announcements\/[0-9a-f-]{36}$/);
    const body = page.getByTestId('announcement-body');
    await expect(body.locator('strong')).toHaveText('world');
    await expect(body.locator('script, img, [style], [onclick], [onerror]')).toHaveCount(0);
    const href = await body.getByText('click me').getAttribute('href');
    expect(href ?? '').not.toContain('javascript');
    await body.getByText('click me').click().catch(() => {});
    await body.getByText('styled').click();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toBe(0);
    await ctx.close();
  });
});
