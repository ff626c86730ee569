import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test as base, type Locator, type Page } from '@playwright/test';
import pg from 'pg';

/**
 * Shared helpers for the specs. They drive the real flows (the local OpenID provider, the
 * partner e-mail link through the outbox) — never a back door — and read the e2e database only
 * to find mails and to arrange facts a person could not (an expired link).
 */
export const test = base;
export { expect };

let pool: pg.Pool | undefined;
export const e2ePort = Number(process.env.PLAZA_E2E_PORT ?? 3100);
export const idpIssuer = `http://localhost:${e2ePort + 1}`;

export function e2eDb(): pg.Pool {
  const dir = e2ePort === 3100 ? 'e2e' : `e2e-${e2ePort}`;
  const url = readFileSync(path.join(process.cwd(), '.data', dir, 'database-url'), 'utf8').trim();
  pool ??= new pg.Pool({ connectionString: url, max: 2 });
  return pool;
}

export async function query<T extends pg.QueryResultRow = any>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await e2eDb().query<T>(text, values)).rows;
}

/** Signs an employee in through "Sign in with company SSO" and the local identity provider. */
export async function signInAsEmployee(page: Page, email: string, opts: { expectLanding?: boolean } = {}): Promise<void> {
  await page.goto('/sign-in');
  await page.getByTestId('sso-sign-in').click();
  // The identity provider's own sign-in page: type the e-mail and continue.
  const emailField = page.locator('input[name="email"]');
  await emailField.waitFor();
  await emailField.fill(email);
  await page.getByTestId('idp-submit').click();
  if (opts.expectLanding !== false) {
    await page.waitForURL((u) => u.port === String(e2ePort) && !u.pathname.startsWith('/sign-in') && !u.pathname.startsWith('/api/auth'));
  }
}

/** The newest mail to an address (optionally only those after a moment), from the outbox. */
export async function latestMailTo(email: string, after?: Date): Promise<{ id: string; subject: string; text: string; html: string; created_at: Date } | null> {
  const rows = await query(
    `select id, subject, text, html, created_at from mail_outbox where lower(to_email) = lower($1) and created_at > $2 order by created_at desc limit 1`,
    [email, after ?? new Date(0)],
  );
  return rows[0] ?? null;
}

export async function waitForMailTo(email: string, after: Date, timeoutMs = 15_000) {
  const started = Date.now();
  for (;;) {
    const m = await latestMailTo(email, after);
    if (m) return m;
    if (Date.now() - started > timeoutMs) throw new Error(`no mail to ${email} after ${after.toISOString()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The working sign-in link of the newest partner sign-in mail to an address. The stored mail has
 * its token redacted (decision 1100); with the outbox transport the live link is kept apart until
 * it expires or is used — what an admin (or, on the quick-start demo, anyone signed in) sees at
 * /outbox/<id>. Read from the database here so that a spec needs no second session.
 */
export async function waitForSignInLink(email: string, after: Date, timeoutMs = 15_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const [row] = await query<{ url: string }>(
      `select l.url from mail_outbox_live_link l join mail_outbox m on m.id = l.mail_id
       where lower(l.to_email) = lower($1) and m.created_at > $2 and l.expires_at > now() order by m.created_at desc limit 1`,
      [email, after],
    );
    if (row) return row.url;
    if (Date.now() - started > timeoutMs) throw new Error(`no live sign-in link for ${email} after ${after.toISOString()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function firstLink(text: string, contains: string): string {
  const m = text.match(/https?:\/\/[^\s)\]>"]+/g)?.find((u) => u.includes(contains));
  if (!m) throw new Error(`no link containing ${contains} in:\n${text}`);
  return m;
}

/** Requests a partner sign-in link and follows it through the confirm page. */
export async function signInAsPartner(page: Page, email: string): Promise<void> {
  const before = new Date(Date.now() - 1000);
  // Specs sign partners in many times from one address: start each from a clean rate-limit window.
  await query('delete from rate_limit').catch(() => {});
  await page.goto('/partner/sign-in');
  await page.locator('input[name="email"]').fill(email);
  await page.getByTestId('partner-sign-in-submit').click();
  await expect(page.getByTestId('partner-sign-in-sent')).toBeVisible();
  await page.goto(await waitForSignInLink(email, before));
  await page.getByTestId('partner-confirm').click();
  await page.waitForURL((u) => u.pathname === '/partner');
}

export async function signOut(page: Page): Promise<void> {
  await page.locator('summary[aria-label]').first().click();
  await page.getByRole('button', { name: /Sign out|退出登录/ }).click();
  await page.waitForURL((u) => u.pathname.startsWith('/sign-in'));
}

/**
 * Fails on any serious or critical accessibility violation axe-core finds on the page as it is
 * now (WCAG 2.1 A/AA rules). Call it on every page a spec changes, in both languages.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

/** Saves a screenshot under e2e/.screens for people to look at (git-ignored). */
export async function snap(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join('e2e', '.screens', `${name}.png`), fullPage: true });
}

export const phone = { width: 390, height: 844 };

/**
 * At phone width nothing may scroll sideways: not the page, and no table wider than the box it
 * sits in (a table that only fits by scrolling inside its card is cut off for the reader); and no
 * table cell may be squeezed to a character or two per line. Tables meant to scroll (a board)
 * carry data-wide. Returns what is wrong, one line each (empty: fine).
 */
export async function phoneLayoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const vw = window.innerWidth;
    if (document.documentElement.scrollWidth > vw + 1) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px > ${vw}px`);
    for (const table of Array.from(document.querySelectorAll('main table:not([data-wide])'))) {
      const box = table.parentElement!;
      const id = (table as HTMLElement).dataset.testid ?? table.querySelector('th,td')?.textContent?.trim().slice(0, 20) ?? 'table';
      if (table.scrollWidth > box.clientWidth + 1) problems.push(`table "${id}" is ${table.scrollWidth}px wide in a ${box.clientWidth}px box`);
      for (const cell of Array.from(table.querySelectorAll('td, th')) as HTMLElement[]) {
        const text = cell.innerText.trim();
        if (text.length < 4 || cell.offsetParent === null) continue;
        const style = getComputedStyle(cell);
        const fontSize = parseFloat(style.fontSize);
        const lineHeight = parseFloat(style.lineHeight) || fontSize * 1.4;
        const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        if (inner < fontSize * 2.5 && cell.scrollHeight > lineHeight * 3) problems.push(`cell "${text.slice(0, 20)}" in table "${id}" is ${Math.round(inner)}px wide`);
      }
    }
    return problems;
  });
}

/**
 * Chooses an option in the <Picker testId=…> inside `scope`: types `search` (default: the first
 * label) and clicks the option whose name is exactly one of `labels` (the Chinese name and its
 * English one: options are labelled in the viewer's language; the search may offer several).
 */
export async function pick(scope: Page | Locator, testId: string, labels: string | string[], search?: string): Promise<void> {
  const names = ([] as string[]).concat(labels);
  const exact = new RegExp(`^(${names.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  const picker = scope.getByTestId(testId);
  await picker.getByTestId(`${testId}-input`).fill(search ?? names[0]);
  await picker.getByTestId('picker-option').locator('div.font-medium', { hasText: exact }).first().click();
  await expect(picker.getByTestId('picker-chosen').locator('span.truncate', { hasText: exact })).toHaveCount(1);
}
