import { expect, expectAccessible, phone, query, signInAsEmployee, signInAsPartner, snap, test } from './fixtures';

/**
 * The mail outbox is for admins (issue 7 item 1): anonymous visitors are sent to sign in,
 * employees get 403, partners 404. A partner sign-in mail is stored with its token redacted; the
 * admin sees the working link only while it is valid (issue 7 item 4, decision 1100).
 */
test.describe('mail outbox', () => {
  test('anonymous: sign-in, never the mail', async ({ request, page }) => {
    const res = await request.get('/outbox', { maxRedirects: 0 });
    expect([302, 303, 307]).toContain(res.status());
    expect(res.headers().location).toMatch(/\/sign-in/);
    const [mail] = await query<{ id: string }>('select id from mail_outbox order by created_at desc limit 1');
    if (mail) {
      const one = await request.get(`/outbox/${mail.id}`, { maxRedirects: 0 });
      expect(one.status()).not.toBe(200);
    }
    await page.goto('/outbox');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('an employee gets 403, a partner 404', async ({ browser }) => {
    const e = await browser.newContext();
    const ep = await e.newPage();
    await signInAsEmployee(ep, 'liu.yang@xinghai.example');
    expect((await ep.goto('/outbox'))?.status()).toBe(403);
    await e.close();
    const p = await browser.newContext();
    const pp = await p.newPage();
    await signInAsPartner(pp, 'zhou.li@hengtong.example');
    expect((await pp.goto('/outbox'))?.status()).toBe(404);
    await p.close();
  });

  for (const locale of ['zh-CN', 'en'] as const) {
    test(`an admin reads it; a sign-in mail shows the live link, never a stored token (${locale})`, async ({ browser }) => {
      test.slow(); // two sign-ins, two pages at two widths with accessibility checks
      const partner = await browser.newContext();
      const before = new Date(Date.now() - 1000);
      await query('delete from rate_limit').catch(() => {});
      const pp = await partner.newPage();
      await pp.goto('/partner/sign-in');
      await pp.locator('input[name="email"]').fill('sun.qiang@hualian.example');
      await pp.getByTestId('partner-sign-in-submit').click();
      await expect(pp.getByTestId('partner-sign-in-sent')).toBeVisible();
      await expect.poll(async () => (await query('select 1 from mail_outbox_live_link l join mail_outbox m on m.id = l.mail_id where l.to_email = $1 and m.created_at > $2', ['sun.qiang@hualian.example', before])).length).toBe(1);
      const [stored] = await query<{ id: string; text: string; html: string }>(`select id, text, html from mail_outbox where to_email = 'sun.qiang@hualian.example' and created_at > $1`, [before]);
      expect(stored.text).toContain('token=REDACTED');

      const ctx = await browser.newContext({ locale });
      const page = await ctx.newPage();
      await signInAsEmployee(page, 'wang.lei@xinghai.example');
      await page.goto('/outbox');
      await expect(page.getByTestId('outbox-table')).toBeVisible();
      await expect(page.getByTestId('outbox-demo-banner')).toHaveCount(0);
      await expectAccessible(page);
      await page.setViewportSize({ width: 1366, height: 800 });
      await snap(page, `outbox-${locale}`);
      await page.setViewportSize(phone);
      await snap(page, `outbox-${locale}-phone`);
      await page.setViewportSize({ width: 1366, height: 800 });

      await page.goto(`/outbox/${stored.id}`);
      const live = page.getByTestId('outbox-live-link');
      await expect(live).toBeVisible();
      const href = await live.locator('a').getAttribute('href');
      expect(href).toMatch(/token=[0-9a-f]{32,}/);
      await expect(page.getByTestId('mail-text')).toContainText('token=REDACTED');
      await snap(page, `outbox-mail-${locale}`);
      await page.setViewportSize(phone);
      await snap(page, `outbox-mail-${locale}-phone`);
      // The page around the mail: axe cannot run inside the sandboxed frame that holds the mail's
      // own HTML (no scripts there; it waits for ever), and mails are checked in emails/ tests.
      await page.evaluate(() => document.querySelector('iframe')?.remove());
      await expectAccessible(page);

      // Used: the partner signs in with it, and the outbox no longer shows it.
      await pp.goto(href!);
      await pp.getByTestId('partner-confirm').click();
      await pp.waitForURL((u) => u.pathname === '/partner');
      await page.reload();
      await expect(page.getByTestId('outbox-live-link')).toHaveCount(0);
      await partner.close();
      await ctx.close();
    });
  }
});
