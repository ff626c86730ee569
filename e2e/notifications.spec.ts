import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { e2ePort, expect, expectAccessible, firstLink, phone, pick, query, signInAsEmployee, snap, test, waitForMailTo } from './fixtures';

// Earlier specs may have saved a language for these people: the browser's language decides here.
test.beforeAll(async () => {
  await query(`update person set locale = null where email = any($1)`, [['li.na@xinghai.example', 'liu.yang@xinghai.example', 'wang.lei@xinghai.example', 'zhang.wei@xinghai.example']]);
});

/**
 * Notifications (issue 11): the bell counts a new item; the centre lists it and marks it read;
 * preferences are changed; a digest is triggered — by running the digest job from this process
 * against the e2e database (scripts/digest-now.ts, what the worker runs every 15 minutes; no test
 * door in the app) — opened in the outbox by an admin, its link followed; unsubscribing works
 * without signing in, and a tampered link says so. In zh-CN and en.
 */
const dataDir = path.join(process.cwd(), '.data', e2ePort === 3100 ? 'e2e' : `e2e-${e2ePort}`);

function runDigestJob(now: Date) {
  const env = {
    ...process.env,
    DATABASE_URL: readFileSync(path.join(dataDir, 'database-url'), 'utf8').trim(),
    AUTH_SECRET: readFileSync(path.join(dataDir, 'auth-secret'), 'utf8').trim(),
    AUTH_URL: `http://localhost:${e2ePort}`,
    OIDC_ISSUER: `http://localhost:${e2ePort + 1}`,
    OIDC_CLIENT_ID: 'plaza',
    OIDC_CLIENT_SECRET: 'unused-by-the-job',
    PLAZA_DEV_IDP: 'true',
  };
  return execFileSync('node', ['--import', 'tsx', '--import', './scripts/hooks/register.mjs', 'scripts/digest-now.ts', '--now', now.toISOString()], { env, encoding: 'utf8' });
}

const shanghaiHour = (d: Date) => Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: 'Asia/Shanghai' }).format(d));

async function bellCount(page: Page): Promise<number> {
  await page.goto('/notifications');
  const badge = page.getByTestId('notification-count');
  return (await badge.count()) === 0 ? 0 : Number(await badge.textContent());
}

async function setPreferences(page: Page, hour: number) {
  await page.goto('/profile/notifications');
  await page.getByTestId('pref-frequency').selectOption('daily');
  await page.getByTestId('pref-hour').selectOption(String(hour));
  await page.getByTestId('pref-skip-weekends').uncheck();
  await page.getByTestId('pref-save').click();
  await expect(page.getByTestId('form-success')).toBeVisible();
  await expectAccessible(page);
}

async function shots(browser: Browser, email: string, locale: 'zh-CN' | 'en-US', pages: string[]) {
  for (const size of [{ width: 1366, height: 900 }, phone]) {
    const ctx = await browser.newContext({ locale, viewport: size });
    const page = await ctx.newPage();
    if (email) await signInAsEmployee(page, email);
    for (const p of pages) {
      await page.goto(p);
      await expectAccessible(page);
      await snap(page, `notifications-${locale}-${size.width}${p.replace(/[/?=&]+/g, '-')}`);
    }
    await ctx.close();
  }
}

test('notifications: bell, centre, preferences, digest in the outbox, unsubscribe without signing in', async ({ browser }) => {
  test.setTimeout(20 * 60_000); // six people's sessions, a job run and screenshots in two languages on a busy machine
  const title = `停水通知 ${Date.now()}`;
  const started = new Date(Date.now() - 1000);
  await query(`update person set locale = 'en' where email = 'zhang.wei@xinghai.example'`);
  await query(`update person set locale = 'zh-CN' where email = 'liu.yang@xinghai.example'`);

  // 刘洋 (zh-CN) and 张伟 (en) note their bells.
  const liuCtx = await browser.newContext({ locale: 'zh-CN' });
  const liu = await liuCtx.newPage();
  await signInAsEmployee(liu, 'liu.yang@xinghai.example');
  const before = await bellCount(liu);

  // 李娜 publishes to both of them.
  const officerCtx = await browser.newContext({ locale: 'zh-CN' });
  const officer = await officerCtx.newPage();
  await signInAsEmployee(officer, 'li.na@xinghai.example');
  await officer.goto('/announcements/new');
  await officer.getByTestId('compose-title').fill(title);
  await pick(officer, 'audience-people', ['刘洋 · Liu Yang', 'Liu Yang · 刘洋'], 'liu.yang@xinghai.example');
  await pick(officer, 'audience-people', ['张伟 · Zhang Wei', 'Zhang Wei · 张伟'], 'zhang.wei@xinghai.example');
  await officer.getByTestId('compose-send').click();
  await officer.waitForURL(/\/announcements\/[0-9a-f-]{36}$/);
  const itemPath = new URL(officer.url()).pathname;
  await officerCtx.close();

  // The bell counts the new item; the centre lists it, filters by kind, links to it.
  expect(await bellCount(liu)).toBe(before + 1);
  await expect(liu.getByTestId('notification-bell')).toHaveAttribute('aria-label', new RegExp(`${before + 1} 条未读`));
  const row = liu.getByTestId('notification').filter({ hasText: title });
  await expect(row).toContainText('新公告');
  await expect(row.getByTestId('notification-link')).toHaveAttribute('href', itemPath);
  await liu.getByTestId('filter-kind').selectOption('emergency.triggered');
  await liu.getByRole('button', { name: '筛选' }).click();
  await expect(liu.getByTestId('notification').filter({ hasText: title })).toHaveCount(0);
  await liu.goto('/notifications');
  await expectAccessible(liu);

  // Preferences: a daily digest at this hour, weekends included.
  const now = new Date();
  await setPreferences(liu, shanghaiHour(now));
  const zhangCtx = await browser.newContext({ locale: 'en-US' });
  const zhang = await zhangCtx.newPage();
  await signInAsEmployee(zhang, 'zhang.wei@xinghai.example');
  await setPreferences(zhang, shanghaiHour(now));
  await expect(zhang.getByTestId('pref-hour')).toHaveValue(String(shanghaiHour(now)));

  // The digest job runs (from this process, against the e2e database).
  runDigestJob(now);
  const liuMail = await waitForMailTo('liu.yang@xinghai.example', started);
  const zhangMail = await waitForMailTo('zhang.wei@xinghai.example', started);
  const digestOf = async (email: string) => (await query(`select id, subject, text from mail_outbox where to_email = $1 and template = 'digest' and created_at > $2`, [email, started]))[0];
  const liuDigest = await digestOf('liu.yang@xinghai.example');
  const zhangDigest = await digestOf('zhang.wei@xinghai.example');
  void liuMail; void zhangMail;
  expect(liuDigest.subject).toContain('每日摘要');
  expect(liuDigest.text).toContain(title);
  expect(zhangDigest.subject).toContain('Your Plaza digest');
  // Run again: nothing twice.
  runDigestJob(now);
  expect(await query(`select 1 from mail_outbox where to_email = 'liu.yang@xinghai.example' and template = 'digest' and created_at > $1`, [started])).toHaveLength(1);

  // An admin opens it in the outbox.
  const adminCtx = await browser.newContext({ locale: 'en-US' });
  const admin = await adminCtx.newPage();
  await signInAsEmployee(admin, 'wang.lei@xinghai.example');
  await admin.goto(`/outbox/${liuDigest.id}`);
  await expect(admin.getByTestId('mail-subject')).toHaveText(liuDigest.subject);
  await expect(admin.getByTestId('mail-text')).toContainText(title);
  await adminCtx.close();

  // 刘洋 follows the link in the mail to the item.
  await liu.goto(firstLink(liuDigest.text, itemPath));
  await expect(liu.getByRole('heading', { level: 1 })).toContainText(title);

  // Unsubscribing needs no sign-in; a tampered link says it is not valid.
  const unsubscribe = firstLink(liuDigest.text, '/unsubscribe?token=');
  const anonCtx = await browser.newContext({ locale: 'zh-CN' });
  const anon = await anonCtx.newPage();
  await anon.goto(unsubscribe.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
  await expect(anon.getByTestId('unsubscribe-invalid')).toContainText('无效');
  await anon.goto(unsubscribe);
  await expect(anon.getByTestId('unsubscribe-form')).toContainText('liu.yang@xinghai.example');
  await expectAccessible(anon);
  await snap(anon, 'notifications-zh-CN-390-unsubscribe');
  await anon.getByTestId('unsubscribe').click();
  await expect(anon.getByTestId('form-success')).toContainText('不再收到摘要');
  const [pref] = await query(`select np.digest_frequency from notification_preference np join person p on p.id = np.person_id where p.email = 'liu.yang@xinghai.example'`);
  expect(pref.digest_frequency).toBe('off');
  await anonCtx.close();

  // Marking all read empties the bell.
  await liu.goto('/notifications');
  await liu.getByTestId('mark-all-read').click();
  await expect(liu.getByTestId('notification-count')).toHaveCount(0);
  await expect(liu.getByTestId('notifications-empty')).toBeVisible();
  await liuCtx.close();
  await zhangCtx.close();

  // Screens, both languages, desktop and phone.
  await shots(browser, 'wang.lei@xinghai.example', 'en-US', ['/notifications?show=all', '/profile/notifications', '/admin/notifications']);
  await shots(browser, 'liu.yang@xinghai.example', 'zh-CN', ['/notifications?show=all', '/profile/notifications']);
});

test('admin: IM channel registry refuses foreign robot URLs, lists channels; suppressed addresses are shown', async ({ browser }) => {
  test.setTimeout(15 * 60_000);
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const admin = await ctx.newPage();
  await signInAsEmployee(admin, 'wang.lei@xinghai.example');
  await admin.goto('/admin/channels');
  const name = `生产部钉钉群 ${Date.now()}`;
  const form = admin.getByTestId('channel-form-new');
  await form.getByLabel('渠道名称').fill(name);
  await form.getByLabel('平台').selectOption('dingtalk');
  // A look-alike host is refused at the field, what was typed stays.
  await form.getByLabel('机器人 Webhook 地址').fill(`https://oapi.dingtalk.com.evil.example/robot/send?access_token=${'ab'.repeat(32)}`);
  await admin.getByTestId('channel-save').click();
  await expect(form.getByText('只接受该平台在 oapi.dingtalk.com 上的官方机器人地址')).toBeVisible();
  await expect(form.getByLabel('渠道名称')).toHaveValue(name);
  await form.getByLabel('机器人 Webhook 地址').fill(`https://oapi.dingtalk.com/robot/send?access_token=${'ab'.repeat(32)}`);
  await form.getByLabel('加签密钥').fill(`SEC${'12'.repeat(32)}`);
  await form.getByLabel('适用场景').fill('紧急通知、应急预案');
  await admin.getByTestId('channel-save').click();
  const card = admin.getByTestId('channel').filter({ hasText: name });
  await expect(card).toContainText('oapi.dingtalk.com · 已加签');
  await expect(card).not.toContainText('abab');
  await expectAccessible(admin);

  // The demo registry: channels in both languages, switched off on placeholder addresses.
  const demo = admin.getByTestId('channel').filter({ hasText: '全员应急通知群 · Company emergency group' });
  await expect(demo).toContainText('停用');
  await expect(demo.getByTestId('channel-placeholder')).toBeVisible();

  // A hard bounce reported by the provider shows on the notifications admin page, with when and
  // why; an admin lifts it with a reason (refused without one, what was typed kept) — audited.
  const stamp = Date.now();
  const zhAddr = `gone${stamp}@xinghai.example`;
  const enAddr = `spam${stamp}@xinghai.example`;
  await query(`insert into mail_suppression (email, reason, detail) values ($1, 'bounced', 'Permanent · General'), ($2, 'complained', 'abuse report')`, [zhAddr, enAddr]);
  await admin.goto('/admin/notifications');
  const zhRow = admin.getByTestId('suppression').filter({ hasText: zhAddr });
  await expect(zhRow).toContainText('永久退信');
  await expect(zhRow).toContainText('Permanent · General');
  await zhRow.getByTestId('lift-open').click();
  await zhRow.getByTestId('lift').click();
  await expect(zhRow.getByTestId('error-reason')).toBeVisible();
  await zhRow.getByLabel('解除原因（记入审计日志）').fill('邮箱已恢复');
  await zhRow.getByTestId('lift').click();
  await expect(admin.getByTestId('lifted')).toContainText('已解除停发');
  await expect(admin.getByTestId('suppression').filter({ hasText: zhAddr })).toHaveCount(0);
  await expectAccessible(admin);
  const audit = await query<{ details: { reason: string; suppressedFor: string } }>(`select details from audit_log where action = 'mail.suppression_lifted' and target_label = $1`, [zhAddr]);
  expect(audit).toHaveLength(1);
  expect(audit[0].details).toMatchObject({ reason: '邮箱已恢复', suppressedFor: 'bounced' });
  await ctx.close();

  // The same in English.
  const enCtx = await browser.newContext({ locale: 'en-US' });
  const enAdmin = await enCtx.newPage();
  await signInAsEmployee(enAdmin, 'wang.lei@xinghai.example');
  await enAdmin.goto('/admin/notifications');
  const enRow = enAdmin.getByTestId('suppression').filter({ hasText: enAddr });
  await expect(enRow).toContainText('Spam complaint');
  await enRow.getByTestId('lift-open').click();
  await enRow.getByLabel('Why (kept in the audit log)').fill('Reported by mistake');
  await enRow.getByTestId('lift').click();
  await expect(enAdmin.getByTestId('lifted')).toContainText('Suppression lifted');
  await expect(enAdmin.getByTestId('suppression').filter({ hasText: enAddr })).toHaveCount(0);
  await expectAccessible(enAdmin);
  await enCtx.close();
  // One left for the screenshots.
  await query(`insert into mail_suppression (email, reason, detail) values ('gone@xinghai.example', 'bounced', 'Permanent · General') on conflict do nothing`);

  await shots(browser, 'wang.lei@xinghai.example', 'zh-CN', ['/admin/channels', '/admin/notifications']);
  await shots(browser, 'wang.lei@xinghai.example', 'en-US', ['/admin/channels', '/admin/notifications']);
});

test('admin: company defaults per role; a head’s own page says which role’s defaults apply', async ({ browser }) => {
  test.setTimeout(10 * 60_000);
  // Other specs share the database: start from (and leave) built-in defaults for heads.
  await query(`delete from notification_default where audience = 'unit_head'`);
  await query(`delete from notification_preference where person_id = (select id from person where email = 'zhang.wei@xinghai.example')`);
  try {
    for (const locale of ['zh-CN', 'en-US'] as const) {
      // The browser's language decides (the first test may have left a saved one).
      await query(`update person set locale = null where email = any($1)`, [['wang.lei@xinghai.example', 'zhang.wei@xinghai.example']]);
      const ctx = await browser.newContext({ locale });
      const admin = await ctx.newPage();
      await signInAsEmployee(admin, 'wang.lei@xinghai.example');
      await admin.goto('/admin/notifications');
      await expect(admin.getByTestId('defaults-role-employee')).toHaveAttribute('aria-current', 'page');
      await admin.getByTestId('defaults-role-unit_head').click();
      await expect(admin.getByTestId('defaults-role-unit_head')).toHaveAttribute('aria-current', 'page');
      await expect(admin.getByRole('heading', { level: 2, name: locale === 'zh-CN' ? '“部门负责人”的默认设置' : 'Defaults for Department head' })).toBeVisible();
      const form = admin.getByTestId('defaults-form-unit_head');
      // Built in for heads: approvals needed are mailed at once.
      await expect(form.getByTestId('pref-mode-announcement.approval_needed')).toHaveValue('immediate');
      await form.getByTestId('pref-hour').selectOption(locale === 'zh-CN' ? '7' : '9');
      await form.getByTestId('pref-save').click();
      await expect(form.getByTestId('form-success')).toBeVisible();
      await expect(admin.getByTestId('defaults-source')).toHaveText(locale === 'zh-CN' ? '已设置公司默认值' : 'Company defaults set');
      await expectAccessible(admin);
      await ctx.close();

      const headCtx = await browser.newContext({ locale });
      const head = await headCtx.newPage();
      await signInAsEmployee(head, 'zhang.wei@xinghai.example');
      await head.goto('/profile/notifications');
      await expect(head.getByTestId('defaults-applied')).toHaveText(locale === 'zh-CN' ? '您未自行选择的项目，采用公司为“部门负责人”设定的默认值。' : 'Where you have not chosen yourself, the company’s defaults for Department head apply.');
      await expect(head.getByTestId('pref-hour')).toHaveValue(locale === 'zh-CN' ? '7' : '9');
      await expectAccessible(head);
      await headCtx.close();
    }
    const audit = await query<{ target_label: string }>(`select target_label from audit_log where action = 'notifications.defaults' and target_label = 'unit_head' and at > now() - interval '10 minutes'`);
    expect(audit.length).toBeGreaterThanOrEqual(2);
    await shots(browser, 'wang.lei@xinghai.example', 'zh-CN', ['/admin/notifications?role=unit_head', '/admin/notifications?role=partner']);
    await shots(browser, 'wang.lei@xinghai.example', 'en-US', ['/admin/notifications?role=partner_admin']);
    await shots(browser, 'zhang.wei@xinghai.example', 'zh-CN', ['/profile/notifications']);
    await shots(browser, 'zhang.wei@xinghai.example', 'en-US', ['/profile/notifications']);
  } finally {
    await query(`delete from notification_default where audience = 'unit_head'`);
  }
});
