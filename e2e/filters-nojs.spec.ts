import { expect, signInAsEmployee, test } from './fixtures';

/**
 * Filter forms work without JavaScript (issue 8, "Keep"): the unit, people and supplier pickers
 * search on the server as one types, and without JavaScript what is typed is submitted and
 * resolved on the server to the best match (lib/pickers resolvePickerTexts), as a select did.
 */
test('filters by unit without JavaScript: announcements, directory, admin people (zh-CN)', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  await signInAsEmployee(page, 'wang.lei@xinghai.example');
  const noJs = await browser.newContext({ locale: 'zh-CN', storageState: await ctx.storageState(), javaScriptEnabled: false });
  const p = await noJs.newPage();

  for (const path of ['/announcements', '/directory', '/admin/people']) {
    await p.goto(path);
    await p.getByTestId('filter-unit-input').fill('仓储');
    await p.getByTestId('filter-unit-input').press('Enter');
    await expect(p, path).toHaveURL(/unit(Id)?__text=/);
    await expect(p.getByTestId('picker-chosen'), path).toContainText('仓储部');
    // The directory lists only that unit's people now.
    if (path === '/directory') {
      const people = p.getByTestId('directory-person');
      expect(await people.count()).toBeGreaterThan(0);
      for (const text of await people.allInnerTexts()) expect(text).toContain('仓储');
    }
  }
  await noJs.close();
  await ctx.close();
});
