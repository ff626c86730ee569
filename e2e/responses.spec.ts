import type { Browser, Page } from '@playwright/test';
import { expect, expectAccessible, phone, pick, query, signInAsEmployee, snap, test } from './fixtures';

/**
 * Issue 14: responses to requests, and announcements in both languages.
 * - A feedback request collects two responses (one given on a phone in English after a refused
 *   type mismatch, one on a desktop in Chinese); the author sees the table and exports it.
 * - A bilingual announcement reads in each reader's language, with a switch to the other
 *   (zh-CN and en, desktop and 390 px).
 */

async function person(browser: Browser, email: string, locale: 'zh-CN' | 'en', viewport?: { width: number; height: number }): Promise<Page> {
  await query('update person set locale = $2 where email = $1', [email, locale]);
  const ctx = await browser.newContext({ locale: locale === 'en' ? 'en-US' : 'zh-CN', ...(viewport ? { viewport } : {}) });
  const page = await ctx.newPage();
  await signInAsEmployee(page, email);
  return page;
}

/** Two active members of Assembly Team 1 besides the demo people other specs use by name. */
async function teamMembers(): Promise<[string, string]> {
  const rows = await query<{ email: string }>(
    `select p.email from person p join org_unit u on u.id = p.unit_id
     where u.name = '装配一组' and p.status = 'active' and p.email <> 'liu.yang@xinghai.example' order by p.email limit 2`);
  expect(rows.length).toBe(2);
  return [rows[0].email, rows[1].email];
}

test.describe('responses to requests', () => {
  test('a feedback request collects two responses and the author exports them', async ({ browser }) => {
    test.slow();
    const subject = `年会人数统计 ${Date.now()}`;
    const [first, second] = await teamMembers();

    // Li Na (Chinese, desktop) asks Assembly Team 1: a number and a choice, until a day far ahead.
    const author = await person(browser, 'li.na@xinghai.example', 'zh-CN');
    await author.goto('/announcements/new');
    await author.getByTestId('compose-kind').selectOption('feedback_request');
    await author.getByTestId('compose-title').fill(subject);
    await author.getByTestId('compose-body').fill('请回复参加年会的人数。');
    await pick(author, 'audience-units', ['装配一组', 'Assembly Team 1']);
    await author.getByTestId('compose-collect').check();
    // Asked without a question: the message is in Chinese and what was typed stays.
    await author.getByTestId('compose-send').click();
    await expect(author.getByTestId('error-responsePrompt')).toHaveText('请说明您要收集什么。');
    await expect(author.getByTestId('compose-title')).toHaveValue(subject);
    await author.getByTestId('compose-response-prompt').fill('几人参加（含家属）？');
    await author.getByTestId('compose-responseAskNumber').check();
    await author.getByTestId('compose-response-options').fill('参加\n不参加');
    await author.getByTestId('compose-response-deadline').fill('2099-12-31T18:00');
    await author.getByTestId('compose-send').click();
    await author.waitForURL(/\/announcements\/[0-9a-f-]{36}$/);
    const url = new URL(author.url()).pathname;

    // The first recipient answers on a phone in English: "twelve" where a number is asked is refused.
    const a = await person(browser, first, 'en', phone);
    await a.goto('/');
    await expect(a.getByTestId('todo-group').filter({ hasText: 'Requests waiting for my response' })).toContainText(subject);
    await a.goto(url);
    await expect(a.getByTestId('response-prompt')).toHaveText('几人参加（含家属）？');
    await a.getByTestId('response-choice').selectOption('参加');
    await a.getByTestId('response-number').fill('twelve');
    await a.getByTestId('response-text').fill('Two of us, one vegetarian.');
    await a.getByTestId('response-submit').click();
    await expect(a.getByTestId('error-number')).toHaveText('Enter a number only, such as 12 or 3.5 (no words or units).');
    await expect(a.getByTestId('response-text')).toHaveValue('Two of us, one vegetarian.');
    await a.getByTestId('response-number').fill('2');
    await a.getByTestId('response-submit').click();
    await expect(a.getByTestId('form-success')).toBeVisible();
    await expect(a.getByTestId('response-submit')).toHaveText('Update response');
    await snap(a, 'responses-panel-en-390');
    await expectAccessible(a);

    // The second answers on a desktop in Chinese.
    const b = await person(browser, second, 'zh-CN');
    await b.goto(url);
    await b.getByTestId('response-choice').selectOption('不参加');
    await b.getByTestId('response-number').fill('０');
    await b.getByTestId('response-submit').click();
    await expect(b.getByTestId('form-success')).toContainText('您的回复已保存');
    await snap(b, 'responses-panel-zh-1366');

    // The author: the table, the tally, who has not answered; the export holds both answers.
    await author.goto(`${url}/responses`);
    await expect(author.getByTestId('responses-summary')).toContainText('已有 2 人回复');
    await expect(author.getByTestId('responses-tally')).toContainText('参加 · 1');
    await expect(author.getByTestId('responses-table').getByTestId('response-row')).toHaveCount(2);
    await expectAccessible(author);
    await snap(author, 'responses-page-zh-1366');
    await author.getByTestId('responses-tab-waiting').click();
    await expect(author.getByTestId('responses-waiting')).toBeVisible();
    await author.goto(`${url}/responses`);
    const csv = await author.request.get(`${url}/responses/export`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const text = await csv.text();
    expect(text).toContain('"姓名"');
    expect(text).toContain(`"${first}"`);
    expect(text).toContain(`"${second}"`);
    expect(text).toContain('"Two of us, one vegetarian."');
    expect(text).toContain('"已回复"');

    // The reminder reaches those who have not answered; a second one within the hour is refused.
    await author.getByTestId('remind-responders').click();
    await expect(author.getByTestId('form-success')).toBeVisible();
    await author.reload();
    await author.getByTestId('remind-responders').click();
    await expect(author.getByTestId('form-error')).toBeVisible();

    // The same page in English at 390 px: stacked rows, no sideways scrolling.
    await query(`update person set locale = 'en' where email = 'li.na@xinghai.example'`);
    await author.setViewportSize(phone);
    await author.goto(`${url}/responses`);
    await expect(author.getByTestId('responses-summary')).toHaveText(/^2 of \d+ have responded$/);
    await expect(author.getByTestId('responses-cards')).toBeVisible();
    expect(await author.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectAccessible(author);
    await snap(author, 'responses-page-en-390');
    await author.setViewportSize({ width: 1366, height: 900 });
    await snap(author, 'responses-page-en-1366');
    await query(`update person set locale = 'zh-CN' where email = 'li.na@xinghai.example'`);
    await author.setViewportSize(phone);
    await author.goto(`${url}/responses`);
    await snap(author, 'responses-page-zh-390');
    await author.goto(url);
    await snap(author, 'responses-detail-author-zh-390');

    for (const p of [author, a, b]) await p.context().close();
  });
});

test.describe('content in both languages', () => {
  test('a bilingual announcement reads in each language, with a switch to the other', async ({ browser }) => {
    test.slow();
    const stamp = Date.now();
    const zhTitle = `冬季安全检查 ${stamp}`;
    const enTitle = `Winter safety inspection ${stamp}`;
    const [first, second] = await teamMembers();

    const author = await person(browser, 'li.na@xinghai.example', 'zh-CN');
    await author.goto('/announcements/new');
    await author.getByTestId('compose-title').fill(zhTitle);
    await author.getByTestId('compose-body').fill('本周五进行**冬季安全检查**。');
    await author.getByTestId('compose-other-language').locator('summary').click();
    await author.getByTestId('compose-title-en').fill(enTitle);
    await author.getByTestId('compose-send').click(); // English title without an English body: refused, nothing lost
    // Wait for the answer before typing on: the form is reset to what the server sends back, and
    // text typed before that arrives would be lost (the test's race, not the product's).
    await expect(author.getByTestId('error-bodyEn')).toBeVisible();
    await expect(author.getByTestId('compose-title-en')).toHaveValue(enTitle);
    await author.getByTestId('compose-body-en').fill('The **winter safety inspection** is this Friday.');
    await pick(author, 'audience-units', ['装配一组', 'Assembly Team 1']);
    await author.getByTestId('compose-send').click();
    await author.waitForURL(/\/announcements\/[0-9a-f-]{36}$/);
    const url = new URL(author.url()).pathname;
    await expect(author.getByTestId('announcement-title')).toContainText(zhTitle);

    for (const [label, viewport] of [['1366', { width: 1366, height: 900 }], ['390', phone]] as const) {
      // English reader: the English version, "by Li Na", the unit in English; the switch shows the Chinese.
      const en = await person(browser, first, 'en', viewport);
      await en.goto('/announcements');
      await expect(en.getByText(enTitle).first()).toBeVisible();
      await en.goto(url);
      await expect(en.getByTestId('announcement-title')).toHaveText(`Administration – ${enTitle}`);
      await expect(en.getByTestId('announcement-body')).toContainText('winter safety inspection');
      await expect(en.getByText('By Li Na').first()).toBeVisible();
      await expectAccessible(en);
      await snap(en, `bilingual-en-${label}`);
      await en.getByTestId('language-switch').click();
      await expect(en.getByTestId('announcement-title')).toHaveText(`行政部-${zhTitle}`);
      await expect(en.getByTestId('announcement-body')).toContainText('冬季安全检查');
      await expect(en.getByTestId('other-language-note')).toHaveText('You are reading the Chinese version.');
      await snap(en, `bilingual-en-switched-${label}`);
      await en.context().close();

      // Chinese reader: the Chinese version; the switch shows the English.
      const zh = await person(browser, second, 'zh-CN', viewport);
      await zh.goto(url);
      await expect(zh.getByTestId('announcement-title')).toHaveText(`行政部-${zhTitle}`);
      await expect(zh.getByText('发布人：李娜').first()).toBeVisible();
      await expectAccessible(zh);
      await snap(zh, `bilingual-zh-${label}`);
      await zh.getByTestId('language-switch').click();
      await expect(zh.getByTestId('announcement-title')).toHaveText(`Administration – ${enTitle}`);
      await expect(zh.getByTestId('announcement-body')).toContainText('winter safety inspection');
      expect(await zh.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await snap(zh, `bilingual-zh-switched-${label}`);
      await zh.context().close();
    }
    await author.goto('/announcements/new');
    await author.getByTestId('compose-kind').selectOption('collab_request');
    await author.getByTestId('compose-other-language').locator('summary').click();
    await author.getByTestId('compose-collect').check();
    await snap(author, 'compose-zh-1366');
    await author.context().close();
  });
});
