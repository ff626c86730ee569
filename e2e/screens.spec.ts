import { expect, phone, phoneLayoutProblems, signInAsEmployee, signInAsPartner, snap, test } from './fixtures';

/**
 * Every main page, in both languages, at desktop and phone width: each must answer 200 without
 * the error page, its screenshot lands in e2e/.screens for people to look at, and at phone width
 * it must not scroll sideways or squeeze a table (phoneLayoutProblems).
 */
const employeePages = [
  '/', '/announcements', '/announcements/new', '/announcements/approvals', '/emergency', '/directory', '/search?q=%E9%80%9A%E7%9F%A5',
  '/kb', '/tasks', '/tasks/figures', '/meetings', '/requests', '/requests/figures', '/notifications', '/quick-links',
  '/admin', '/admin/org', '/admin/people', '/admin/people/import', '/admin/partners', '/admin/audit', '/admin/notifications', '/admin/requests',
  '/orders', '/orders/new', '/orders/at-risk', '/search?q=HT', '/org', '/admin/integrations', '/admin/channels',
  '/outbox', '/profile', '/profile/notifications',
];
const partnerPages = ['/partner', '/announcements', '/partner/team', '/partner/orders'];

for (const locale of ['zh-CN', 'en'] as const) {
  test.describe(`pages (${locale})`, () => {
    test.use({ locale });

    test('signed-out pages', async ({ page }) => {
      for (const path of ['/sign-in', '/partner/sign-in']) {
        const res = await page.goto(path);
        expect(res?.status(), path).toBe(200);
        await snap(page, `page-${locale}${path.replaceAll('/', '_')}`);
        await page.setViewportSize(phone);
        await snap(page, `page-${locale}${path.replaceAll('/', '_')}-phone`);
        await page.setViewportSize({ width: 1280, height: 800 });
      }
    });

    test('employee and admin pages', async ({ page }) => {
      test.slow(); // 52 page loads and full-page screenshots: over a minute on a busy two-core machine
      await signInAsEmployee(page, 'wang.lei@xinghai.example');
      for (const path of employeePages) {
        for (const size of [{ width: 1280, height: 800 }, phone]) {
          await page.setViewportSize(size);
          const res = await page.goto(path);
          expect(res?.status(), path).toBe(200);
          await expect(page.locator('body')).not.toContainText(/Something went wrong|出错了/);
          await snap(page, `page-${locale}${path === '/' ? '_home' : path.replace(/\?.*/, '').replaceAll('/', '_')}${size === phone ? '-phone' : ''}`);
          if (size === phone) expect.soft(await phoneLayoutProblems(page), path).toEqual([]);
        }
      }
    });

    test('partner pages', async ({ page }) => {
      await signInAsPartner(page, 'chen.gang@hengtong.example');
      for (const path of partnerPages) {
        for (const size of [{ width: 1280, height: 800 }, phone]) {
          await page.setViewportSize(size);
          const res = await page.goto(path);
          expect(res?.status(), path).toBe(200);
          await snap(page, `page-${locale}-partner${path.replaceAll('/', '_')}${size === phone ? '-phone' : ''}`);
          if (size === phone) expect.soft(await phoneLayoutProblems(page), path).toEqual([]);
        }
      }
    });
  });
}
