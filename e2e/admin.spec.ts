import { randomBytes } from 'node:crypto';
import { expect, phone, pick, query, signInAsEmployee, signInAsPartner, snap, test, waitForMailTo } from './fixtures';

/**
 * Administration flows as the demo admin 王磊 (wang.lei@xinghai.example). Every test creates its
 * own units, people and partner organisations (suffix `tag`) so that reruns and other specs are
 * unaffected; demo people are only read.
 */
const ADMIN = 'wang.lei@xinghai.example';
const tag = () => randomBytes(3).toString('hex');

async function unitId(name: string): Promise<string> {
  const [row] = await query<{ id: string }>(`select id from org_unit where name = $1`, [name]);
  return row.id;
}

test.describe('administration', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsEmployee(page, ADMIN);
  });

  test('admin sees the org tree and searches people', async ({ page }) => {
    test.slow(); // several page loads: over two minutes on a busy two-core machine
    await page.goto('/admin');
    await expect(page.getByRole('link', { name: /组织架构|Organisation/ }).first()).toBeVisible();
    await page.goto('/admin/org');
    const tree = page.getByTestId('org-tree');
    // Level by level: the top level first, then the children of each unit opened on the way down.
    await expect(tree.locator('[data-name="总部"]')).toBeVisible();
    await expect(tree.locator('[data-name="装配一组"]')).toHaveCount(0);
    await tree.locator('[data-name="总部"]').click();
    await expect(tree.locator('[data-name="华东区"]')).toBeVisible();
    await page.goto(`/admin/org?unit=${await unitId('生产部')}`);
    for (const name of ['总部', '华东区', '生产部', '装配一组']) await expect(tree.locator(`[data-name="${name}"]`)).toBeVisible();

    await page.goto('/admin/people');
    await page.getByRole('main').locator('input[name="q"]').fill('刘洋');
    await page.getByRole('main').locator('form[role="search"] button[type="submit"]').click();
    await expect(page.getByTestId('people-table')).toContainText('liu.yang@xinghai.example');
    await expect(page.getByTestId('people-table').locator('tbody tr')).toHaveCount(1);
    // Search by English name and e-mail too.
    await page.goto('/admin/people?q=zhang%20wei');
    await expect(page.getByTestId('people-table')).toContainText('zhang.wei@xinghai.example');
  });

  test('creates, renames, moves and deletes a unit; a unit with people is refused', async ({ page }) => {
    test.slow();
    const name = `测试部-${tag()}`;
    await page.goto(`/admin/org?unit=${await unitId('总部')}`);
    const panel = page.getByTestId('unit-panel');
    await panel.locator('summary', { hasText: /添加下级部门|Add a sub-unit/ }).click();
    const add = page.getByTestId('add-child-form');
    await add.locator('input[name="name"]').fill(name);
    await add.locator('input[name="nameEn"]').fill('E2E Dept');
    await add.locator('button[type="submit"]').click();
    await expect(page.getByTestId('unit-panel').getByRole('heading', { name })).toBeVisible();

    // Rename.
    const renamed = `${name}-改`;
    const rename = page.getByTestId('rename-form');
    await rename.locator('input[name="name"]').fill(renamed);
    await rename.locator('button[type="submit"]').click();
    await expect(rename.getByTestId('form-success')).toBeVisible();
    await expect(page.getByTestId('org-tree').locator(`[data-name="${renamed}"]`)).toBeVisible();

    // Move under 华南区.
    await page.getByTestId('unit-panel').locator('summary', { hasText: /移动|Move/ }).click();
    const move = page.getByTestId('move-form');
    await move.getByTestId('picker-chosen').getByRole('button').click(); // the current parent, 总部
    await pick(move, 'move-parent', ['华南区', 'South China Region']);
    await move.locator('button[type="submit"]').click();
    await expect(move.getByTestId('form-success')).toBeVisible();
    const [closure] = await query(
      `select c.depth from org_unit_closure c join org_unit a on a.id = c.ancestor_id join org_unit d on d.id = c.descendant_id where a.name = '华南区' and d.name = $1`,
      [renamed],
    );
    expect(closure.depth).toBe(1);

    // Delete it (empty).
    const del = page.getByTestId('delete-form');
    await del.locator('summary').click();
    await del.getByRole('button', { name: new RegExp(renamed) }).click();
    await page.waitForURL(/deleted=1/);
    await expect(page.getByTestId('org-tree').locator(`[data-name="${renamed}"]`)).toHaveCount(0);

    // A unit with people cannot be deleted.
    await page.goto(`/admin/org?unit=${await unitId('装配一组')}`);
    const refuse = page.getByTestId('delete-form');
    await refuse.locator('summary').click();
    await refuse.getByRole('button', { name: /装配一组/ }).click();
    await expect(refuse.getByTestId('form-error')).toContainText(/人员|people/);
    await expect(page.getByTestId('org-tree').locator('[data-name="装配一组"]')).toBeVisible();
  });

  test('adds an employee, grants a role, and deactivates them', async ({ page }) => {
    const t = tag();
    const email = `e2e.person.${t}@xinghai.example`;
    await page.goto('/admin/people/new');
    const form = page.getByTestId('new-person-form');
    // A bad e-mail is refused in the viewer's language and what was typed stays.
    await form.locator('input[name="name"]').fill(`测试员工${t}`);
    await form.locator('input[name="email"]').fill('Bob <bob@x.example>');
    await pick(form, 'person-unit', ['信息技术部', 'IT']);
    await form.locator('button[type="submit"]').click();
    await expect(form.locator('input[name="email"]')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByTestId('picker-chosen')).toContainText(/信息技术部|IT/); // the chosen unit comes back too
    await expect(form.locator('input[name="name"]')).toHaveValue(`测试员工${t}`);
    await form.locator('input[name="email"]').fill(email);
    await form.locator('button[type="submit"]').click();
    await page.waitForURL(/\/admin\/people\/[0-9a-f-]{36}$/);

    await page.getByTestId('grant-comms_officer').click();
    await expect(page.getByTestId('role-comms_officer')).toHaveAttribute('data-has', 'yes');
    const [role] = await query(`select r.role from person_role r join person p on p.id = r.person_id where p.email = $1`, [email]);
    expect(role.role).toBe('comms_officer');

    // Give them a session, then deactivate: the session is gone at once.
    await query(`insert into auth_session (token_hash, person_id, expires) select encode(sha256(convert_to($1, 'UTF8')), 'hex'), id, now() + interval '1 day' from person where email = $2`, [`e2e-${t}`, email]);
    const status = page.getByTestId('status-form');
    await status.locator('summary').click();
    await status.locator('button[type="submit"]').click();
    await expect(status.getByTestId('form-success')).toBeVisible();
    const [p] = await query(`select status, (select count(*)::int from auth_session s where s.person_id = person.id) as sessions from person where email = $1`, [email]);
    expect(p).toEqual({ status: 'deactivated', sessions: 0 });
    const [audit] = await query(`select count(*)::int as n from audit_log where action = 'person.deactivate' and target_label = $1`, [email]);
    expect(audit.n).toBe(1);
  });

  test('imports a CSV with one invalid row and shows the per-row report', async ({ page }) => {
    const t = tag();
    const csv = ['姓名,邮箱,部门路径,职位,职级', `导入员工${t},e2e.import.${t}@xinghai.example,总部/华东区/生产部,工程师,P3`, `坏行${t},not-an-email,总部,,`].join('\r\n');
    await page.goto('/admin/people/import');
    await page.locator('input[type="file"]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${csv}`, 'utf8') });
    await page.getByTestId('import-form').locator('button[type="submit"]').click();
    const report = page.getByTestId('import-report');
    await expect(report).toBeVisible();
    await expect(report.locator('[data-testid="import-row"][data-line="2"]')).toHaveAttribute('data-outcome', 'created');
    await expect(report.locator('[data-testid="import-row"][data-line="3"]')).toHaveAttribute('data-outcome', 'rejected');
    await expect(report.locator('[data-testid="import-row"][data-line="3"]')).toContainText(/邮箱|E-mail/);
    const [p] = await query(`select origin, position from person where email = $1`, [`e2e.import.${t}@xinghai.example`]);
    expect(p).toEqual({ origin: 'import', position: '工程师' });

    // An unreadable file applies nothing and says why.
    await page.locator('input[type="file"]').setInputFiles({ name: 'photo.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]) });
    await page.getByTestId('import-form').locator('button[type="submit"]').click();
    await expect(page.getByTestId('form-error')).toBeVisible();
  });

  test('creates a partner organisation and invites its admin', async ({ page }) => {
    const t = tag();
    await page.goto('/admin/partners/new');
    const form = page.getByTestId('new-partner-form');
    await form.locator('input[name="name"]').fill(`测试伙伴${t}`);
    await form.locator('input[name="nameEn"]').fill(`E2E Partner ${t}`);
    await form.locator('select[name="type"]').selectOption('customer');
    await form.locator('button[type="submit"]').click();
    await page.waitForURL(/\/admin\/partners\/[0-9a-f-]{36}$/);

    const email = `admin.${t}@partner-e2e.example`;
    const before = new Date(Date.now() - 1000);
    const invite = page.getByTestId('invite-form');
    await invite.locator('input[name="name"]').fill(`伙伴管理员${t}`);
    await invite.locator('input[name="email"]').fill(email);
    await invite.locator('select[name="role"]').selectOption('partner_admin');
    await invite.locator('select[name="locale"]').selectOption('zh-CN');
    await invite.locator('button[type="submit"]').click();
    await expect(invite.getByTestId('form-success')).toContainText(email);
    await expect(page.getByTestId('partner-people').locator(`[data-email="${email}"]`)).toBeVisible();
    const mail = await waitForMailTo(email, before);
    expect(mail.subject).toContain(`测试伙伴${t}`);
    expect(mail.text).toContain('/partner/sign-in');

    // Not signed in yet: the invitation can be sent again.
    const again = new Date(Date.now() - 1000);
    const row = page.getByTestId('partner-people').locator(`[data-email="${email}"]`);
    await row.getByTestId('resend-invitation').locator('button[type="submit"]').click();
    await expect(row.getByTestId('resend-invitation').getByTestId('form-success')).toContainText(email);
    await waitForMailTo(email, again);
  });

  test('the audit log filters and exports', async ({ page }) => {
    await page.goto('/admin/audit?action=unit.create');
    await expect(page.getByTestId('audit-table')).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByTestId('audit-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^plaza-audit-.*\.csv$/);
  });

  test('admin pages work on a phone', async ({ page }) => {
    await page.setViewportSize(phone);
    for (const path of ['/admin', '/admin/org', '/admin/people', '/admin/audit', '/directory']) {
      await page.goto(path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(phone.width);
    }
    await snap(page, 'directory-phone');
  });
});

test('an employee opening /admin gets the 403 page; the directory works for them', async ({ page }) => {
  await signInAsEmployee(page, 'liu.yang@xinghai.example');
  await page.goto('/admin');
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await page.goto('/admin/people');
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await page.goto('/directory?q=王磊');
  await expect(page.getByTestId('directory-results')).toContainText('wang.lei@xinghai.example');
});

test('a partner opening /admin/people gets 404; a partner admin manages only their own team', async ({ page }) => {
  await signInAsPartner(page, 'chen.gang@hengtong.example');
  const res = await page.goto('/admin/people');
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('forbidden')).toHaveCount(0);
  await page.goto('/partner/team');
  const team = page.getByTestId('partner-people');
  await expect(team.locator('[data-email="zhou.li@hengtong.example"]')).toBeVisible();
  await expect(team.locator('[data-email="sun.qiang@hualian.example"]')).toHaveCount(0);
  // Another organisation's page does not exist for a partner.
  const [other] = await query<{ id: string }>(`select id from partner_org where name like '华联商贸%'`);
  expect((await page.goto(`/admin/partners/${other.id}`))?.status()).toBe(404);
});
