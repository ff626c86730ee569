import { expect, expectAccessible, phone, query, signInAsEmployee, snap, test } from './fixtures';
import type { Page } from '@playwright/test';

/**
 * People (issue 14): the directory finds 刘洋 by pinyin and initials, the person page, the
 * read-only org chart opened level by level — in zh-CN and en, at 1366 px and 390 px. Also the
 * refusal page's support contact, the profile's time zone staying as saved, and the admins'
 * contact-field setting (screenshots of every changed page in both languages and widths).
 */
const combos = [
  { locale: 'zh-CN' as const, browserLocale: 'zh-CN', width: 1366, height: 900, tag: 'zh-1366' },
  { locale: 'zh-CN' as const, browserLocale: 'zh-CN', width: phone.width, height: phone.height, tag: 'zh-390' },
  { locale: 'en' as const, browserLocale: 'en-US', width: 1366, height: 900, tag: 'en-1366' },
  { locale: 'en' as const, browserLocale: 'en-US', width: phone.width, height: phone.height, tag: 'en-390' },
];

async function noSidewaysScroll(page: Page) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(over).toBeLessThanOrEqual(1);
}

test.afterAll(async () => {
  await query(`update person set locale = null where email = any($1)`, [['liu.yang@xinghai.example', 'wang.lei@xinghai.example']]);
  await query(`update person set timezone = 'Asia/Shanghai' where email = 'liu.yang@xinghai.example'`);
});

for (const c of combos) {
  test(`people ${c.tag}: pinyin search finds 刘洋, the person page, the org chart opens a level`, async ({ browser }) => {
    test.setTimeout(240_000);
    const en = c.locale === 'en';
    await query(`update person set locale = $1 where email = 'liu.yang@xinghai.example'`, [c.locale]);
    const ctx = await browser.newContext({ locale: c.browserLocale, viewport: { width: c.width, height: c.height } });
    const page = await ctx.newPage();
    await signInAsEmployee(page, 'liu.yang@xinghai.example');

    // Pinyin: full, spaced and initials all find 刘洋.
    for (const q of ['liuyang', 'liu yang', 'ly']) {
      await page.goto(`/directory?q=${encodeURIComponent(q)}`);
      await expect(page.getByTestId('directory-person').filter({ hasText: '刘洋' })).toHaveCount(1);
    }
    // The pickers search the same way.
    const picker = await page.request.get('/api/pickers/person?q=ly');
    expect(JSON.stringify(await picker.json())).toContain('刘洋');
    await expectAccessible(page);
    await noSidewaysScroll(page);
    await snap(page, `people-directory-${c.tag}`);

    // The person page: names, unit path, heads, contact.
    await page.getByTestId('directory-person').filter({ hasText: '刘洋' }).getByTestId('directory-person-link').click();
    await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('person-name')).toContainText(en ? 'Liu Yang' : '刘洋');
    await expect(page.getByTestId('person-unit-path')).toContainText(en ? 'Assembly Team 1' : '装配一组');
    await expect(page.getByTestId('person-heads').getByRole('link')).not.toHaveCount(0);
    await expect(page.getByTestId('person-contact')).toContainText('liu.yang@xinghai.example');
    await expectAccessible(page);
    await noSidewaysScroll(page);
    await snap(page, `people-person-${c.tag}`);

    // The org chart: open the top level, then a unit.
    await page.goto('/org');
    await expect(page.getByTestId('org-child').first()).toBeVisible();
    await expectAccessible(page);
    await noSidewaysScroll(page);
    await snap(page, `people-org-top-${c.tag}`);
    const first = page.getByTestId('org-child').first().getByRole('link').first();
    const firstName = (await first.textContent())!.trim();
    await first.click();
    await page.waitForURL(/\/org\?unit=/);
    await expect(page.getByTestId('org-unit')).toContainText(firstName);
    await expect(page.getByTestId('org-path')).toContainText(firstName);
    await expect(page.getByTestId('org-child').first()).toBeVisible();
    // Down to Liu Yang's team from his page's link: the path names Production, the team its head count.
    await page.goBack();
    const [team] = await query<{ id: string }>(`select id from org_unit where name = '装配一组'`);
    await page.goto(`/org?unit=${team.id}`);
    await expect(page.getByTestId('org-path')).toContainText(en ? 'Production' : '生产部');
    await expect(page.getByTestId('org-unit')).toContainText(en ? 'Assembly Team 1' : '装配一组');
    await expectAccessible(page);
    await noSidewaysScroll(page);
    await snap(page, `people-org-unit-${c.tag}`);
    await page.getByTestId('org-unit-people').click();
    await page.waitForURL(/\/directory\?unitId=/);
    await expect(page.getByTestId('directory-person').filter({ hasText: '刘洋' })).toHaveCount(1);

    await ctx.close();
  });
}

// Issue 14: after saving, the select used to show the first option again (React's post-action form reset).
test('profile: the time zone stays as saved', async ({ page }) => {
  await signInAsEmployee(page, 'liu.yang@xinghai.example');
  await page.goto('/profile');
  await page.getByTestId('timezone-select').selectOption('Asia/Tokyo');
  await page.getByTestId('timezone-form').getByRole('button').click();
  await expect(page.getByTestId('form-success')).toBeVisible();
  await expect(page.getByTestId('timezone-select')).toHaveValue('Asia/Tokyo');
  await page.reload();
  await expect(page.getByTestId('timezone-select')).toHaveValue('Asia/Tokyo');
  await page.getByTestId('timezone-select').selectOption('Asia/Shanghai');
  await page.getByTestId('timezone-form').getByRole('button').click();
  await expect(page.getByTestId('form-success')).toBeVisible();
  await expect(page.getByTestId('timezone-select')).toHaveValue('Asia/Shanghai');
});

test('refusal page names whom to contact; admins choose the contact fields (both languages, both widths)', async ({ browser }) => {
  test.setTimeout(240_000);
  for (const c of combos) {
    const ctx = await browser.newContext({ locale: c.browserLocale, viewport: { width: c.width, height: c.height } });
    const page = await ctx.newPage();
    await signInAsEmployee(page, 'zhao.min@xinghai.example', { expectLanding: false });
    await page.waitForURL((u) => u.pathname === '/sign-in/refused');
    await expect(page.getByTestId('refused-contact')).toContainText(c.locale === 'en' ? 'IT department' : 'IT 部门');
    await expectAccessible(page);
    await snap(page, `people-refused-${c.tag}`);
    await ctx.close();

    await query(`update person set locale = $1 where email = 'wang.lei@xinghai.example'`, [c.locale]);
    const actx = await browser.newContext({ locale: c.browserLocale, viewport: { width: c.width, height: c.height } });
    const admin = await actx.newPage();
    await signInAsEmployee(admin, 'wang.lei@xinghai.example');
    await admin.goto('/admin/people/settings');
    const level = admin.getByTestId('contact-fields').locator('input[value="level"]');
    await level.check();
    await admin.getByTestId('directory-settings-form').getByRole('button').click();
    await expect(admin.getByTestId('form-success')).toBeVisible();
    await expect(level).toBeChecked();
    await expectAccessible(admin);
    await noSidewaysScroll(admin);
    await snap(admin, `people-settings-${c.tag}`);
    await level.uncheck();
    await admin.getByTestId('directory-settings-form').getByRole('button').click();
    await expect(admin.getByTestId('form-success')).toBeVisible();
    await actx.close();
  }
});
