import { expect, expectAccessible, phone, query, signInAsEmployee, snap, test } from './fixtures';

/**
 * The homepage as a workbench: quick links that officers manage, each shown only to its audience.
 * (To-dos — approvals waiting, acknowledgements — are checked in the approval flow of announcements.spec.ts.)
 */
test.describe('quick links', () => {
  test('an officer adds a link for one unit; only that unit sees it; a bad address is refused and nothing typed is lost', async ({ browser }) => {
    const t = Date.now().toString(36);
    const name = `仓储看板${t}`;
    const ctx = await browser.newContext({ locale: 'zh-CN' });
    const page = await ctx.newPage();
    await signInAsEmployee(page, 'li.na@xinghai.example');
    await page.goto('/quick-links');
    const form = page.getByTestId('quick-link-form');
    await form.getByTestId('ql-name').fill(name);
    await form.getByTestId('ql-name-en').fill(`Warehouse board ${t}`);
    await form.getByTestId('ql-url').fill('javascript:alert(1)');
    await form.getByTestId('ql-units-input').fill('仓储');
    await page.getByTestId('picker-option').filter({ hasText: '仓储部' }).first().click();
    await expect(form.getByTestId('picker-chosen')).toContainText('仓储部');
    await form.locator('button[type="submit"]').click();
    await expect(form.getByTestId('error-url')).toHaveText('请输入以 https:// 或 http:// 开头的网址。');
    await expect(form.getByTestId('ql-name')).toHaveValue(name);
    await expect(form.getByTestId('picker-chosen')).toContainText('仓储部');
    await form.getByTestId('ql-url').fill(`https://wms.xinghai.example/${t}`);
    await form.locator('button[type="submit"]').click();
    await expect(page.getByTestId('quick-link-row').filter({ hasText: name })).toBeVisible();
    await expectAccessible(page);
    await snap(page, 'quick-links-zh-CN');
    await page.setViewportSize(phone);
    await snap(page, 'quick-links-zh-CN-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    await ctx.close();

    // A warehouse employee sees it on their homepage (in English, the English name); Assembly Team 1 does not.
    const [wh] = await query<{ email: string }>(`select p.email from person p join org_unit u on u.id = p.unit_id where u.name = '仓储部' and p.status = 'active' and p.kind = 'employee' order by p.email limit 1`);
    const whCtx = await browser.newContext({ locale: 'en-US' });
    const whPage = await whCtx.newPage();
    await signInAsEmployee(whPage, wh.email);
    await query(`update person set locale = null where email = $1`, [wh.email]);
    await whPage.goto('/');
    const tile = whPage.getByTestId('quick-link').filter({ hasText: `Warehouse board ${t}` });
    await expect(tile).toHaveAttribute('href', `https://wms.xinghai.example/${t}`);
    await expect(tile).toHaveAttribute('rel', 'noopener noreferrer');
    await expectAccessible(whPage);
    await snap(whPage, 'home-workbench-en');
    await whCtx.close();

    const other = await browser.newPage();
    await signInAsEmployee(other, 'liu.yang@xinghai.example');
    await other.goto('/');
    await expect(other.getByTestId('home-greeting')).toBeVisible();
    await expect(other.getByText(name)).toHaveCount(0);
    await expect(other.getByText(`Warehouse board ${t}`)).toHaveCount(0);
    // Managing is for officers and admins: a plain employee gets the 403 page.
    expect((await other.goto('/quick-links'))?.status()).toBe(403);
    await other.close();
  });
});
