import type { Page } from '@playwright/test';
import { e2ePort, expect, latestMailTo, pick, query, signInAsEmployee, signInAsPartner, test } from './fixtures';

/**
 * Security hardening (docs/decisions/0300-security-hardening.md) in the real server and browser:
 * a nonce-based Content-Security-Policy that every page lives with, a forged sign-in callback
 * that signs nobody out, client addresses a client cannot choose, and request bodies refused
 * before they are read.
 */
function watchForViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame|send)/i.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.push(`${page.url()}: ${e.message}`));
  return seen;
}

/** Opens a page and checks its policy: a fresh nonce, on every script tag of the HTML. */
async function openWithPolicy(page: Page, path: string, nonces: Set<string>): Promise<void> {
  const res = await page.goto(path);
  expect(res, path).not.toBeNull();
  expect(res!.status(), path).toBe(200);
  const csp = res!.headers()['content-security-policy'] ?? '';
  expect(csp, path).toContain("'strict-dynamic'");
  expect(csp, path).toContain("object-src 'none'");
  expect(csp, path).toContain("base-uri 'none'");
  expect(csp, path).toContain("frame-ancestors 'none'");
  expect(csp, path).toMatch(/form-action 'self'/);
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, path).toBeTruthy();
  expect(nonces.has(nonce!), `${path}: nonce reused`).toBe(false);
  nonces.add(nonce!);
  const html = await res!.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, path).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  // Over plain http (the tests) no HSTS: it is sent only when AUTH_URL is https.
  expect(res!.headers()['strict-transport-security'], path).toBeUndefined();
}

test.describe('Content-Security-Policy', () => {
  test('every page of an admin works under the policy: scripts by nonce, nothing refused', async ({ page }) => {
    test.slow(); // twenty pages
    const violations = watchForViolations(page);
    const nonces = new Set<string>();
    for (const path of ['/sign-in', '/partner/sign-in']) await openWithPolicy(page, path, nonces);
    await signInAsEmployee(page, 'wang.lei@xinghai.example');
    const paths = ['/', '/announcements', '/announcements/new', '/announcements/approvals', '/announcements/templates', '/emergency', '/directory', '/profile',
      '/admin', '/admin/org', '/admin/people', '/admin/people/new', '/admin/people/import', '/admin/partners', '/admin/partners/new', '/admin/audit', '/outbox'];
    for (const path of paths) await openWithPolicy(page, path, nonces);
    // A mail shown in the outbox (its HTML in a sandboxed frame) and the not-found page.
    const [mail] = await query<{ id: string }>('select id from mail_outbox order by created_at desc limit 1');
    if (mail) await openWithPolicy(page, `/outbox/${mail.id}`, nonces);
    const missing = await page.goto('/announcements/00000000-0000-0000-0000-000000000000');
    expect(missing?.status()).toBe(404);
    expect(missing?.headers()['content-security-policy']).toContain("'strict-dynamic'");

    // Client components still hydrate and act: the language switch and the Markdown preview.
    await page.goto('/announcements/new');
    await page.getByTestId('compose-body').fill('**粗体**');
    await page.getByTestId('compose-preview').click();
    await expect(page.getByTestId('compose-preview-pane').locator('strong')).toHaveText('粗体');
    expect(violations).toEqual([]);
  });

  test('a partner’s pages work under the policy too', async ({ page }) => {
    const violations = watchForViolations(page);
    const nonces = new Set<string>();
    await signInAsPartner(page, 'chen.gang@hengtong.example');
    for (const path of ['/partner', '/partner/team', '/announcements']) await openWithPolicy(page, path, nonces);
    expect(violations).toEqual([]);
  });

  test('an injected inline script does not run', async ({ page }) => {
    await signInAsEmployee(page, 'liu.yang@xinghai.example');
    const violations = watchForViolations(page);
    await page.goto('/');
    // As if markup had slipped into the page: a parser-inserted script without the nonce.
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__pwned = 1">');
      const frame = document.createElement('iframe');
      frame.srcdoc = '<script>parent.__pwned = 2</script>';
      document.body.appendChild(frame);
    });
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(violations.some((v) => /Content Security Policy/i.test(v))).toBe(true);
  });
});

test.describe('sessions', () => {
  test('a forged SSO callback (logout CSRF) leaves the visitor signed in', async ({ page }) => {
    await signInAsEmployee(page, 'liu.yang@xinghai.example');
    const token = (await page.context().cookies()).find((c) => c.name === 'authjs.session-token')?.value;
    expect(token).toBeTruthy();
    // Another site makes the browser open the callback with a made-up code and state.
    await page.goto('/api/auth/callback/sso?code=x&state=y');
    await expect(page).toHaveURL(/\/sign-in\/error/);
    expect((await page.context().cookies()).find((c) => c.name === 'authjs.session-token')?.value).toBe(token);
    await page.goto('/');
    await expect(page.getByTestId('viewer-name')).toBeVisible();
    // The table never holds the token itself.
    expect(await query('select 1 from auth_session where token_hash = $1', [token])).toHaveLength(0);
    expect(await query(`select 1 from auth_session where token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [token])).toHaveLength(1);
  });
});

test.describe('client addresses and request bodies', () => {
  test('without a trusted proxy, an X-Forwarded-For the client wrote is ignored', async ({ browser }) => {
    const ctx = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '10.66.66.66, 10.77.77.77' } });
    const page = await ctx.newPage();
    const email = `spoof-${Date.now()}@nowhere.example`;
    await page.goto('/partner/sign-in');
    await page.locator('input[name="email"]').fill(email);
    await page.getByTestId('partner-sign-in-submit').click();
    await expect(page.getByTestId('partner-sign-in-sent')).toBeVisible();
    const [entry] = await query<{ ip: string | null }>(`select ip from audit_log where action = 'auth.link_requested' and target_label = $1`, [email]);
    // The connection's own address (loopback here), not either address the client claimed.
    expect(entry.ip).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(await latestMailTo(email)).toBeNull();
    await ctx.close();
  });

  test('anonymous requests cannot make Plaza read a large body; a signed-in upload arrives whole', async ({ browser, request }) => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x61);
    // A server-action call without a session: refused by its declared length.
    const action = await request.post('/partner/sign-in', { headers: { 'next-action': '0'.repeat(42), 'content-type': 'text/plain;charset=UTF-8' }, data: big, maxRedirects: 0 });
    expect(action.status()).toBe(413);
    expect((await request.post('/', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: big, maxRedirects: 0 })).status()).toBe(413);
    expect((await request.post('/api/auth/partner/confirm', { headers: { origin: `http://localhost:${e2ePort}` }, multipart: { token: 'x'.repeat(100 * 1024), email: 'a@b.example' }, maxRedirects: 0 })).status()).toBe(413);

    // An author's 3 MB attachment passes untouched (larger than what the proxy would buffer).
    const ctx = await browser.newContext({ locale: 'zh-CN' });
    const page = await ctx.newPage();
    await signInAsEmployee(page, 'li.na@xinghai.example');
    const title = `大附件 ${Date.now()}`;
    const text = Buffer.from('设备巡检记录 line of text\n'.repeat(100_000), 'utf8');
    await page.goto('/announcements/new');
    await page.getByTestId('compose-title').fill(title);
    await pick(page, 'audience-people', ['李娜 · Li Na', 'Li Na · 李娜'], 'li.na@xinghai.example');
    await page.getByTestId('compose-attachments').setInputFiles([{ name: 'log.txt', mimeType: 'text/plain', buffer: text }]);
    await page.getByTestId('compose-draft').click();
    await page.waitForURL(/\/announcements\/[0-9a-f-]{36}$/);
    const [file] = await query<{ size: number }>(
      `select f.size from stored_file f join announcement_attachment aa on aa.file_id = f.id join announcement a on a.id = aa.announcement_id where a.title = $1`,
      [title],
    );
    expect(file.size).toBe(text.length);
    await ctx.close();
  });
});

