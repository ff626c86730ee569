import { request as playwrightRequest } from '@playwright/test';
import { e2ePort, expect, expectAccessible, phone, query, signInAsEmployee, snap, test } from './fixtures';

const ADMIN = 'wang.lei@xinghai.example';
const base = `http://localhost:${e2ePort}`;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Spreadsheets, integration tokens and the ERP import (docs/decisions/1300). The admin (en, then
 * zh-CN) creates a token, sees it once and calls the API with it; revoking it makes the API answer
 * token_revoked. The same admin imports an ERP file of order lines on /orders/import: the report
 * names each refused row by line number; the same file again changes nothing. The audit log
 * downloads as XLSX. Screens at 1366 and 390 px.
 */
test('integration tokens, the JSON API and the ERP import', async ({ browser }) => {
  test.setTimeout(300_000);
  const run = Date.now().toString(36).toUpperCase();
  await query(`update person set locale = 'en' where email = $1`, [ADMIN]);
  const ctx = await browser.newContext({ locale: 'en' });
  const page = await ctx.newPage();
  await signInAsEmployee(page, ADMIN);

  // 1. A token, shown once; the list shows only its prefix.
  await page.goto('/admin/integrations');
  await expectAccessible(page);
  await page.getByTestId('token-name').fill(`ERP ${run}`);
  await page.getByTestId('token-expires').fill(day(30));
  await page.getByTestId('token-create').click();
  const token = (await page.getByTestId('new-token-value').textContent())!.trim();
  expect(token).toMatch(/^plz_[0-9a-f]{8}_/);
  await expect(page.getByTestId('token-row').filter({ hasText: `ERP ${run}` })).toContainText(token.slice(0, 12));
  await expect(page.getByTestId('token-row').filter({ hasText: `ERP ${run}` })).not.toContainText(token.slice(13));
  await snap(page, 'erp-integrations-en');

  // 2. The API with it: read allowed, write refused (scope), no token refused.
  const api = await playwrightRequest.newContext({ baseURL: base });
  const auth = { authorization: `Bearer ${token}` };
  const list = await api.get('/api/v1/orders', { headers: auth });
  expect(list.status()).toBe(200);
  expect(await list.json()).toHaveProperty('items');
  const denied = await api.post('/api/v1/orders', { headers: auth, data: {} });
  expect(denied.status()).toBe(403);
  expect((await denied.json()).error.code).toBe('scope_denied');
  expect((await (await api.get('/api/v1/orders')).json()).error.code).toBe('token_missing');

  // 3. Revoked: token_revoked.
  await page.getByTestId('token-row').filter({ hasText: `ERP ${run}` }).getByTestId('token-revoke').click();
  await expect(page.getByTestId('token-row').filter({ hasText: `ERP ${run}` })).toHaveAttribute('data-state', 'revoked');
  const revoked = await api.get('/api/v1/orders', { headers: auth });
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()).error.code).toBe('token_revoked');
  await api.dispose();

  // 4. The ERP import: a refused row by line number; the same file again: nothing changes.
  const csv = `供应商,订单号,行号,物料编码,描述,数量,单位,单价,要求交期,交货地点\n恒通精密零件有限公司,ERP-${run},10,HT-1,轴承座,100,件,12.5,${day(40)},苏州工厂\n无名公司,ERP-${run}-X,10,HT-2,法兰,5,件,,${day(40)},苏州工厂\n`;
  const upload = async () => {
    await page.goto('/orders/import');
    await page.locator('input[name="file"]').setInputFiles({ name: 'erp.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('order-import-send').uncheck();
    await page.getByTestId('order-import-submit').click();
    await expect(page.getByTestId('order-import-report')).toBeVisible();
  };
  await upload();
  await expectAccessible(page);
  await expect(page.locator('[data-testid="order-import-row"][data-line="3"]')).toHaveAttribute('data-outcome', 'rejected');
  await expect(page.locator('[data-testid="order-import-row"][data-line="3"]')).toContainText('无名公司');
  await expect(page.locator('[data-testid="order-import-row"][data-line="2"]')).toHaveAttribute('data-outcome', 'created');
  await snap(page, 'erp-import-en');
  await upload();
  await expect(page.locator('[data-testid="order-import-row"][data-line="2"]')).toHaveAttribute('data-outcome', 'unchanged');
  const [order] = await query(`select version, status from purchase_order where order_number = $1`, [`ERP-${run}`]);
  expect(order).toMatchObject({ version: 1, status: 'draft' });

  // 5. The audit log as XLSX (the zone is named in the time column's header).
  await page.goto('/admin/audit');
  const href = await page.getByTestId('audit-export-xlsx').getAttribute('href');
  const xlsx = await page.request.get(href!);
  expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');

  // 6. zh-CN, and the phone width.
  await query(`update person set locale = 'zh-CN' where email = $1`, [ADMIN]);
  const zh = await browser.newContext({ locale: 'zh-CN', viewport: phone });
  const zhPage = await zh.newPage();
  await signInAsEmployee(zhPage, ADMIN);
  await zhPage.goto('/admin/integrations');
  await expect(zhPage.getByRole('heading', { level: 1 })).toHaveText('系统集成');
  await expectAccessible(zhPage);
  await snap(zhPage, 'erp-integrations-zh-390');
  await zhPage.goto('/orders/import');
  await expect(zhPage.getByRole('heading', { level: 1 })).toHaveText('导入订单');
  await expectAccessible(zhPage);
  await snap(zhPage, 'erp-import-zh-390');
  await zh.close();
  await ctx.close();
});
