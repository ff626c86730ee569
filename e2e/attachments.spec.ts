import { htmlBytes, pdfBytes } from '../lib/files/test-files';
import { expect, phone, pick, query, signInAsEmployee, signInAsPartner, snap, test } from './fixtures';

/**
 * Attachments end to end: a disguised file is refused with a clear message and nothing typed is
 * lost; an author attaches a PDF and a Chinese-named text file; an audience member downloads them
 * (exact name, type, bytes, safe headers); an outsider and a partner get 404 by URL; a draft's
 * attachment is removed while revising.
 */
test.describe('announcement attachments', () => {
  test('attach, refuse a disguised file, download as audience, 404 for outsiders', async ({ browser }) => {
    const title = `附件测试 ${Date.now()}`;
    const pdf = pdfBytes('Plaza attachment test');
    const txt = Buffer.from('设备清单\n1. 冲压机\n2. 传送带\n', 'utf8');

    // 1. 李娜 (communications officer, Chinese) writes to 刘洋; first she picks an HTML page named .pdf.
    const authorCtx = await browser.newContext({ locale: 'zh-CN' });
    const author = await authorCtx.newPage();
    await signInAsEmployee(author, 'li.na@xinghai.example');
    await author.goto('/announcements/new');
    await author.getByTestId('compose-title').fill(title);
    await pick(author, 'audience-people', ['刘洋 · Liu Yang', 'Liu Yang · 刘洋'], 'liu.yang@xinghai.example');
    await author.getByTestId('compose-attachments').setInputFiles([
      { name: '季度报告.pdf', mimeType: 'application/pdf', buffer: htmlBytes() },
    ]);
    await author.getByTestId('compose-send').click();
    await expect(author.getByTestId('error-attachments')).toHaveText('“季度报告.pdf”并不是真正的 PDF 文件：内容与文件名不符，未添加。');
    await expect(author.getByTestId('attachments-reselect')).toBeVisible();
    await expect(author.getByTestId('compose-title')).toHaveValue(title);
    await expect(author.getByTestId('audience-people').getByTestId('picker-chosen')).toContainText('刘洋');
    expect(await query('select id from announcement where title = $1', [title])).toHaveLength(0);

    // 2. The real files: published at once, listed on the page.
    await author.getByTestId('compose-attachments').setInputFiles([
      { name: 'safety-rules.pdf', mimeType: 'application/pdf', buffer: pdf },
      // The browser's claimed type is ignored: the content decides.
      { name: '设备清单.txt', mimeType: 'application/octet-stream', buffer: txt },
    ]);
    await author.getByTestId('compose-send').click();
    await author.waitForURL(/\/announcements\/[0-9a-f-]{36}$/);
    const url = new URL(author.url()).pathname;
    const links = author.getByTestId('attachment-link');
    await expect(links).toHaveText(['safety-rules.pdf', '设备清单.txt']);
    await expect(author.getByTestId('attachment').first()).toContainText('PDF');
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.every((h) => /^\/api\/files\/[0-9a-f-]{36}$/.test(h))).toBe(true);
    const [pdfHref, txtHref] = hrefs;

    // 3. 刘洋, in the audience, on a phone: sees the files, downloads them.
    const readerCtx = await browser.newContext({ locale: 'zh-CN', viewport: phone });
    const reader = await readerCtx.newPage();
    await signInAsEmployee(reader, 'liu.yang@xinghai.example');
    await reader.goto(url);
    await expect(reader.getByTestId('attachment-link')).toHaveText(['safety-rules.pdf', '设备清单.txt']);
    expect(await reader.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    const [download] = await Promise.all([reader.waitForEvent('download'), reader.getByTestId('attachment-link').nth(1).click()]);
    expect(download.suggestedFilename()).toBe('设备清单.txt');

    const res = await reader.request.get(txtHref);
    expect(res.status()).toBe(200);
    const h = res.headers();
    expect(h['content-disposition']).toBe(`attachment; filename="____.txt"; filename*=UTF-8''${encodeURIComponent('设备清单.txt')}`);
    expect(h['content-type']).toBe('text/plain; charset=utf-8');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(h['cache-control']).toContain('private');
    expect(Buffer.from(await res.body()).equals(txt)).toBe(true);
    const pdfRes = await reader.request.get(pdfHref);
    expect(pdfRes.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.from(await pdfRes.body()).equals(pdf)).toBe(true);

    // 4. Outside the audience: an employee of Sales and a supplier's member get 404 by URL; so do bad ids.
    const outCtx = await browser.newContext({ locale: 'en-US' });
    const out = await outCtx.newPage();
    await signInAsEmployee(out, 'song.jia@xinghai.example');
    for (const href of [pdfHref, txtHref, '/api/files/not-a-uuid', '/api/files/00000000-0000-0000-0000-000000000000']) {
      expect((await out.request.get(href)).status()).toBe(404);
    }
    const partnerCtx = await browser.newContext({ locale: 'zh-CN' });
    const partner = await partnerCtx.newPage();
    await signInAsPartner(partner, 'zhou.li@hengtong.example');
    expect((await partner.request.get(pdfHref)).status()).toBe(404);
    // Signed out: nothing either.
    const anon = await browser.newContext();
    expect((await anon.request.get(pdfHref)).status()).toBe(401);
    for (const c of [authorCtx, readerCtx, outCtx, partnerCtx, anon]) await c.close();
  });

  test('a draft: attach, then remove while revising (English, phone)', async ({ browser }) => {
    const ctx = await browser.newContext({ locale: 'en-US', viewport: phone });
    const page = await ctx.newPage();
    await signInAsEmployee(page, 'li.na@xinghai.example');
    await query(`update person set locale = null where email = 'li.na@xinghai.example'`);
    const title = `Attachment draft ${Date.now()}`;
    await page.goto('/announcements/new');
    await page.getByTestId('compose-title').fill(title);
    await pick(page, 'audience-people', ['李娜 · Li Na', 'Li Na · 李娜'], 'li.na@xinghai.example');
    await page.getByTestId('compose-attachments').setInputFiles([
      { name: 'agenda.pdf', mimeType: 'application/pdf', buffer: pdfBytes('agenda') },
      { name: 'notes.md', mimeType: 'text/markdown', buffer: Buffer.from('# Notes\n', 'utf8') },
    ]);
    await page.getByTestId('compose-draft').click();
    await page.waitForURL(/\/announcements\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('attachment-link')).toHaveText(['agenda.pdf', 'notes.md']);
    const [fileId] = await query<{ id: string }>(`select f.id from stored_file f join announcement_attachment aa on aa.file_id = f.id join announcement a on a.id = aa.announcement_id where a.title = $1 and f.filename = 'agenda.pdf'`, [title]);

    await page.getByTestId('revise-link').click();
    await expect(page.getByTestId('compose-attachment')).toHaveCount(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    await page.getByTestId('compose-attachments-fieldset').scrollIntoViewIfNeeded();
    await snap(page, 'attachments-compose-phone');
    await page.getByTestId('compose-attachment').filter({ hasText: 'agenda.pdf' }).getByTestId('compose-attachment-remove').check();
    await page.getByTestId('compose-draft').click();
    await page.waitForURL(/\/announcements\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('attachment-link')).toHaveText(['notes.md']);
    await snap(page, 'attachments-detail-phone');
    expect(await query('select id from stored_file where id = $1', [fileId.id])).toHaveLength(0);
    expect((await page.request.get(`/api/files/${fileId.id}`)).status()).toBe(404);
    await ctx.close();
  });
});
