import { expect, query, signInAsEmployee, test, waitForMailTo, pick } from './fixtures';

/** An emergency plan is defined, triggered, acknowledged, and the live roll call shows it. */
test('emergency plan: define, trigger, acknowledge, live roll call, close', async ({ browser }) => {
  const started = new Date(Date.now() - 1000);
  const name = `设备故障 ${Date.now()}`;
  const officerCtx = await browser.newContext({ locale: 'zh-CN' });
  const officer = await officerCtx.newPage();
  await signInAsEmployee(officer, 'li.na@xinghai.example');
  await officer.goto('/emergency');
  await officer.getByTestId('new-plan').click();
  await officer.getByTestId('plan-name').fill(name);
  await officer.getByTestId('plan-title').fill('设备故障');
  for (const unit of [['设备维修部', 'Maintenance'], ['生产部', 'Production'], ['仓储部', 'Warehouse']]) await pick(officer, 'audience-units', unit);
  await officer.getByTestId('plan-save').click();
  await officer.waitForURL(/\/emergency\/plans\/[0-9a-f-]{36}$/);

  const reach = Number((await officer.getByTestId('trigger-reach').textContent())?.match(/\d+/)?.[0]);
  expect(reach).toBeGreaterThan(0); // how many it reaches, before one click sends it
  await officer.getByTestId('trigger').click(); // no details: a message, nothing sent
  await expect(officer.getByTestId('error-details')).toHaveText('请描述现场情况。');
  await officer.getByTestId('trigger-details').fill('2号线冲压机停机，请维修人员立即到场');
  await officer.getByTestId('trigger').click();
  await officer.waitForURL(/\/emergency\/activations\/[0-9a-f-]{36}$/);
  await expect(officer.getByTestId('activation-status')).toHaveText('进行中');
  await expect(officer.getByTestId('rollcall-acked')).toHaveText('0');
  const size = Number(await officer.getByTestId('rollcall-size').textContent());
  expect(size).toBe(reach);
  const itemHref = await officer.getByTestId('rollcall-announcement').getAttribute('href');
  expect(size).toBeGreaterThan(5);

  // Mailed at once (the worker sends it), in the recipient's language.
  const mail = await waitForMailTo('zhang.wei@xinghai.example', started, 30_000);
  expect(mail.subject).toMatch(/【紧急】|\[Urgent\]/);
  expect(mail.text).toContain('2号线冲压机停机');

  // 张伟 (English) sees the urgent banner on his homepage and acknowledges.
  await query(`update person set locale = 'en' where email = 'zhang.wei@xinghai.example'`);
  const ctx = await browser.newContext({ locale: 'en-US' });
  const page = await ctx.newPage();
  await signInAsEmployee(page, 'zhang.wei@xinghai.example');
  await page.goto('/');
  await expect(page.getByTestId('urgent-banner')).toBeVisible();
  const bannerItem = page.getByTestId('urgent-banner').locator(`a[data-testid="urgent-item"][href="${itemHref}"]`);
  await expect(bannerItem).toContainText('[Urgent]');
  await bannerItem.click();
  await page.getByTestId('acknowledge').click();
  await expect(page.getByTestId('acked-note')).toBeVisible();
  await page.goto('/');
  await expect(page.locator(`a[data-testid="urgent-item"][href="${itemHref}"]`)).toHaveCount(0);

  // The officer's board refreshes by itself.
  await expect(officer.getByTestId('rollcall-acked')).toHaveText('1', { timeout: 20_000 });
  await expect(officer.getByTestId('rollcall-person').filter({ hasText: '张伟' })).toHaveAttribute('data-state', 'acked');

  await officer.getByTestId('close-activation').click();
  await expect(officer.getByTestId('activation-status')).toHaveText('已关闭');
  const audit = await query(`select action from audit_log where action in ('emergency.trigger', 'emergency.close') and at > $1`, [started]);
  expect(audit.map((a) => a.action).sort()).toEqual(['emergency.close', 'emergency.trigger']);
  await officerCtx.close();
  await ctx.close();
});
