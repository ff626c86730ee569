import { createHash, randomBytes } from 'node:crypto';
import { query } from './fixtures';

/**
 * Test data written straight into the e2e database (fast: no UI), shaped exactly like the rows
 * lib writes: audiences with rules, announcements with their receipts and first revision,
 * stored files with their attachments, sessions stored as the SHA-256 of their token.
 * Used by e2e/matrix.spec.ts and e2e/xss.spec.ts.
 */
export async function idOf(table: 'person' | 'partner_org' | 'org_unit', where: string, value: string): Promise<string> {
  const rows = await query<{ id: string }>(`select id from ${table} where ${where} = $1 limit 1`, [value]);
  if (!rows[0]) throw new Error(`no ${table} with ${where} = ${value}`);
  return rows[0].id;
}

export const personId = (email: string) => idOf('person', 'email', email);

/** A session for the person, as Auth.js's adapter writes it (lib/auth/session.ts): returns the cookie value. */
export async function sessionFor(personIdValue: string): Promise<string> {
  const token = `e2e-${randomBytes(18).toString('hex')}`;
  await query(
    `insert into auth_session (token_hash, person_id, expires) values (encode(sha256(convert_to($1, 'UTF8')), 'hex'), $2, now() + interval '1 day')`,
    [token, personIdValue],
  );
  return token;
}

export type Rule =
  | { kind: 'everyone' }
  | { kind: 'unit'; unitId: string; includeSubUnits?: boolean }
  | { kind: 'person'; personId: string }
  | { kind: 'partner_org'; partnerOrgId: string };

export async function insertAudience(rules: Rule[]): Promise<string> {
  const [{ id }] = await query<{ id: string }>('insert into audience default values returning id');
  for (const r of rules) {
    await query(
      `insert into audience_rule (audience_id, kind, unit_id, include_sub_units, person_id, partner_org_id) values ($1, $2, $3, $4, $5, $6)`,
      [id, r.kind, r.kind === 'unit' ? r.unitId : null, r.kind === 'unit' ? (r.includeSubUnits ?? true) : true,
        r.kind === 'person' ? r.personId : null, r.kind === 'partner_org' ? r.partnerOrgId : null],
    );
  }
  return id;
}

/** Receipts for everyone the audience addresses now (lib/audience's rules, in one statement). */
export async function fanOut(announcementId: string, audienceId: string): Promise<number> {
  const rows = await query(
    `insert into announcement_recipient (announcement_id, person_id, unit_id, partner_org_id, delivered_at)
     select $1::uuid, p.id, p.unit_id, p.partner_org_id, now()
     from person p
     where p.status = 'active'
       and (p.kind = 'employee' or exists (select 1 from partner_org o where o.id = p.partner_org_id and o.status = 'active'))
       and exists (select 1 from audience_rule ar where ar.audience_id = $2 and (
         (ar.kind = 'everyone' and p.kind = 'employee')
         or (ar.kind = 'unit' and exists (select 1 from org_unit_closure c where c.ancestor_id = ar.unit_id and c.descendant_id = p.unit_id and (ar.include_sub_units or c.depth = 0)))
         or (ar.kind = 'person' and ar.person_id = p.id)
         or (ar.kind = 'partner_org' and ar.partner_org_id = p.partner_org_id)))
     on conflict do nothing
     returning person_id`,
    [announcementId, audienceId],
  );
  await query('update announcement set audience_size = $2 where id = $1', [announcementId, rows.length]);
  return rows.length;
}

/** A published announcement (receipts fanned out, revision 1) — as publishing leaves it. */
export async function insertAnnouncement(a: {
  title: string; body: string; authorId: string; rules?: Rule[]; audienceId?: string; ack?: boolean; status?: 'published' | 'pending_approval' | 'draft';
}): Promise<string> {
  const audienceId = a.audienceId ?? (await insertAudience(a.rules ?? [{ kind: 'everyone' }]));
  const status = a.status ?? 'published';
  const [{ id }] = await query<{ id: string }>(
    `insert into announcement (kind, title, body_md, author_id, audience_id, ack_required, status, published_at, publish_at, origin_unit_id)
     select 'notice', $1, $2, $3, $4, $5, $6::text, case when $6::text = 'published' then now() end, case when $6::text = 'published' then now() end, p.unit_id
     from person p where p.id = $3 returning id`,
    [a.title, a.body, a.authorId, audienceId, a.ack ?? false, status],
  );
  await query(`insert into announcement_revision (announcement_id, version, title, body_md, material, editor_id) values ($1, 1, $2, $3, true, $4)`, [id, a.title, a.body, a.authorId]);
  if (status === 'published') await fanOut(id, audienceId);
  return id;
}

/** A published feedback request (issue 14) that collects a text and a number. */
export async function insertRequest(a: { title: string; body: string; authorId: string; rules: Rule[] }): Promise<string> {
  const id = await insertAnnouncement(a);
  await query(`update announcement set kind = 'feedback_request' where id = $1`, [id]);
  await query(`insert into announcement_response_form (announcement_id, prompt, ask_number) values ($1, 'How many?', true)`, [id]);
  return id;
}

/** A stored file (bytes in PostgreSQL, docs/decisions/0200) attached to an announcement. */
export async function insertAttachment(announcementId: string | null, ownerId: string, filename: string, content = 'plain text attachment\n', position = 0): Promise<string> {
  const bytes = Buffer.from(content, 'utf8');
  const sha = createHash('sha256').update(bytes).digest('hex');
  const [{ id }] = await query<{ id: string }>(
    `insert into stored_file (owner_id, filename, content_type, size, sha256, content) values ($1, $2, 'text/plain', $3, $4, $5) returning id`,
    [ownerId, filename, bytes.length, sha, bytes],
  );
  if (announcementId) await query('insert into announcement_attachment (announcement_id, file_id, position) values ($1, $2, $3)', [announcementId, id, position]);
  return id;
}

/** An active emergency activation of a plan, with its announcement to the plan's audience. */
export async function insertActivation(planId: string, triggeredBy: string, details: string): Promise<{ activationId: string; announcementId: string }> {
  const [plan] = await query<{ audience_id: string; title: string; body_md: string }>('select audience_id, title, body_md from emergency_plan where id = $1', [planId]);
  const announcementId = await insertAnnouncement({ title: plan.title, body: plan.body_md.replace('{{details}}', details), authorId: triggeredBy, audienceId: plan.audience_id, ack: true });
  await query(`update announcement set urgency = 'urgent' where id = $1`, [announcementId]);
  const [{ id }] = await query<{ id: string }>(
    'insert into emergency_activation (plan_id, announcement_id, details, triggered_by) values ($1, $2, $3, $4) returning id',
    [planId, announcementId, details, triggeredBy],
  );
  return { activationId: id, announcementId };
}

/** A mail in the outbox, as lib/mail's outbox transport stores it. */
export async function insertMail(toEmail: string, subject: string, html: string, text: string): Promise<string> {
  const [{ id }] = await query<{ id: string }>(
    `insert into mail_outbox (idempotency_key, to_email, to_person_id, template, locale, subject, html, text, transport, status, sent_at)
     values ($1, $2, (select id from person where lower(email) = lower($2)), 'e2e', 'en', $3, $4, $5, 'outbox', 'sent', now()) returning id`,
    [`e2e-${randomBytes(8).toString('hex')}`, toEmail, subject, html, text],
  );
  return id;
}
