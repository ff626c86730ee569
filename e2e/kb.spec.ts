import { htmlBytes, pdfBytes } from '../lib/files/test-files';
import { expect, expectAccessible, phone, query, signInAsEmployee, signInAsPartner, snap, test } from './fixtures';

// Earlier specs may have saved a language for these people: the browser's language decides here.
test.beforeAll(async () => {
  await query(`update person set locale = null where email = any($1)`, [['chen.gang@hengtong.example', 'liu.yang@xinghai.example', 'zhang.wei@xinghai.example']]);
});

/**
 * The knowledge base end to end, in both languages: a space with a restricted folder, an article
 * written and edited (a stale save refused), versions compared and restored, a Chinese search,
 * required reading acknowledged; Markdown with script never runs; partners see none of it.
 */
test('knowledge base: space, restricted folder, versions, compare, restore, search, acknowledge', async ({ browser }) => {
  test.setTimeout(900_000);
  const stamp = Date.now();
  const spaceName = `生产安全 ${stamp}`;
  const title = `设备故障处理 ${stamp}`;

  const ownerCtx = await browser.newContext({ locale: 'zh-CN' });
  const owner = await ownerCtx.newPage();
  const xss: string[] = [];
  owner.on('dialog', (d) => { xss.push(d.message()); void d.dismiss(); });
  await signInAsEmployee(owner, 'zhang.wei@xinghai.example');

  // A space every employee reads.
  await owner.goto('/kb');
  await expectAccessible(owner);
  await owner.getByTestId('kb-new-space').click();
  await owner.getByTestId('space-save').click(); // no name: a message, nothing created
  await expect(owner.getByTestId('error-name')).toBeVisible();
  await owner.getByTestId('space-name').fill(spaceName);
  await expectAccessible(owner);
  await owner.getByTestId('space-save').click();
  await owner.waitForURL(/\/kb\/spaces\/[0-9a-f-]{36}$/);
  const spaceUrl = owner.url();

  // A folder only Production (and its teams) may read.
  await owner.getByTestId('space-new-folder').click();
  await owner.getByTestId('folder-name').fill(`内部规程 ${stamp}`);
  await owner.getByTestId('view-inherit').uncheck();
  await owner.getByTestId('view-units-input').fill('生产部');
  await owner.getByTestId('picker-option').first().click();
  await owner.getByTestId('folder-save').click();
  await owner.waitForURL(/\/kb\/folders\/[0-9a-f-]{36}$/);

  // An article: a javascript: link is refused with a message and the text kept; script is stripped.
  await owner.getByTestId('folder-new-article').click();
  await owner.getByTestId('article-title').fill(title);
  const body = '# 概述\n\n停机后报告主管。\n\n## 步骤\n\n1. 停机\n2. 报告\n\n<script>alert("xss")</script><img src=x onerror="alert(1)">';
  await owner.getByTestId('article-body').fill(`${body}\n\n[点我](javascript:alert(1))`);
  await expect(owner.getByTestId('article-preview')).toContainText('停机后报告主管');
  await owner.getByTestId('article-save').click();
  await expect(owner.getByTestId('error-body')).toContainText('javascript:');
  await expect(owner.getByTestId('article-body')).toHaveValue(/停机后报告主管/);
  await owner.getByTestId('article-body').fill(body);
  await owner.getByTestId('article-save').click();
  await owner.waitForURL(/\/kb\/articles\/[0-9a-f-]{36}$/);
  const articleUrl = owner.url();
  await expect(owner.getByTestId('article-heading')).toHaveText(title);
  await expect(owner.getByTestId('article-outline')).toContainText('步骤');
  await expect(owner.getByTestId('article-body-html').locator('script, img[onerror]')).toHaveCount(0);
  await expectAccessible(owner);
  await snap(owner, 'kb-article-zh-1366');

  // Edit → version 2. Then two editors open version 2; the second save is refused.
  await owner.getByTestId('article-edit').click();
  await owner.getByTestId('article-body').fill(`${body}\n\n补充：通知设备科。`);
  await owner.getByTestId('article-summary').fill('补充通知');
  await owner.getByTestId('article-save').click();
  await owner.waitForURL(articleUrl);
  const second = await ownerCtx.newPage();
  await second.goto(`${articleUrl}/edit`);
  await owner.goto(`${articleUrl}/edit`);
  await owner.getByTestId('article-body').fill(`${body}\n\n补充：通知设备科和安全员。`);
  await owner.getByTestId('article-save').click();
  await owner.waitForURL(articleUrl);
  await second.getByTestId('article-body').fill('我的另一份修改');
  await second.getByTestId('article-save').click();
  await expect(second.getByTestId('article-conflict')).toContainText('第 3 版');
  await expect(second.getByTestId('article-body')).toHaveValue('我的另一份修改');
  await expect(second.getByTestId('conflict-compare')).toHaveAttribute('href', /compare\?from=2&to=latest/);
  await second.close();

  // History, compare v1 → v3, restore v1 (version 4).
  await owner.goto(`${articleUrl}/history`);
  await expect(owner.getByTestId('versions').locator('tbody tr')).toHaveCount(3);
  await owner.getByTestId('compare-from').selectOption('1');
  await owner.getByTestId('compare-to').selectOption('3');
  await owner.getByTestId('compare-submit').click();
  await expect(owner.getByTestId('diff').getByTestId('diff-add').first()).toContainText('通知设备科');
  await expectAccessible(owner);
  await snap(owner, 'kb-compare-zh-1366');
  await owner.getByTestId('compare-side').click();
  await expect(owner.getByTestId('diff-side-to').getByTestId('diff-add').first()).toContainText('通知设备科');
  await expect(owner.getByTestId('diff-side-from')).not.toContainText('通知设备科');
  await expectAccessible(owner);
  await snap(owner, 'kb-compare-side-zh-1366');
  await owner.goto(`${articleUrl}/versions/1`);
  await owner.getByTestId('restore').click();
  await owner.waitForURL(`${articleUrl}/history`);
  await expect(owner.getByTestId('version-4')).toContainText('从第 1 版恢复');

  // Attachments: hostile files are refused with a message (an SVG with script, an HTML page, an
  // HTML page named .pdf, a name with path tricks keeps only its last part); a PDF goes up and
  // comes down as an attachment with a sandbox CSP; its name is searchable.
  await owner.goto(articleUrl);
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>', 'utf8');
  for (const [name, buffer, message] of [
    ['logo.svg', svg, '不支持此类文件'], ['page.html', htmlBytes(), '不支持此类文件'], ['报告.pdf', htmlBytes(), '并不是真正的 PDF 文件'],
  ] as const) {
    await owner.getByTestId('files-input').setInputFiles({ name, mimeType: 'application/pdf', buffer });
    await owner.getByTestId('files-submit').click();
    await expect(owner.getByTestId('error-files')).toContainText(message);
    await expect(owner.getByTestId('article-file')).toHaveCount(0);
  }
  const fileName = `巡检表${stamp}.pdf`;
  await owner.getByTestId('files-input').setInputFiles({ name: `../../etc/${fileName}`, mimeType: 'application/pdf', buffer: pdfBytes('inspection') });
  await owner.getByTestId('files-submit').click();
  await expect(owner.getByTestId('article-file-link')).toHaveText(fileName);
  await expectAccessible(owner);
  await snap(owner, 'kb-article-files-zh-1366');
  await owner.setViewportSize(phone);
  await expectAccessible(owner);
  await snap(owner, 'kb-article-files-zh-390');
  await owner.setViewportSize({ width: 1366, height: 900 });
  const href = await owner.getByTestId('article-file-link').getAttribute('href');
  const download = await owner.request.get(href!);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-disposition']).toMatch(/^attachment;/);
  expect(download.headers()['content-security-policy']).toContain('sandbox');
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect((await download.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const [dl] = await Promise.all([owner.waitForEvent('download'), owner.getByTestId('article-file-link').click()]);
  expect(dl.suggestedFilename()).toBe(fileName);
  await owner.goto(`/search?q=${encodeURIComponent(`巡检表${stamp}`)}`);
  await expect(owner.getByTestId('search-hit-title').filter({ hasText: title })).toHaveCount(1);

  // Search in Chinese from the header, on another page.
  await owner.goto(spaceUrl);
  await owner.getByTestId('header-search-q').fill('设备故障');
  await owner.getByTestId('header-search-q').press('Enter');
  await owner.waitForURL(/\/search\?q=/);
  await expect(owner.getByTestId('search-hit-title').filter({ hasText: title })).toHaveCount(1);
  await expect(owner.getByTestId('search-hit-title').filter({ hasText: title }).locator('mark').first()).toHaveText('设备故障');
  await expectAccessible(owner);
  await snap(owner, 'kb-search-zh-1366');

  // Required reading for every employee.
  await owner.goto(articleUrl);
  await owner.getByTestId('required-panel').locator('summary').click();
  await owner.getByTestId('required-everyone').check();
  await owner.getByTestId('required-submit').click();
  await expect(owner.getByTestId('form-success')).toBeVisible();

  // 刘洋 (English, phone) — in a Production team — reads it, searches it, acknowledges.
  const readerCtx = await browser.newContext({ locale: 'en-US', viewport: phone });
  const reader = await readerCtx.newPage();
  reader.on('dialog', (d) => { xss.push(d.message()); void d.dismiss(); });
  await signInAsEmployee(reader, 'liu.yang@xinghai.example');
  await reader.goto(`/search?q=${encodeURIComponent('故障')}`);
  await expect(reader.getByTestId('search-hit-title').filter({ hasText: title })).toHaveCount(1);
  await expectAccessible(reader);
  await snap(reader, 'kb-search-en-390');
  await reader.goto(articleUrl);
  await expect(reader.getByTestId('required-banner')).toBeVisible();
  await expectAccessible(reader);
  await snap(reader, 'kb-article-en-390');
  await reader.getByTestId('ack').click();
  await expect(reader.getByTestId('ack-done')).toContainText('version 4');
  await reader.goto('/kb');
  await expectAccessible(reader);
  await snap(reader, 'kb-home-en-390');

  // The owner sees who acknowledged which version.
  await owner.goto(`${articleUrl}/acks`);
  await expect(owner.getByTestId('ack-table')).toContainText('刘洋');
  await expectAccessible(owner);

  // A partner reaches none of it: not the space, not the article, not a search hit.
  const partnerCtx = await browser.newContext({ locale: 'zh-CN' });
  const partner = await partnerCtx.newPage();
  await signInAsPartner(partner, 'chen.gang@hengtong.example');
  expect((await partner.goto(articleUrl))?.status()).toBe(404);
  expect((await partner.goto(spaceUrl))?.status()).toBe(404);
  await partner.goto(`/search?q=${encodeURIComponent('设备故障')}`);
  await expect(partner.getByTestId('search-hit-title').filter({ hasText: title })).toHaveCount(0);

  // The file is as invisible to the partner as the article.
  expect((await partner.request.get(href!)).status()).toBe(404);

  // The owner, in English on a phone, compares side by side and deletes the article (title typed to confirm).
  const enCtx = await browser.newContext({ locale: 'en-US', viewport: phone });
  const en = await enCtx.newPage();
  en.on('dialog', (d) => { xss.push(d.message()); void d.dismiss(); });
  await signInAsEmployee(en, 'zhang.wei@xinghai.example');
  await en.setViewportSize({ width: 1366, height: 900 });
  await en.goto(`${articleUrl}/compare?from=1&to=3&view=side`);
  await snap(en, 'kb-compare-side-en-1366');
  await en.goto(articleUrl);
  await expect(en.getByTestId('article-file-link')).toHaveText(fileName);
  await snap(en, 'kb-article-files-en-1366');
  await en.setViewportSize(phone);
  await en.goto(`${articleUrl}/compare?from=1&to=3&view=side`);
  await expect(en.getByTestId('diff-side-to')).toBeVisible();
  await expectAccessible(en);
  await snap(en, 'kb-compare-side-en-390');
  await en.goto(articleUrl);
  await expect(en.getByTestId('article-file-link')).toHaveText(fileName);
  await en.getByTestId('delete-panel').locator('summary').click();
  await expectAccessible(en);
  await snap(en, 'kb-article-delete-en-390');
  await en.getByTestId('delete-confirm').fill('not the title');
  await en.getByTestId('delete-submit').click();
  await expect(en.getByTestId('error-confirmTitle')).toContainText('does not match');
  await en.getByTestId('delete-confirm').fill(title);
  await en.getByTestId('delete-submit').click();
  await en.waitForURL(/\/kb\/folders\/[0-9a-f-]{36}$/);
  expect((await en.goto(articleUrl))?.status()).toBe(404);
  expect((await en.request.get(href!)).status()).toBe(404);
  await enCtx.close();

  expect(xss).toEqual([]);
  const audit = await query(`select action from audit_log where target_label = $1 or target_label = $2`, [spaceName, title]);
  expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['kb.space_create', 'kb.article_create', 'kb.article_edit', 'kb.article_restore', 'kb.required_mark', 'kb.file_add', 'kb.article_delete']));
  await ownerCtx.close();
  await readerCtx.close();
  await partnerCtx.close();
});
