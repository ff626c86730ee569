import type { BrowserContext, Page } from '@playwright/test';
import { expect, query, test } from './fixtures';
import { idOf, insertActivation, insertAnnouncement, insertAttachment, insertAudience, personId, sessionFor } from './matrix-seed';
import { armPage, findingsOn, loadPayloads } from './xss-guard';

/**
 * Stored XSS (issue 7): every payload of the corpus (e2e/xss/payloads.txt, 300+ lines of
 * payloadbox/xss-payload-list, MIT) through every field Plaza renders — announcement titles and
 * Markdown bodies, revision history, attachment file names, people's names, unit names, partner
 * organisation names, announcement templates, emergency plan names/titles/bodies and activation
 * details — stored straight into the database (as if an earlier bug or an import had let them
 * in: the pages must hold on their own), then rendered in Chromium. Fails if any script runs, a
 * dialog opens, the CSP has to refuse anything, or the DOM holds an event handler, a javascript:
 * URL or an embedded frame (e2e/xss-guard.ts). Many payloads per page keep it quick.
 * Mail templates get the same corpus in emails/xss-corpus.test.ts.
 */
const payloads = loadPayloads();
const mark = (i: number) => `X${String(i).padStart(3, '0')}`;
const BATCH = 50;
const batches = Array.from({ length: Math.ceil(payloads.length / BATCH) }, (_, b) => payloads.slice(b * BATCH, (b + 1) * BATCH).map((p, j) => ({ i: b * BATCH + j, p })));

async function asPerson(context: BrowserContext, email: string): Promise<void> {
  const token = await sessionFor(await personId(email));
  await context.addCookies([{ name: 'authjs.session-token', value: token, domain: 'localhost', path: '/', httpOnly: true, sameSite: 'Lax' }]);
}

const timings: string[] = [];

/** Opens a page and returns what the nets caught; `expectMarks` proves the payloads were really on it. */
async function visit(page: Page, hits: string[], path: string, expectMarks: string[] = []): Promise<string[]> {
  const started = Date.now();
  const res = await page.goto(path, { waitUntil: 'load' });
  timings.push(`${Date.now() - started} ms ${path.replace(/[0-9a-f-]{36}/g, ':id')}`);
  expect(res?.status(), path).toBe(200);
  if (expectMarks.length) {
    // What a person sees: the text, and what form fields hold (templates sit in text areas).
    const text = await page.evaluate(() => `${document.body.innerText}\n${Array.from(document.querySelectorAll('textarea, input')).map((e) => (e as HTMLInputElement).value).join('\n')}`);
    const missing = expectMarks.filter((m) => !text.includes(m));
    expect(missing, `${path}: payload markers not rendered`).toEqual([]);
  }
  return findingsOn(page, hits);
}

test.describe('stored XSS corpus', () => {
  test.describe.configure({ mode: 'serial' });
  test(`${payloads.length} payloads through every rendered field do not run`, async ({ page, context }) => {
    test.setTimeout(480_000);
    expect(payloads.length).toBeGreaterThanOrEqual(300);
    const t0 = Date.now();
    const liNa = await personId('li.na@xinghai.example');
    const stamp = Date.now().toString(36);

    // Units named by the payloads under one new unit, each headed by a person named by the same
    // payload: the org tree (/admin/org) shows every unit with its heads' names on one page.
    const [root] = await query<{ id: string }>(`select id from org_unit where parent_id is null order by sort_order limit 1`);
    const [xssUnit] = await query<{ id: string }>(
      `insert into org_unit (name, name_en, parent_id, sort_order) values ($1, $2, $3, 999) returning id`, [`XSS 测试部 ${stamp}`, `XSS test ${stamp}`, root.id]);
    await query(`insert into org_unit_closure (ancestor_id, descendant_id, depth) select $1::uuid, $1::uuid, 0 union all select ancestor_id, $1::uuid, depth + 1 from org_unit_closure where descendant_id = $2`, [xssUnit.id, root.id]);
    const marked = payloads.map((p, i) => `${mark(i)} ${p}`);
    await query(
      `with u as (
         insert into org_unit (name, name_en, parent_id, sort_order)
         select left(p, 200), left(p, 200), $1::uuid, ord::int from unnest($2::text[]) with ordinality as t(p, ord) returning id)
       insert into org_unit_closure (ancestor_id, descendant_id, depth)
       select u.id, u.id, 0 from u union all select c.ancestor_id, u.id, c.depth + 1 from u, org_unit_closure c where c.descendant_id = $1::uuid`,
      [xssUnit.id, marked]);
    await query(
      `insert into person (kind, email, name, name_en, unit_id, position, origin)
       select 'employee', 'xss-' || $3 || '-' || ord || '@xinghai.example', left(p, 100), left(p, 100), u.id, left(p, 100), 'seed'
       from unnest($2::text[]) with ordinality as t(p, ord) join org_unit u on u.parent_id = $1::uuid and u.name = left(p, 200)`,
      [xssUnit.id, marked, stamp]);
    await query(`insert into unit_head (unit_id, person_id) select p.unit_id, p.id from person p join org_unit u on u.id = p.unit_id where u.parent_id = $1`, [xssUnit.id]);
    const [author] = await query<{ id: string }>(`select id from person where email = $1`, [`xss-${stamp}-1@xinghai.example`]);
    // Partner organisations named by the payloads (the admin's list shows them all).
    await query(`insert into partner_org (name, name_en, type) select left(p, 200), left(p, 200), 'other' from unnest($1::text[]) as t(p)`, [marked.map((m) => `${m} ${stamp}`)]);
    // Announcements, one per batch of 50, to every employee, written by a person named by a
    // payload: a payload title, the batch as the Markdown body (as text, as code, as a link
    // target), the batch as attachment file names and as the titles of 50 earlier revisions.
    const details: { id: string; marks: string[] }[] = [];
    for (const batch of batches) {
      const body = batch.map(({ i, p }) => `${mark(i)}\n\n${p}\n\n\`${p}\`\n\n[${mark(i)} link](${p})`).join('\n\n').slice(0, 20_000);
      const id = await insertAnnouncement({ title: `${mark(batch[0].i)} ${batch[0].p}`.slice(0, 120), body, authorId: author.id, rules: [{ kind: 'everyone' }] });
      await query(
        `insert into announcement_revision (announcement_id, version, title, body_md, material, editor_id) select $1, 1, left(t, 120), $3, false, $4 from unnest($2::text[]) as t`,
        [id, batch.map(({ i, p }) => `${mark(i)} ${p}`), body, author.id]);
      for (const [k, { i, p }] of batch.entries()) await insertAttachment(id, author.id, `${mark(i)} ${p}`.slice(0, 250), `attachment ${i}\n`, k);
      details.push({ id, marks: batch.map(({ i }) => mark(i)) });
    }
    // Templates: every kind's Chinese and English body holds the corpus.
    const templateBody = marked.join('\n\n').slice(0, 20_000);
    await query(
      `insert into announcement_template (kind, body_zh, body_en, updated_by) select k, $1, $1, $2 from unnest(array['notice','collab_request','decision','feedback_request']) as k
       on conflict (kind) do update set body_zh = excluded.body_zh, body_en = excluded.body_en`, [templateBody, liNa]);
    // Emergency plans: one per payload as name and title (the plan list shows them all); two
    // plans whose bodies hold half the corpus each, activated with the other half as details.
    const planAudience = await insertAudience([{ kind: 'unit', unitId: await idOf('org_unit', 'name', '生产部') }, { kind: 'person', personId: liNa }]);
    await query(
      `insert into emergency_plan (name, audience_id, title, body_md, ack_required, created_by)
       select left(p || ' ' || $3, 120), $1, left(p, 120), p, true, $2 from unnest($4::text[]) as t(p)`, [planAudience, liNa, stamp, marked]);
    const halves = [marked.slice(0, Math.ceil(marked.length / 2)), marked.slice(Math.ceil(marked.length / 2))];
    const plans: { planId: string; activationId: string; marks: string[] }[] = [];
    for (const [h, half] of halves.entries()) {
      const [plan] = await query<{ id: string }>(
        `insert into emergency_plan (name, audience_id, title, body_md, ack_required, created_by) values ($1, $2, $3, $4, true, $5) returning id`,
        [`${half[0]} plan ${stamp}`.slice(0, 120), planAudience, half[1].slice(0, 120), `{{details}}\n\n${half.join('\n\n')}`.slice(0, 20_000), liNa]);
      const { activationId } = await insertActivation(plan.id, author.id, halves[1 - h].join('\n').slice(0, 20_000));
      plans.push({ planId: plan.id, activationId, marks: half.slice(0, 3).map((m) => m.slice(0, 4)) });
    }

    timings.push(`${Date.now() - t0} ms seeding`);
    const hits = await armPage(page);
    const findings: string[] = [];
    page.setDefaultNavigationTimeout(60_000);

    // Pages of the communications officer: lists, details, templates, plans, activations.
    await asPerson(context, 'li.na@xinghai.example');
    findings.push(...(await visit(page, hits, '/announcements')));
    findings.push(...(await visit(page, hits, '/')));
    for (const d of details) findings.push(...(await visit(page, hits, `/announcements/${d.id}`, d.marks)));
    findings.push(...(await visit(page, hits, `/announcements/${details[0].id}/reach`)));
    findings.push(...(await visit(page, hits, '/announcements/templates', [mark(0), mark(100)])));
    findings.push(...(await visit(page, hits, '/announcements/new')));
    findings.push(...(await visit(page, hits, '/emergency', [mark(0), mark(payloads.length - 1)])));
    for (const pl of plans) {
      findings.push(...(await visit(page, hits, `/emergency/plans/${pl.planId}`, pl.marks)));
      findings.push(...(await visit(page, hits, `/emergency/activations/${pl.activationId}`)));
    }
    findings.push(...(await visit(page, hits, `/directory?unitId=${xssUnit.id}`)));
    // The read-only org chart (a page of the payload units, with heads) and a payload person's page.
    findings.push(...(await visit(page, hits, `/org?unit=${xssUnit.id}`, [mark(0)])));
    const [xssPerson] = await query<{ id: string }>(`select id from person where email = $1`, [`xss-${stamp}-1@xinghai.example`]);
    findings.push(...(await visit(page, hits, `/people/${xssPerson.id}`, [mark(0)])));

    // An admin: the org tree (every unit and its head), people, partner organisations.
    await context.clearCookies();
    await asPerson(context, 'wang.lei@xinghai.example');
    // The tree opens level by level (issue 8): the payload units are the children of the XSS unit.
    findings.push(...(await visit(page, hits, `/admin/org?unit=${xssUnit.id}`, [mark(0), mark(payloads.length - 1)])));
    findings.push(...(await visit(page, hits, `/admin/people?q=xss-${stamp}`)));
    findings.push(...(await visit(page, hits, '/admin/partners', [mark(0), mark(payloads.length - 1)])));
    const [org] = await query<{ id: string }>(`select id from partner_org where name like $1 limit 1`, [`X000 %${stamp}`]);
    findings.push(...(await visit(page, hits, `/admin/partners/${org.id}`)));
    findings.push(...(await visit(page, hits, '/admin/audit')));

    console.log(`xss spec timings:\n${timings.join('\n')}`);
    expect(findings).toEqual([]);
  });
});

