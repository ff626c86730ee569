import { pdfBytes, pngBytes } from '../lib/files/test-files';
import { expect, expectAccessible, phone, pick, query, signInAsEmployee, snap, test } from './fixtures';

/**
 * Issue 14, compose and news: chosen files survive a refused submission, the audience is
 * counted before publishing, a cover image and summary show on the homepage news (categories as
 * tabs), PDFs preview inline in a sandboxed frame, and a draft offers edit, submit and delete.
 */
// The demo people's language follows their browser again afterwards (later specs expect it).
test.afterAll(async () => {
  await query(`update person set locale = null where email in ('li.na@xinghai.example', 'liu.yang@xinghai.example')`);
});

for (const locale of ['zh-CN', 'en'] as const) {
  const zh = locale === 'zh-CN';
  test.describe(`compose and news (${locale})`, () => {
    test.use({ locale });

    test('files and cover kept after a refusal; audience counted; cover and summary in the news; PDF preview', async ({ browser }) => {
      test.slow();
      const stamp = `${Date.now()}`;
      const title = zh ? `封面通知 ${stamp}` : `Cover notice ${stamp}`;
      const summary = zh ? `一句话摘要 ${stamp}` : `One-line summary ${stamp}`;
      const ctx = await browser.newContext({ locale });
      const author = await ctx.newPage();
      await signInAsEmployee(author, 'li.na@xinghai.example');
      await query(`update person set locale = $1 where email = 'li.na@xinghai.example'`, [locale]);
      await author.goto('/announcements/new');

      // The audience is counted on the server as it is chosen.
      await pick(author, 'audience-units', ['装配一组', 'Assembly Team 1']);
      await expect.poll(async () => Number(await author.getByTestId('audience-count').getAttribute('data-count')), { timeout: 15_000 }).toBeGreaterThan(0);
      const teamCount = Number(await author.getByTestId('audience-count').getAttribute('data-count'));
      await expect(author.getByTestId('audience-count')).toContainText(String(teamCount));
      await pick(author, 'audience-people', ['李娜 · Li Na', 'Li Na · 李娜'], 'li.na@xinghai.example');
      await expect.poll(async () => Number(await author.getByTestId('audience-count').getAttribute('data-count')), { timeout: 15_000 }).toBe(teamCount + 1);

      // Files and a cover chosen, the title forgotten: refused, and nothing chosen is lost.
      await author.getByTestId('compose-summary').fill(summary);
      await author.getByTestId('compose-attachments').setInputFiles([{ name: 'agenda.pdf', mimeType: 'application/pdf', buffer: pdfBytes('agenda') }]);
      await author.getByTestId('compose-cover').setInputFiles([{ name: 'cover.png', mimeType: 'image/png', buffer: pngBytes() }]);
      await author.getByTestId('compose-send').click();
      await expect(author.getByTestId('error-title')).toBeVisible();
      await expect(author.getByTestId('compose-pending-attachment')).toContainText('agenda.pdf');
      await expect(author.getByTestId('compose-cover-current')).toContainText('cover.png');
      await expect(author.getByTestId('compose-summary')).toHaveValue(summary);
      await expect(author.getByTestId('audience-people').getByTestId('picker-chosen')).toHaveCount(1);
      await expect.poll(async () => Number(await author.getByTestId('audience-count').getAttribute('data-count')), { timeout: 15_000 }).toBe(teamCount + 1);
      await expectAccessible(author);
      await snap(author, `compose-${locale}-kept-files`);
      await author.setViewportSize(phone);
      await snap(author, `compose-${locale}-kept-files-phone`);
      expect(await author.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
      await author.setViewportSize({ width: 1366, height: 900 });

      await author.getByTestId('compose-title').fill(title);
      await author.getByTestId('compose-send').click();
      await author.waitForURL(/\/announcements\/[0-9a-f-]{36}$/);
      await expect(author.getByTestId('attachment-link')).toHaveText(['agenda.pdf']);
      await expect(author.getByTestId('announcement-cover')).toBeVisible();

      // The PDF previews inline in a sandboxed frame; the file route serves it inline, sandboxed, not sniffed.
      await author.getByTestId('pdf-preview').locator('summary').click();
      const frame = author.getByTestId('pdf-preview-frame');
      await expect(frame).toHaveAttribute('sandbox', '');
      const src = (await frame.getAttribute('src'))!;
      expect(src).toMatch(/^\/api\/files\/[0-9a-f-]{36}\?inline=1$/);
      const res = await author.request.get(src);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toBe('application/pdf');
      expect(res.headers()['content-disposition']).toMatch(/^inline;/);
      expect(res.headers()['content-security-policy']).toMatch(/^sandbox; default-src 'none'; frame-ancestors 'self'$/);
      expect(res.headers()['x-content-type-options']).toBe('nosniff');
      await expectAccessible(author);
      await snap(author, `compose-${locale}-detail-preview`);
      await author.setViewportSize(phone);
      await snap(author, `compose-${locale}-detail-preview-phone`);
      await author.setViewportSize({ width: 1366, height: 900 });

      // 刘洋, in the team: the cover and summary on the homepage news; the category tabs are links.
      const readerCtx = await browser.newContext({ locale });
      const reader = await readerCtx.newPage();
      await signInAsEmployee(reader, 'liu.yang@xinghai.example');
      await query(`update person set locale = $1 where email = 'liu.yang@xinghai.example'`, [locale]);
      await reader.goto('/');
      const item = reader.getByTestId('home-news-item').filter({ hasText: title });
      await expect(item.getByTestId('home-item-summary')).toHaveText(summary);
      await expect(item.getByTestId('home-item-cover')).toBeVisible();
      expect(await item.getByTestId('home-item-cover').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
      await reader.getByTestId('news-tab-decision').click();
      await expect(reader).toHaveURL(/\?news=decision$/);
      await expect(reader.getByTestId('news-tab-decision')).toHaveAttribute('aria-current', 'page');
      await expect(reader.getByTestId('home-news-item').filter({ hasText: title })).toHaveCount(0);
      await reader.getByTestId('news-tab-notice').click();
      await expect(reader.getByTestId('home-news-item').filter({ hasText: title })).toHaveCount(1);
      await expectAccessible(reader);
      await snap(reader, `home-${locale}-news`);
      await reader.setViewportSize(phone);
      await snap(reader, `home-${locale}-news-phone`);
      expect(await reader.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
      await reader.goto('/announcements');
      await expect(reader.getByTestId('list-item-summary').filter({ hasText: summary })).toHaveCount(1);
      await snap(reader, `announcements-${locale}-list-phone`);
      await reader.setViewportSize({ width: 1366, height: 900 });
      await snap(reader, `announcements-${locale}-list`);
      await readerCtx.close();
      await ctx.close();
    });

    test('a never-submitted draft offers edit, submit and delete — not withdraw', async ({ page }) => {
      const title = zh ? `草稿 ${Date.now()}` : `Draft ${Date.now()}`;
      await signInAsEmployee(page, 'liu.yang@xinghai.example');
      await page.goto('/announcements/new');
      await page.getByTestId('compose-title').fill(title);
      await pick(page, 'audience-units', ['装配一组', 'Assembly Team 1']);
      await page.getByTestId('compose-draft').click();
      await page.waitForURL(/\/announcements\/[0-9a-f-]{36}$/);
      await expect(page.getByTestId('revise-link')).toBeVisible();
      await expect(page.getByTestId('submit-draft')).toBeVisible();
      await expect(page.getByTestId('delete-draft-toggle')).toBeVisible();
      await expect(page.getByTestId('withdraw-form')).toHaveCount(0);
      await expectAccessible(page);
      await snap(page, `draft-${locale}`);
      await page.setViewportSize(phone);
      await snap(page, `draft-${locale}-phone`);
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.getByTestId('delete-draft-toggle').click();
      await page.getByTestId('delete-draft').click();
      await page.waitForURL(/\/announcements\?mine=authored&deleted=1$/);
      await expect(page.getByTestId('draft-deleted')).toBeVisible();
      const id = await query<{ id: string }>('select id from announcement where title = $1', [title]);
      expect(id).toHaveLength(0);
      const audit = await query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'announcement.delete_draft' and target_label = $1`, [title]);
      expect(audit[0].n).toBe(1);
    });
  });
}
