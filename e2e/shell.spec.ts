import { expect, phone, signInAsEmployee, signOut, snap, test, query } from './fixtures';

test.describe('language', () => {
  test('the browser language decides before a choice is made', async ({ browser }) => {
    for (const [locale, text] of [['zh-CN', '使用公司统一身份登录'], ['en-US', 'Sign in with company SSO']] as const) {
      const ctx = await browser.newContext({ locale });
      const page = await ctx.newPage();
      await page.goto('/sign-in');
      await expect(page.getByTestId('sso-sign-in')).toContainText(text);
      await expect(page.locator('html')).toHaveAttribute('lang', locale === 'zh-CN' ? 'zh-CN' : 'en');
      await ctx.close();
    }
  });

  test('switching language in the header is remembered on the profile', async ({ browser }) => {
    const email = 'he.jing@xinghai.example';
    await query(`update person set locale = null where email = $1`, [email]);
    const ctx = await browser.newContext({ locale: 'zh-CN' });
    const page = await ctx.newPage();
    await signInAsEmployee(page, email);
    await expect(page.getByRole('link', { name: '首页' }).first()).toBeVisible();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect(page.getByRole('link', { name: 'Home' }).first()).toBeVisible();
    const [row] = await query(`select locale from person where email = $1`, [email]);
    expect(row.locale).toBe('en');
    await signOut(page);
    await ctx.close();

    // A new browser that prefers Chinese: after signing in, the saved choice wins.
    const ctx2 = await browser.newContext({ locale: 'zh-CN' });
    const page2 = await ctx2.newPage();
    await signInAsEmployee(page2, email);
    await expect(page2.getByRole('link', { name: 'Home' }).first()).toBeVisible();
    await page2.getByRole('button', { name: '中文', exact: true }).click();
    await expect(page2.getByRole('link', { name: '首页' }).first()).toBeVisible();
    await ctx2.close();
  });
});

test.describe('app shell', () => {
  test('navigation shows only what the person may use', async ({ page }) => {
    await signInAsEmployee(page, 'liu.yang@xinghai.example');
    const nav = page.getByRole('navigation').first();
    await expect(nav.getByRole('link', { name: /Home|首页/ })).toBeVisible();
    await expect(page.locator('header a[href="/admin"]')).toHaveCount(0);
    await expect(page.locator('header a[href="/emergency"]')).toHaveCount(0);
    await signOut(page);
    await signInAsEmployee(page, 'wang.lei@xinghai.example');
    await expect(page.locator('header a[href="/admin"]').first()).toBeVisible();
  });

  for (const locale of ['zh-CN', 'en'] as const) {
    test(`home and profile look right (${locale}, desktop and phone)`, async ({ browser }) => {
      const ctx = await browser.newContext({ locale });
      const page = await ctx.newPage();
      await signInAsEmployee(page, 'zhang.wei@xinghai.example');
      await query(`update person set locale = null where email = 'zhang.wei@xinghai.example'`);
      await page.goto('/');
      await expect(page.getByTestId('viewer-name')).toBeVisible();
      await snap(page, `home-${locale}`);
      await page.goto('/profile');
      await expect(page.getByRole('main').getByText('zhang.wei@xinghai.example')).toBeVisible();
      await snap(page, `profile-${locale}`);
      await page.setViewportSize(phone);
      await page.goto('/');
      await snap(page, `home-${locale}-phone`);
      await ctx.close();
    });
  }

  test('the user menu closes after choosing an entry, on Escape and on a click outside', async ({ page }) => {
    await signInAsEmployee(page, 'liu.yang@xinghai.example');
    const menu = page.locator('header details');
    await page.getByTestId('viewer-name').click();
    await expect(menu).toHaveAttribute('open', '');
    await menu.getByRole('link', { name: /Profile|个人/ }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(menu).not.toHaveAttribute('open', '');
    await page.getByTestId('viewer-name').click();
    await expect(menu).toHaveAttribute('open', '');
    await page.keyboard.press('Escape');
    await expect(menu).not.toHaveAttribute('open', '');
    await page.getByTestId('viewer-name').click();
    await page.getByRole('main').click({ position: { x: 5, y: 5 } });
    await expect(menu).not.toHaveAttribute('open', '');
  });

  test('time zone is validated and saved', async ({ page }) => {
    await signInAsEmployee(page, 'liu.yang@xinghai.example');
    await page.goto('/profile');
    await page.locator('select[name="timezone"]').selectOption('Europe/Berlin');
    await page.getByRole('button', { name: /Save|保存/ }).click();
    await expect(page.getByRole('status')).toBeVisible();
    await expect(page.locator('select[name="timezone"]')).toHaveValue('Europe/Berlin');
    const [row] = await query(`select timezone from person where email = 'liu.yang@xinghai.example'`);
    expect(row.timezone).toBe('Europe/Berlin');
    await page.reload();
    await expect(page.locator('select[name="timezone"]')).toHaveValue('Europe/Berlin');
    await query(`update person set timezone = 'Asia/Shanghai' where email = 'liu.yang@xinghai.example'`);
  });
});

test.describe('errors and health', () => {
  test('unknown and malformed ids get the not-found page, not a stack trace', async ({ page }) => {
    await signInAsEmployee(page, 'wang.lei@xinghai.example'); // an admin: the outbox is theirs
    for (const path of ['/outbox/not-a-uuid', '/outbox/6f1c1a40-0000-4000-8000-000000000000', '/no-such-page']) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await expect(page.locator('body')).not.toContainText('at async');
    }
  });

  test('health reports the database and a live worker', async ({ request }) => {
    await expect.poll(async () => (await (await request.get('/api/health')).json()).worker.ok, { timeout: 30_000 }).toBe(true);
    const health = await (await request.get('/api/health')).json();
    expect(health.database.ok).toBe(true);
  });

  test('the outbox lists and renders mail (for an admin)', async ({ page }) => {
    await signInAsEmployee(page, 'wang.lei@xinghai.example');
    await page.goto('/outbox');
    await expect(page.getByTestId('outbox-table')).toBeVisible();
  });
});
