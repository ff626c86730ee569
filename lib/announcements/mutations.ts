import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { audienceMembersSql, createAudience, getAudienceSpec } from '@/lib/audience/queries';
import { fileStore } from '@/lib/files/storage';
import type { AudienceSpecInput } from '@/lib/audience/schema';
import { recordAudit } from '@/lib/audit/record';
import { requireEmployee, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, invalidFields } from '@/lib/errors';
import { describeFailure } from '@/lib/forms/describe';
import { parseInput } from '@/lib/forms/parse';
import { uploadsOf } from '@/lib/forms/values';
import type { RequestMeta } from '@/lib/http/request-meta';
import { isUuid } from '@/lib/ids';
import { markdownToText } from '@/lib/markdown/render';
import { notifyAnnouncementPublished, notifyApprovalDecided, notifyApprovalNeeded } from '@/lib/notifications/announcement-events';
import { loadAccess, requireAbility } from './access';
import { applyAttachmentChanges, applyCoverChange, discardPendingFiles, pendingFilesOf, stashPendingCover, stashPendingUploads, type AttachmentChanges } from './attachments';
import { defaultDeps, type Deps } from './deps';
import { approverUnitFor, canDecideApproval, canPublishDirectly, type ResolvedAudience } from './policies';
import { responseSetupFormSchema, toResponseSetup, type ResponseSetup } from './response-schema';
import { saveResponseSetup } from './responses';
import type { RecipientsSummary } from './recipients-summary';
import {
  checkComposeRules, checkOtherLanguage, composeFormSchema, decisionSchema, draftSchema, editFormSchema, SUMMARY_MAX, toComposeInput, withdrawSchema,
  type ComposeInput, type ReadChannel,
} from './schema';

type Db = Kysely<DB> | Transaction<DB>;

export const REMIND_INTERVAL_MS = 3600_000;

/** Resolves the audience's named people (by e-mail) to ids; unknown addresses are a field error. */
export async function resolveAudience(db: Db, a: ComposeInput['audience']): Promise<{ spec: AudienceSpecInput; resolved: ResolvedAudience }> {
  let personIds: string[] = [];
  if (a.peopleEmails.length > 0) {
    const found = await db
      .selectFrom('person')
      .select(['id', sql<string>`lower(email)`.as('email')])
      .where(sql<string>`lower(email)`, 'in', a.peopleEmails)
      .where('status', '=', 'active')
      .execute();
    const known = new Set(found.map((p) => p.email));
    const unknown = a.peopleEmails.filter((e) => !known.has(e));
    if (unknown.length > 0) throw invalidFields({ people: { key: 'announcements.errors.peopleUnknown', params: { addresses: unknown.slice(0, 10).join(', ') } } });
    personIds = found.map((p) => p.id);
  }
  const picked = [...new Set(a.personIds ?? [])];
  if (picked.length > 0) {
    // Chosen in the picker: each must still be an active person (deactivated since, or a forged id: refused).
    const found = await db.selectFrom('person').select('id').where('id', 'in', picked).where('status', '=', 'active').execute();
    if (found.length !== picked.length) throw invalidFields({ people: 'announcements.errors.peopleInactive' });
    personIds = [...new Set([...personIds, ...found.map((p) => p.id)])];
  }
  if (a.units.length > 0) {
    const n = await db.selectFrom('org_unit').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', a.units.map((u) => u.unitId)).executeTakeFirstOrThrow();
    if (Number(n.n) !== new Set(a.units.map((u) => u.unitId)).size) throw invalidFields({ audience: 'announcements.errors.audienceInvalid' });
  }
  if (a.partnerOrgs.length > 0) {
    const n = await db.selectFrom('partner_org').select((eb) => eb.fn.countAll<number>().as('n')).where('id', 'in', a.partnerOrgs).where('status', '=', 'active').executeTakeFirstOrThrow();
    if (Number(n.n) !== a.partnerOrgs.length) throw invalidFields({ audience: 'announcements.errors.audienceInvalid' });
  }
  const spec: AudienceSpecInput = { everyone: a.everyone, units: a.units, roles: a.roles, people: personIds, partnerOrgs: a.partnerOrgs };
  return {
    spec,
    resolved: { everyone: a.everyone, unitIds: a.units.map((u) => u.unitId), roles: a.roles, personIds, partnerOrgIds: a.partnerOrgs },
  };
}

async function audienceSize(db: Db, audienceId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${audienceMembersSql(audienceId)}) m`.execute(db);
  return rows[0]?.n ?? 0;
}

async function audienceSummary(db: Db, r: ResolvedAudience, size: number): Promise<string> {
  const [units, people, orgs] = await Promise.all([
    r.unitIds.length ? db.selectFrom('org_unit').select(['name', 'name_en as nameEn']).where('id', 'in', r.unitIds).orderBy('name').execute() : [],
    r.personIds.length ? db.selectFrom('person').select(['name', 'name_en as nameEn']).where('id', 'in', r.personIds.slice(0, 20)).execute() : [],
    r.partnerOrgIds.length ? db.selectFrom('partner_org').select(['name', 'name_en as nameEn']).where('id', 'in', r.partnerOrgIds).execute() : [],
  ]);
  const summary: RecipientsSummary = {
    v: 1, everyone: r.everyone, units, roles: r.roles, people, morePeople: Math.max(0, r.personIds.length - 20), partnerOrgs: orgs, size,
  };
  return JSON.stringify(summary);
}

export type SaveResult = { id: string; status: 'draft' | 'pending_approval' | 'scheduled' | 'published' };

/**
 * The compose form as submitted (lib/forms/values: repeated fields as arrays, files in formData):
 * parsed once here — dates read in the viewer's time zone — then saved by saveAnnouncement.
 * `intent` 'draft' keeps it private; anything else sends it. `id` revises the author's draft.
 */
export async function submitComposeForm(
  database: Kysely<DB>,
  viewer: Viewer | null,
  values: Record<string, unknown>,
  opts: { formData?: FormData; meta?: RequestMeta; deps?: Deps } = {},
): Promise<SaveResult> {
  const v = requireEmployee(viewer);
  const remove = ([] as unknown[]).concat(values.removeAttachments ?? []).filter(isUuid);
  // Files chosen earlier in a refused submission (listed by id), less those now unticked.
  const removing = new Set(remove);
  let pending = [...new Set(([] as unknown[]).concat(values.pendingAttachments ?? []).filter(isUuid))].filter((id) => !removing.has(id));
  const removeCover = values.removeCover === 'on';
  let cover = !removeCover && isUuid(values.pendingCover) ? values.pendingCover : null;
  await discardPendingFiles(database, v, [...remove, ...(removeCover && isUuid(values.pendingCover) ? [values.pendingCover] : [])]);
  try {
    // Newly chosen files are stored first, whatever happens to the rest of the form.
    const uploads = opts.formData ? await uploadsOf(opts.formData, 'attachments') : [];
    if (uploads.length > 0) pending = [...pending, ...(await stashPendingUploads(database, v, uploads, pending.length)).map((f) => f.id)];
    const [coverUpload] = opts.formData ? await uploadsOf(opts.formData, 'cover') : [];
    if (coverUpload) {
      const previous = cover;
      cover = (await stashPendingCover(database, v, coverUpload)).id;
      if (previous) await discardPendingFiles(database, v, [previous]);
    }
    const form = parseInput(composeFormSchema, values);
    const responses = toResponseSetup(parseInput(responseSetupFormSchema, values), form.kind, v.timezone, opts.deps?.now?.() ?? new Date());
    if (Object.keys(responses.errors).length > 0) throw invalidFields(responses.errors);
    return await saveAnnouncement(database, v, toComposeInput(form, v.timezone), values.intent === 'draft' ? 'draft' : 'send', {
      id: typeof values.id === 'string' && values.id ? values.id : undefined,
      responses: responses.setup,
      summary: form.summary,
      meta: opts.meta,
      deps: opts.deps,
      attachments: { add: [], remove, pending },
      cover: { pending: cover, remove: removeCover },
    });
  } catch (e) {
    throw await keepingPendingFiles(database, v, e, pending, cover);
  }
}

/**
 * A refused compose form comes back with the files already chosen: their ids (`pendingAttachments`,
 * sent again as hidden fields) and what to show of each (`pendingFiles`, JSON per file). Only
 * expected refusals (INVALID, CONFLICT… and zod) are turned; anything else is rethrown as it is.
 */
async function keepingPendingFiles(db: Kysely<DB>, v: Viewer, e: unknown, pending: string[], cover: string | null): Promise<unknown> {
  const f = describeFailure(e);
  if (!f || (pending.length === 0 && !cover)) return e;
  const files = await pendingFilesOf(db, v, pending);
  const [coverFile] = cover ? await pendingFilesOf(db, v, [cover]) : [];
  return new AppError(f.code, f.message.key, {
    params: f.message.params,
    fieldErrors: f.fieldErrors,
    values: {
      pendingAttachments: files.map((x) => x.id), pendingFiles: files.map((x) => JSON.stringify(x)),
      ...(coverFile ? { pendingCover: coverFile.id, pendingCoverFile: JSON.stringify(coverFile) } : {}),
    },
  });
}

/**
 * Creates (or, for the author's draft or rejected item, replaces) an announcement.
 * intent 'draft' keeps it private; 'send' publishes it (now or at publishAt) when the viewer may
 * publish to this audience, and otherwise submits it to the right approver.
 * `attachments` adds and removes files in the same transaction: a refused file saves nothing.
 */
export async function saveAnnouncement(
  database: Kysely<DB>,
  viewer: Viewer | null,
  input: ComposeInput,
  intent: 'draft' | 'send',
  opts: {
    id?: string; summary?: string; meta?: RequestMeta; deps?: Deps; attachments?: AttachmentChanges; responses?: ResponseSetup | null;
    /** A new cover image (the viewer's pending file) or its removal. */
    cover?: { pending?: string | null; remove?: boolean };
  } = {},
): Promise<SaveResult> {
  const v = requireEmployee(viewer);
  const deps = opts.deps ?? defaultDeps;
  const now = deps.now?.() ?? new Date();
  const errors = checkComposeRules(input, now);
  if (Object.keys(errors).length > 0) throw invalidFields(errors);

  return database.transaction().execute(async (trx) => {
    if (opts.id) {
      const access = await loadAccess(trx, v, opts.id);
      if (access.isAuthor && access.status !== 'draft' && access.status !== 'rejected') throw new AppError('CONFLICT', 'announcements.errors.notEditable');
      requireAbility(v, access, 'revise');
    }
    const { spec, resolved } = await resolveAudience(trx, input.audience);
    const audienceId = await createAudience(trx, spec);
    const size = await audienceSize(trx, audienceId);
    if (size === 0) throw invalidFields({ audience: 'announcements.errors.audienceNobody' });

    const values = {
      kind: input.kind,
      urgency: input.urgency,
      title: input.title,
      body_md: input.bodyMd,
      title_en: input.titleEn ?? null,
      body_md_en: input.bodyMdEn ?? null,
      origin_unit_id: v.unitId,
      author_id: v.id,
      audience_id: audienceId,
      ack_required: input.ackRequired,
      status: 'draft' as const,
      publish_at: input.publishAt,
      pinned_until: input.pinnedUntil,
      expires_at: input.expiresAt,
      target_reach: input.targetReach,
      reach_deadline: input.reachDeadline,
      audience_size: size,
      summary: opts.summary?.trim() ? opts.summary.trim().slice(0, SUMMARY_MAX) : null,
      updated_at: now,
    };
    let id: string;
    if (opts.id) {
      id = opts.id;
      await trx.updateTable('announcement').set(values).where('id', '=', id).execute();
    } else {
      id = (await trx.insertInto('announcement').values(values).returning('id').executeTakeFirstOrThrow()).id;
      await recordAudit(trx, { actor: v, action: 'announcement.create', target: { type: 'announcement', id, label: input.title }, meta: opts.meta });
    }
    if (opts.responses !== undefined) await saveResponseSetup(trx, id, opts.responses);
    if (opts.cover && (opts.cover.pending || opts.cover.remove)) await applyCoverChange(trx, v, id, opts.cover);
    if (opts.attachments && (opts.attachments.add.length > 0 || opts.attachments.remove.length > 0 || (opts.attachments.pending?.length ?? 0) > 0)) {
      const { added, removed } = await applyAttachmentChanges(trx, v, id, opts.attachments);
      if (added.length > 0 || removed.length > 0) {
        await recordAudit(trx, {
          actor: v, action: 'announcement.attachments', target: { type: 'announcement', id, label: input.title },
          details: { added: added.map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size, sha256: f.sha256 })), removed },
          meta: opts.meta,
        });
      }
    }
    if (intent === 'draft') return { id, status: 'draft' as const };
    return sendSaved(trx, v, { id, title: input.title, urgency: input.urgency, bodyMd: input.bodyMd, publishAt: input.publishAt, summary: opts.summary }, resolved, size, { now, deps, meta: opts.meta });
  });
}

/**
 * Sends a saved item (its row written, status draft): publishes it (now or at publishAt) when
 * the viewer may publish to this audience, and otherwise submits it to the right approver.
 * Inside the caller's transaction, after the caller checked the viewer may send it.
 */
async function sendSaved(
  trx: Transaction<DB>,
  v: Viewer,
  item: { id: string; title: string; urgency: ComposeInput['urgency']; bodyMd: string; publishAt: Date | null; summary?: string | null },
  resolved: ResolvedAudience,
  size: number,
  opts: { now: Date; deps: Deps; meta?: RequestMeta },
): Promise<SaveResult> {
  const { id } = item;
  const { now, deps } = opts;
  if (await canPublishDirectly(trx, v, resolved)) {
    const status = await publishOrSchedule(trx, id, item.publishAt, now, deps);
    await recordAudit(trx, { actor: v, action: status === 'published' ? 'announcement.publish' : 'announcement.schedule', target: { type: 'announcement', id, label: item.title }, details: { audienceSize: size }, meta: opts.meta });
    return { id, status };
  }

  const approverUnitId = await approverUnitFor(trx, v, resolved);
  const summary = (item.summary?.trim() || markdownToText(item.bodyMd)).replace(/\s+/g, ' ').slice(0, SUMMARY_MAX);
  const approval = await trx
    .insertInto('announcement_approval')
    .values({
      announcement_id: id,
      subject: item.title,
      recipients_summary: await audienceSummary(trx, resolved, size),
      summary,
      urgency: item.urgency,
      origin_unit_id: v.unitId,
      author_id: v.id,
      approver_unit_id: approverUnitId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.updateTable('announcement').set({ status: 'pending_approval' }).where('id', '=', id).execute();
  await trx.insertInto('announcement_event').values({ announcement_id: id, kind: 'submitted', actor_id: v.id, details: JSON.stringify({ approvalId: approval.id, approverUnitId }) }).execute();
  await recordAudit(trx, { actor: v, action: 'announcement.submit', target: { type: 'announcement', id, label: item.title }, details: { approvalId: approval.id, approverUnitId }, meta: opts.meta });
  await deps.enqueue(trx, 'announcements.approval-mail', { approvalId: approval.id, what: 'request' });
  await notifyApprovalNeeded(trx, approval.id);
  return { id, status: 'pending_approval' as const };
}

/**
 * Sends a never-submitted draft as it was saved (the draft page's "Submit"): the same rules as
 * the compose form's "Send" — dates still ahead, an audience that reaches someone — then publish,
 * schedule or submit for approval. Only its author (ability `submit`).
 */
export async function submitDraft(
  database: Kysely<DB>,
  viewer: Viewer | null,
  raw: unknown,
  opts: { meta?: RequestMeta; deps?: Deps } = {},
): Promise<SaveResult> {
  const v = requireEmployee(viewer);
  const { id } = parseInput(draftSchema, raw);
  const deps = opts.deps ?? defaultDeps;
  const now = deps.now?.() ?? new Date();
  return database.transaction().execute(async (trx) => {
    const access = await loadAccess(trx, v, id);
    if (access.isAuthor && access.status !== 'draft') throw new AppError('CONFLICT', 'announcements.errors.notDraft');
    requireAbility(v, access, 'submit');
    const a = await trx.selectFrom('announcement')
      .select(['title', 'title_en', 'body_md', 'body_md_en', 'urgency', 'kind', 'ack_required', 'publish_at', 'pinned_until', 'expires_at', 'reach_deadline', 'target_reach', 'audience_id', 'summary'])
      .where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    const spec = await getAudienceSpec(trx, a.audience_id);
    const input: ComposeInput = {
      kind: a.kind, urgency: a.urgency, title: a.title, bodyMd: a.body_md, titleEn: a.title_en, bodyMdEn: a.body_md_en,
      audience: { everyone: spec.everyone, units: spec.units, roles: spec.roles, peopleEmails: [], personIds: spec.people, partnerOrgs: spec.partnerOrgs },
      ackRequired: a.ack_required, publishAt: a.publish_at, pinnedUntil: a.pinned_until, expiresAt: a.expires_at, targetReach: a.target_reach, reachDeadline: a.reach_deadline,
    };
    // A date that has passed since the draft was saved: the person edits it in the form.
    if (Object.keys(checkComposeRules(input, now)).length > 0) throw new AppError('CONFLICT', 'announcements.errors.draftOutdated');
    const { resolved } = await resolveAudience(trx, input.audience).catch(() => { throw new AppError('CONFLICT', 'announcements.errors.draftOutdated'); });
    const size = await audienceSize(trx, a.audience_id);
    if (size === 0) throw new AppError('CONFLICT', 'announcements.errors.audienceNobody');
    await trx.updateTable('announcement').set({ audience_size: size, updated_at: now }).where('id', '=', id).execute();
    return sendSaved(trx, v, { id, title: a.title, urgency: a.urgency, bodyMd: a.body_md, publishAt: a.publish_at, summary: a.summary }, resolved, size, { now, deps, meta: opts.meta });
  });
}

/**
 * Deletes a never-submitted draft (nobody but its author has seen it): the row, its attachments
 * (files nothing else refers to are deleted) and its response form go; audited with its title.
 */
export async function deleteDraft(
  database: Kysely<DB>,
  viewer: Viewer | null,
  raw: unknown,
  opts: { meta?: RequestMeta } = {},
): Promise<void> {
  const v = requireEmployee(viewer);
  const { id } = parseInput(draftSchema, raw);
  await database.transaction().execute(async (trx) => {
    const access = await loadAccess(trx, v, id);
    if (access.isAuthor && access.status !== 'draft') throw new AppError('CONFLICT', 'announcements.errors.notDraft');
    requireAbility(v, access, 'delete');
    const files = (await trx.selectFrom('announcement_attachment').select('file_id').where('announcement_id', '=', id).execute()).map((f) => f.file_id);
    const gone = await trx.deleteFrom('announcement').where('id', '=', id).where('status', '=', 'draft').returning(['title', 'cover_file_id']).executeTakeFirst();
    if (!gone) throw new AppError('CONFLICT', 'announcements.errors.notDraft');
    await fileStore.deleteUnreferenced(trx, [...files, ...(gone.cover_file_id ? [gone.cover_file_id] : [])]);
    await recordAudit(trx, { actor: v, action: 'announcement.delete_draft', target: { type: 'announcement', id, label: gone.title }, details: { files: files.length }, meta: opts.meta });
  });
}

async function publishOrSchedule(trx: Transaction<DB>, id: string, publishAt: Date | null, now: Date, deps: Deps): Promise<'published' | 'scheduled'> {
  if (publishAt && publishAt.getTime() > now.getTime()) {
    await trx.updateTable('announcement').set({ status: 'scheduled', updated_at: now }).where('id', '=', id).execute();
    return 'scheduled';
  }
  await publishNow(trx, id, now, deps);
  return 'published';
}

/**
 * Publishes: one `insert … select` writes a receipt for every audience member (their unit at
 * this moment), then one job mails them. No loop over people anywhere. Returns the audience size.
 * System-level: callers have checked the viewer.
 */
export async function publishNow(trx: Transaction<DB>, id: string, now: Date, deps: Deps, notice: { emergencyPlan?: string } = {}): Promise<number> {
  const a = await trx.selectFrom('announcement').select(['audience_id', 'title', 'body_md', 'author_id']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
  const inserted = await sql`
    insert into announcement_recipient (announcement_id, person_id, unit_id, partner_org_id, delivered_at)
    select ${id}::uuid, p.id, p.unit_id, p.partner_org_id, ${now}::timestamptz
    from (${audienceMembersSql(a.audience_id)}) m join person p on p.id = m.person_id
    on conflict do nothing`.execute(trx);
  const size = Number(inserted.numAffectedRows ?? 0);
  await trx.updateTable('announcement').set({ status: 'published', published_at: now, audience_size: size, updated_at: now }).where('id', '=', id).execute();
  await trx.insertInto('announcement_revision').values({ announcement_id: id, version: 1, title: a.title, body_md: a.body_md, material: true, editor_id: a.author_id, created_at: now }).execute();
  await trx.insertInto('announcement_event').values({ announcement_id: id, kind: 'published', details: JSON.stringify({ audienceSize: size }), at: now }).execute();
  await deps.enqueue(trx, 'announcements.deliver', { announcementId: id, purpose: 'publish', tag: 'v1' });
  await notifyAnnouncementPublished(trx, id, notice);
  return size;
}

/** Approve or reject a pending submission. A decided one is a CONFLICT with a clear message. */
export async function decideApproval(
  database: Kysely<DB>,
  viewer: Viewer | null,
  raw: unknown,
  opts: { meta?: RequestMeta; deps?: Deps } = {},
): Promise<{ announcementId: string; status: 'published' | 'scheduled' | 'rejected' }> {
  const v = requireEmployee(viewer);
  const input = parseInput(decisionSchema, raw);
  const deps = opts.deps ?? defaultDeps;
  const now = deps.now?.() ?? new Date();
  return database.transaction().execute(async (trx) => {
    const ap = await trx.selectFrom('announcement_approval').selectAll().where('id', '=', input.approvalId).forUpdate().executeTakeFirst();
    if (!ap) throw new AppError('NOT_FOUND');
    // Those who could never decide it learn nothing about it.
    const allowed = await canDecideApproval(trx, v, ap);
    if (!allowed) {
      if (ap.status === 'pending' || ap.approver_id !== v.id) throw new AppError(ap.author_id === v.id ? 'FORBIDDEN' : 'NOT_FOUND');
    }
    if (ap.status !== 'pending') {
      throw new AppError('CONFLICT', 'announcements.errors.alreadyDecided');
    }
    const a = await trx.selectFrom('announcement').select(['id', 'title', 'publish_at', 'expires_at', 'pinned_until', 'reach_deadline']).where('id', '=', ap.announcement_id).forUpdate().executeTakeFirstOrThrow();
    await trx.updateTable('announcement_approval')
      .set({ status: input.decision === 'approve' ? 'approved' : 'rejected', approver_id: v.id, decided_at: now, reason: input.reason || null })
      .where('id', '=', ap.id).execute();
    let status: 'published' | 'scheduled' | 'rejected';
    if (input.decision === 'approve') {
      if (a.expires_at && a.expires_at <= now) throw new AppError('CONFLICT', 'announcements.errors.expiredBeforeApproval');
      status = await publishOrSchedule(trx, a.id, a.publish_at, now, deps);
    } else {
      status = 'rejected';
      await trx.updateTable('announcement').set({ status: 'rejected', updated_at: now }).where('id', '=', a.id).execute();
    }
    await trx.insertInto('announcement_event').values({ announcement_id: a.id, kind: input.decision === 'approve' ? 'approved' : 'rejected', actor_id: v.id, details: JSON.stringify({ approvalId: ap.id, reason: input.reason || null }), at: now }).execute();
    await recordAudit(trx, { actor: v, action: input.decision === 'approve' ? 'announcement.approve' : 'announcement.reject', target: { type: 'announcement', id: a.id, label: a.title }, details: { approvalId: ap.id, reason: input.reason || null }, meta: opts.meta });
    await deps.enqueue(trx, 'announcements.approval-mail', { approvalId: ap.id, what: 'decided' });
    await notifyApprovalDecided(trx, ap.id);
    return { announcementId: a.id, status };
  });
}

/**
 * Edits a published or scheduled item: every edit is a revision; a material change to an item
 * that needs acknowledgement bumps its version, so earlier acknowledgements stop counting and
 * the recipients are asked again.
 */
export async function editAnnouncement(
  database: Kysely<DB>,
  viewer: Viewer | null,
  raw: unknown,
  opts: { meta?: RequestMeta; deps?: Deps } = {},
): Promise<{ version: number }> {
  const v = requireEmployee(viewer);
  const { id, ...data } = parseInput(editFormSchema, raw);
  const languageErrors = checkOtherLanguage(data);
  if (Object.keys(languageErrors).length > 0) throw invalidFields(languageErrors);
  const parsed = { data };
  const deps = opts.deps ?? defaultDeps;
  const now = deps.now?.() ?? new Date();
  return database.transaction().execute(async (trx) => {
    const access = await loadAccess(trx, v, id);
    if ((access.isAuthor || access.privileged) && access.status !== 'published' && access.status !== 'scheduled') throw new AppError('CONFLICT', 'announcements.errors.notEditable');
    requireAbility(v, access, 'edit', access.isAuthor ? 'announcements.errors.editNeedsApproval' : undefined);
    const a = await trx.selectFrom('announcement').select(['version', 'ack_required', 'title']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    const material = parsed.data.material;
    const version = material && a.ack_required && access.status === 'published' ? a.version + 1 : a.version;
    await trx.updateTable('announcement').set({
      title: parsed.data.title, body_md: parsed.data.body, title_en: parsed.data.titleEn || null, body_md_en: parsed.data.bodyEn.trim() ? parsed.data.bodyEn : null, version, updated_at: now,
    }).where('id', '=', id).execute();
    await trx.insertInto('announcement_revision').values({ announcement_id: id, version, title: parsed.data.title, body_md: parsed.data.body, material, editor_id: v.id, created_at: now }).execute();
    await trx.insertInto('announcement_event').values({ announcement_id: id, kind: 'edited', actor_id: v.id, details: JSON.stringify({ material, version }), at: now }).execute();
    await recordAudit(trx, { actor: v, action: 'announcement.edit', target: { type: 'announcement', id, label: parsed.data.title }, details: { material, version, previousTitle: a.title }, meta: opts.meta });
    if (version !== a.version) await deps.enqueue(trx, 'announcements.deliver', { announcementId: id, purpose: 'reack', tag: `v${version}` });
    return { version };
  });
}

/** Withdraws an item (any state but withdrawn): audited, and it leaves every reader's lists. */
export async function withdrawAnnouncement(
  database: Kysely<DB>,
  viewer: Viewer | null,
  raw: unknown,
  opts: { meta?: RequestMeta } = {},
): Promise<void> {
  const v = requireEmployee(viewer);
  const { id, ...data } = parseInput(withdrawSchema, raw);
  const parsed = { data };
  await database.transaction().execute(async (trx) => {
    const access = await loadAccess(trx, v, id);
    if ((access.isAuthor || access.privileged) && access.status === 'withdrawn') throw new AppError('CONFLICT', 'announcements.errors.alreadyWithdrawn');
    requireAbility(v, access, 'withdraw');
    const now = new Date();
    const a = await trx.updateTable('announcement')
      .set({ status: 'withdrawn', withdrawn_at: now, withdrawn_by: v.id, withdraw_reason: parsed.data.reason, updated_at: now })
      .where('id', '=', id).returning(['title']).executeTakeFirstOrThrow();
    await trx.updateTable('announcement_approval').set({ status: 'withdrawn', decided_at: now }).where('announcement_id', '=', id).where('status', '=', 'pending').execute();
    await trx.insertInto('announcement_event').values({ announcement_id: id, kind: 'withdrawn', actor_id: v.id, details: JSON.stringify({ reason: parsed.data.reason }) }).execute();
    await recordAudit(trx, { actor: v, action: 'announcement.withdraw', target: { type: 'announcement', id, label: a.title }, details: { reason: parsed.data.reason, previousStatus: access.status }, meta: opts.meta });
  });
}

/**
 * Records that the viewer opened the item: once per person (the first time and channel stay),
 * one upsert. Someone in the audience without a receipt (joined later) gets one now.
 * Only for people it is addressed to; others reading it (an approver, an officer) are not counted.
 */
export async function markRead(db: Kysely<DB>, viewer: Viewer | null, id: string, channel: ReadChannel = 'web'): Promise<void> {
  const v = requireViewer(viewer);
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  // The common case in one statement: the viewer's own unread receipt of a published item.
  const r = await sql`
    with async_commit as (select set_config('synchronous_commit', 'off', true))
    update announcement_recipient r set read_at = now(), read_channel = ${channel}
    from async_commit
    where r.announcement_id = ${id} and r.person_id = ${v.id} and r.read_at is null
      and exists (select 1 from announcement a where a.id = r.announcement_id and a.status = 'published')`.execute(db);
  if (Number(r.numAffectedRows ?? 0) > 0) return;
  const access = await loadAccess(db, v, id);
  if (!access.addressed) return;
  if (access.hasReceipt && access.readAt) return;
  await recordRead(db, id, v, channel);
}

/**
 * The bare upsert behind markRead (also used by the benchmark). Committed asynchronously: a read
 * receipt is worth less than a disk flush per page view — a crash may lose the last fraction of a
 * second of reads, never corrupt anything. Acknowledgements stay fully durable.
 */
export async function recordRead(db: Db, id: string, v: Pick<Viewer, 'id' | 'unitId' | 'partnerOrgId'>, channel: ReadChannel): Promise<void> {
  // set_config(…, true) lasts for this statement's own transaction: one round trip.
  await sql`
    with async_commit as (select set_config('synchronous_commit', 'off', true) as s)
    insert into announcement_recipient as r (announcement_id, person_id, unit_id, partner_org_id, read_at, read_channel)
    select ${id}::uuid, ${v.id}::uuid, ${v.unitId}::uuid, ${v.partnerOrgId}::uuid, now(), ${channel}::text from async_commit
    on conflict (announcement_id, person_id) do update set read_at = now(), read_channel = excluded.read_channel
    where r.read_at is null`.execute(db);
}

/** Acknowledges the current version (reading it too, if not yet read). */
export async function acknowledge(db: Kysely<DB>, viewer: Viewer | null, id: string, channel: ReadChannel = 'web'): Promise<void> {
  const v = requireViewer(viewer);
  const access = await loadAccess(db, v, id);
  if (!access.addressed) throw new AppError(v.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  if (!access.ackRequired) throw new AppError('CONFLICT', 'announcements.errors.noAckNeeded');
  if (access.ackedVersion === access.version) return;
  requireAbility(v, access, 'acknowledge');
  await sql`
    insert into announcement_recipient as r (announcement_id, person_id, unit_id, partner_org_id, read_at, read_channel, acked_at, acked_version)
    values (${id}, ${v.id}, ${v.unitId}, ${v.partnerOrgId}, now(), ${channel}, now(), ${access.version})
    on conflict (announcement_id, person_id) do update set
      read_at = coalesce(r.read_at, now()), read_channel = coalesce(r.read_channel, excluded.read_channel),
      acked_at = now(), acked_version = excluded.acked_version
    where r.acked_version is distinct from excluded.acked_version`.execute(db);
}

/**
 * "Remind those who haven't read": at most once an hour per item (claimed atomically, so two
 * clicks or two officers cannot both send); the job mails only people still outstanding.
 */
export async function remindOutstanding(
  database: Kysely<DB>,
  viewer: Viewer | null,
  id: string,
  opts: { meta?: RequestMeta; deps?: Deps } = {},
): Promise<{ eventId: number; outstanding: number }> {
  const v = requireEmployee(viewer);
  const deps = opts.deps ?? defaultDeps;
  const now = deps.now?.() ?? new Date();
  return database.transaction().execute(async (trx) => {
    const access = await loadAccess(trx, v, id);
    if (access.reach.kind === 'all' && access.status !== 'published') throw new AppError('CONFLICT', 'announcements.errors.notPublished');
    requireAbility(v, access, 'remind');
    const claimed = await trx.updateTable('announcement')
      .set({ last_reminded_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_reminded_at', 'is', null), eb('last_reminded_at', '<=', new Date(now.getTime() - REMIND_INTERVAL_MS))]))
      .returning(['title'])
      .executeTakeFirst();
    if (!claimed) {
      const last = await trx.selectFrom('announcement').select('last_reminded_at').where('id', '=', id).executeTakeFirstOrThrow();
      throw new AppError('RATE_LIMITED', 'announcements.errors.remindTooSoon', { params: { nextAt: (last.last_reminded_at?.getTime() ?? 0) + REMIND_INTERVAL_MS } });
    }
    const outstanding = await countOutstanding(trx, id);
    const ev = await trx.insertInto('announcement_event').values({ announcement_id: id, kind: 'reminder', actor_id: v.id, details: JSON.stringify({ outstanding }), at: now }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, { actor: v, action: 'announcement.remind', target: { type: 'announcement', id, label: claimed.title }, details: { outstanding }, meta: opts.meta });
    await deps.enqueue(trx, 'announcements.deliver', { announcementId: id, purpose: 'remind', tag: `e${ev.id}` });
    return { eventId: ev.id, outstanding };
  });
}

/** Outstanding: not yet read, or (when acknowledgement is required) not acknowledged in this version. */
export const outstandingCondition = sql`(r.read_at is null or (a.ack_required and r.acked_version is distinct from a.version))`;

export async function countOutstanding(db: Db, id: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from announcement_recipient r join announcement a on a.id = r.announcement_id
    where r.announcement_id = ${id} and ${outstandingCondition}`.execute(db);
  return rows[0]?.n ?? 0;
}
