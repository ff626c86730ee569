import { readFileSync } from 'node:fs';
import path from 'node:path';
import { htmlBytes } from '../lib/files/test-files';
import { expect, expectAccessible, phone, phoneLayoutProblems, query, signInAsEmployee, snap, test } from './fixtures';

const fixture = (name: string) => readFileSync(path.join(process.cwd(), 'lib', 'kb', 'fixtures', name));
const desktop = { width: 1366, height: 900 };

test.beforeAll(async () => {
  await query(`update person set locale = null where email = $1`, ['zhang.wei@xinghai.example']);
});

/**
 * Import into a space, in both languages: a hostile upload is refused with a message and imports
 * nothing; then a ZIP of Markdown (folders, links between files, an image, a GB18030 folder name
 * from Windows) and a Word document; the report lists every file; the imported article shows its
 * image and its link opens the other imported article.
 */
for (const locale of ['zh-CN', 'en'] as const) {
  test(`knowledge base import (${locale})`, async ({ browser }) => {
    test.setTimeout(300_000);
    const ctx = await browser.newContext({ locale, viewport: desktop });
    const page = await ctx.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await signInAsEmployee(page, 'zhang.wei@xinghai.example');
    const stamp = Date.now();

    await page.goto('/kb/new');
    await page.getByTestId('space-name').fill(`${locale === 'en' ? 'Shared drive' : '共享盘'} ${stamp}`);
    await page.getByTestId('space-save').click();
    await page.waitForURL(/\/kb\/spaces\/[0-9a-f-]{36}$/);
    const spaceId = page.url().split('/').pop()!;

    await page.getByTestId('space-import').click();
    await page.waitForURL(new RegExp(`/kb/spaces/${spaceId}/import$`));
    await expect(page.getByTestId('kb-import-title')).toContainText(locale === 'en' ? 'Import into' : '导入到');
    await expectAccessible(page);
    await snap(page, `kb-import-${locale}`);
    await page.setViewportSize(phone);
    await snap(page, `kb-import-${locale}-phone`);
    expect(await phoneLayoutProblems(page)).toEqual([]);
    await page.setViewportSize(desktop);

    // Hostile: a web page named .zip. A clear message; nothing imported.
    await page.getByTestId('kb-import-files').setInputFiles({ name: 'evil.zip', mimeType: 'application/zip', buffer: htmlBytes() });
    await page.getByTestId('kb-import-submit').click();
    await expect(page.getByTestId('error-files')).toContainText('evil.zip');
    await expect(page.getByTestId('error-files')).toContainText(locale === 'en' ? 'not a readable ZIP' : '不是可读取的 ZIP');
    const none = await query<{ n: number }>(`select count(*)::int as n from kb_article where space_id = $1`, [spaceId]);
    expect(none[0].n).toBe(0);

    // The real thing: a ZIP of Markdown and a Word document.
    await page.getByTestId('kb-import-files').setInputFiles([
      { name: 'handbook.zip', mimeType: 'application/zip', buffer: fixture('handbook.zip') },
      { name: '设备点检规程.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: fixture('inspection.docx') },
    ]);
    await page.getByTestId('kb-import-submit').click();
    await expect(page.getByTestId('kb-import-summary')).toContainText(locale === 'en' ? 'Imported 4 articles, 3 folders and 2 files' : '已导入 4 篇文章、3 个文件夹和 2 个文件');
    const rows = page.getByTestId('kb-import-row');
    await expect(rows.filter({ hasText: 'tools.exe' })).toHaveAttribute('data-outcome', 'rejected');
    await expect(rows.filter({ hasText: '安全/规定.md' })).toHaveAttribute('data-outcome', 'created');
    await expectAccessible(page);
    await snap(page, `kb-import-report-${locale}`);
    await page.setViewportSize(phone);
    await snap(page, `kb-import-report-${locale}-phone`);
    expect(await phoneLayoutProblems(page)).toEqual([]);
    await page.setViewportSize(desktop);

    // The imported article: its image loads (an authorized inline file), its link opens the other article.
    await rows.filter({ hasText: 'Handbook/Onboarding.md' }).getByRole('link').click();
    await expect(page.getByTestId('article-heading')).toHaveText('Onboarding');
    const body = page.getByTestId('article-body-html');
    const img = body.locator('img');
    await expect(img).toHaveAttribute('src', /^\/api\/files\/[0-9a-f-]{36}\?inline=1$/);
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(240);
    await expect(body.locator('table')).toContainText('领取工牌');
    await snap(page, `kb-imported-article-${locale}`);
    await body.getByRole('link', { name: 'expense claims' }).click();
    await page.waitForURL(/\/kb\/articles\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('article-heading')).toHaveText('Expense claims');
    await page.getByTestId('article-body-html').getByRole('link', { name: 'Onboarding' }).click();
    await expect(page.getByTestId('article-heading')).toHaveText('Onboarding');
    // The folder structure came along.
    await page.goto(`/kb/spaces/${spaceId}`);
    await expect(page.getByTestId('space-folders')).toContainText('Handbook');
    await expect(page.getByTestId('space-folders')).toContainText('安全');
    expect(dialogs).toEqual([]);
    await ctx.close();
  });
}
