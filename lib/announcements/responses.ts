import 'server-only';
import { TZDate } from '@date-fns/tz';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { requireEmployee, requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import type { CsvValue } from '@/lib/csv/write';
import { AppError, invalidFields, isAppError } from '@/lib/errors';
import { fileStore } from '@/lib/files/storage';
import { checkUploads, type Upload } from '@/lib/files/validate';
import { parseInput } from '@/lib/forms/parse';
import type { RequestMeta } from '@/lib/http/request-meta';
import { isUuid } from '@/lib/ids';
import { notify, type EnqueueDeliver } from '@/lib/notifications/producer';
import { loadAccess, loadVisibleAccess, requireAbility, type AnnouncementAccess } from './access';
import type { AnnouncementAbilities } from './abilities';
import { REMIND_INTERVAL_MS } from './mutations';
import type { ReachScope } from './policies';
import { responseSchema, type ResponseSetup } from './response-schema';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Responses to collaboration and feedback requests (issue 14). The author asks (compose form →
 * saveResponseSetup); each recipient answers on the item's page and may change the answer until
 * the deadline (submitResponse); the author, officers, admins and heads (their trees, as reach
 * works) see a paged table with who has not answered (getResponses), export it (responseExportRows)
 * and remind those who have not answered (remindResponders, once an hour). Partners answer too and
 * only ever see their own answer: the table follows the reach scope, which partners never have.
 */

export const RESPONSES_PAGE_SIZE = 50;
/** Beyond this page the export has the whole list. */
export const RESPONSES_MAX_PAGE = 100;

/** Writes (or replaces, or removes with null) an item's response set-up. Inside the compose transaction. */
export async function saveResponseSetup(trx: Transaction<DB>, announcementId: string, setup: ResponseSetup | null): Promise<void> {
  if (!setup) {
    await trx.deleteFrom('announcement_response_form').where('announcement_id', '=', announcementId).execute();
    return;
  }
  const values = {
    prompt: setup.prompt, ask_date: setup.askDate, ask_number: setup.askNumber, options: setup.options, ask_file: setup.askFile, deadline: setup.deadline,
  };
  await trx.insertInto('announcement_response_form').values({ announcement_id: announcementId, ...values })
    .onConflict((oc) => oc.column('announcement_id').doUpdateSet(values)).execute();
}

/** The set-up of one item, or null. System-level: callers have checked the viewer. */
export async function loadResponseSetup(db: Db, announcementId: string): Promise<(ResponseSetup & { lastRemindedAt: Date | null }) | null> {
  const f = await db.selectFrom('announcement_response_form').selectAll().where('announcement_id', '=', announcementId).executeTakeFirst();
  if (!f) return null;
  return { prompt: f.prompt, askDate: f.ask_date, askNumber: f.ask_number, options: f.options, askFile: f.ask_file, deadline: f.deadline, lastRemindedAt: f.last_reminded_at };
}

export type MyResponse = {
  text: string; date: string | null; number: string | null; choice: string | null;
  file: { id: string; filename: string } | null; updatedAt: Date;
};

export type ResponsePanel = {
  setup: ResponseSetup;
  open: boolean;
  /** The viewer's own answer (those addressed). */
  mine: MyResponse | null;
  addressed: boolean;
  can: Pick<AnnouncementAbilities, 'respond' | 'viewResponses' | 'remindResponders'>;
};

/** What the item's page shows about responses to this viewer, or null when the item asks none. */
export async function getResponsePanel(db: Kysely<DB>, viewer: Viewer | null, id: string): Promise<ResponsePanel | null> {
  const v = requireViewer(viewer);
  const access = await loadVisibleAccess(db, v, id);
  if (!access.collectsResponses) return null;
  const setup = await loadResponseSetup(db, id);
  if (!setup) return null;
  const mine = access.addressed || access.hasReceipt ? await loadMine(db, id, v.id) : null;
  return {
    setup: { prompt: setup.prompt, askDate: setup.askDate, askNumber: setup.askNumber, options: setup.options, askFile: setup.askFile, deadline: setup.deadline },
    open: access.responsesOpen,
    mine,
    addressed: access.addressed,
    can: { respond: access.can.respond, viewResponses: access.can.viewResponses, remindResponders: access.can.remindResponders },
  };
}

async function loadMine(db: Db, id: string, personId: string): Promise<MyResponse | null> {
  const r = await db.selectFrom('announcement_response as x').leftJoin('stored_file as f', 'f.id', 'x.file_id')
    .select(['x.text_value', sql<string | null>`to_char(x.date_value, 'YYYY-MM-DD')`.as('date_value'), sql<string | null>`x.number_value::text`.as('number_value'),
      'x.choice', 'x.file_id', 'f.filename', 'x.updated_at'])
    .where('x.announcement_id', '=', id).where('x.person_id', '=', personId).executeTakeFirst();
  if (!r) return null;
  return {
    text: r.text_value ?? '', date: r.date_value, number: r.number_value, choice: r.choice,
    file: r.file_id ? { id: r.file_id, filename: r.filename ?? '' } : null, updatedAt: r.updated_at,
  };
}

/**
 * A recipient answers (or changes the answer). After the deadline: CONFLICT with a message that
 * says so; a type mismatch or an over-long text: INVALID with a message per field (the form keeps
 * what was typed). A file replaces the earlier one; none chosen keeps it (`removeFile` drops it).
 */
export async function submitResponse(
  database: Kysely<DB>,
  viewer: Viewer | null,
  values: Record<string, unknown>,
  opts: { files?: Upload[]; meta?: RequestMeta } = {},
): Promise<{ updated: boolean }> {
  const v = requireViewer(viewer);
  const id = typeof values.id === 'string' ? values.id : '';
  return database.transaction().execute(async (trx) => {
    const access = await loadVisibleAccess(trx, v, id);
    if (!access.collectsResponses) throw new AppError('NOT_FOUND');
    if (access.addressed && access.status === 'published' && !access.responsesOpen) throw new AppError('CONFLICT', 'announcements.responses.errors.closed');
    requireAbility(v, access, 'respond', 'announcements.responses.errors.notAddressed');
    const setup = (await loadResponseSetup(trx, id))!;
    const input = parseInput(responseSchema(setup), values);
    const before = await trx.selectFrom('announcement_response').select(['file_id']).where('announcement_id', '=', id).where('person_id', '=', v.id).forUpdate().executeTakeFirst();
    let fileId: string | null = before?.file_id ?? null;
    const files = setup.askFile ? (opts.files ?? []) : [];
    if (files.length > 0) {
      const checked = checkUploads(files.slice(0, 1), 0);
      if (!checked.ok) throw invalidFields({ file: { key: `errors.files.${checked.refusal.error}`, params: checked.refusal.params } });
      fileId = (await fileStore.put(trx, v.id, checked.files[0])).id;
    } else if (values.removeFile === 'on') {
      fileId = null;
    }
    const row = {
      unit_id: v.unitId, partner_org_id: v.partnerOrgId, text_value: input.text || null, date_value: input.date, number_value: input.number,
      choice: input.choice, file_id: fileId, updated_at: new Date(),
    };
    await trx.insertInto('announcement_response').values({ announcement_id: id, person_id: v.id, ...row })
      .onConflict((oc) => oc.columns(['announcement_id', 'person_id']).doUpdateSet(row)).execute();
    // A receipt for someone who joined the audience after publishing: the table lists recipients.
    await sql`insert into announcement_recipient (announcement_id, person_id, unit_id, partner_org_id, read_at, read_channel)
      values (${id}, ${v.id}, ${v.unitId}, ${v.partnerOrgId}, now(), 'web') on conflict (announcement_id, person_id) do nothing`.execute(trx);
    if (before?.file_id && before.file_id !== fileId) await fileStore.deleteUnreferenced(trx, [before.file_id]);
    return { updated: !!before };
  });
}

function scopeFilter(scope: ReachScope) {
  return scope.kind === 'all' ? sql`true` : sql`r.unit_id in (select descendant_id from org_unit_closure where ancestor_id = any(${scope.kind === 'trees' ? scope.unitIds : []}::uuid[]))`;
}

async function requireResponsesAccess(db: Db, v: Viewer, id: string): Promise<AnnouncementAccess> {
  const access = await loadAccess(db, v, id);
  if (!access.collectsResponses || (access.status !== 'published' && access.status !== 'withdrawn')) throw new AppError('NOT_FOUND');
  requireAbility(v, access, 'viewResponses');
  return access;
}

export type ResponseRow = {
  personId: string; name: string; nameEn: string | null; email: string; unitName: string | null; unitNameEn: string | null; partnerOrg: string | null; partnerOrgEn: string | null;
  text: string | null; date: string | null; number: string | null; choice: string | null; file: { id: string; filename: string } | null; updatedAt: Date | null;
};

export type ResponsesView = {
  id: string;
  title: string;
  setup: ResponseSetup;
  open: boolean;
  scope: Exclude<ReachScope, { kind: 'none' }>;
  /** Recipients in the viewer's scope, how many answered, and the tally of each option. */
  total: number;
  responded: number;
  tally: { choice: string; n: number }[];
  /** 'responded': answers, newest first; 'waiting': those who have not answered. */
  tab: 'responded' | 'waiting';
  rows: ResponseRow[];
  page: number;
  pageSize: number;
  hasNext: boolean;
  lastRemindedAt: Date | null;
  can: Pick<AnnouncementAbilities, 'viewResponses' | 'remindResponders'>;
};

type Row = {
  person_id: string; name: string; name_en: string | null; email: string; unit_name: string | null; unit_name_en: string | null; partner_org: string | null; partner_org_en: string | null;
  text_value: string | null; date_value: string | null; number_value: string | null; choice: string | null; file_id: string | null; filename: string | null; updated_at: Date | null;
};

const rowColumns = sql`r.person_id, p.name, p.name_en, p.email, u.name as unit_name, u.name_en as unit_name_en, po.name as partner_org, po.name_en as partner_org_en,
  x.text_value, to_char(x.date_value, 'YYYY-MM-DD') as date_value, x.number_value::text as number_value, x.choice, x.file_id, f.filename, x.updated_at`;
const rowJoins = sql`join person p on p.id = r.person_id
  left join announcement_response x on x.announcement_id = r.announcement_id and x.person_id = r.person_id
  left join stored_file f on f.id = x.file_id
  left join org_unit u on u.id = r.unit_id
  left join partner_org po on po.id = r.partner_org_id`;

const toRow = (r: Row): ResponseRow => ({
  personId: r.person_id, name: r.name, nameEn: r.name_en, email: r.email, unitName: r.unit_name, unitNameEn: r.unit_name_en, partnerOrg: r.partner_org, partnerOrgEn: r.partner_org_en,
  text: r.text_value, date: r.date_value, number: r.number_value, choice: r.choice, file: r.file_id ? { id: r.file_id, filename: r.filename ?? '' } : null, updatedAt: r.updated_at,
});

/** The table of responses in the viewer's scope: figures, a tally, one page of answers or of those waiting. */
export async function getResponses(db: Kysely<DB>, viewer: Viewer | null, id: string, opts: { tab?: string; page?: number } = {}): Promise<ResponsesView> {
  const v = requireEmployee(viewer);
  const access = await requireResponsesAccess(db, v, id);
  const scope = access.reach as Exclude<ReachScope, { kind: 'none' }>;
  const setup = (await loadResponseSetup(db, id))!;
  const tab = opts.tab === 'waiting' ? 'waiting' : 'responded';
  const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1) || 1), RESPONSES_MAX_PAGE);
  const inScope = scopeFilter(scope);
  const [a, totals, tally, rows] = await Promise.all([
    db.selectFrom('announcement').select(['title']).where('id', '=', id).executeTakeFirstOrThrow(),
    sql<{ total: number; responded: number }>`
      select count(*)::int as total, count(x.person_id)::int as responded
      from announcement_recipient r left join announcement_response x on x.announcement_id = r.announcement_id and x.person_id = r.person_id
      where r.announcement_id = ${id} and ${inScope}`.execute(db),
    setup.options.length > 0
      ? sql<{ choice: string; n: number }>`
        select x.choice, count(*)::int as n from announcement_recipient r join announcement_response x on x.announcement_id = r.announcement_id and x.person_id = r.person_id
        where r.announcement_id = ${id} and ${inScope} and x.choice is not null group by x.choice`.execute(db)
      : Promise.resolve({ rows: [] as { choice: string; n: number }[] }),
    sql<Row>`
      select ${rowColumns}
      from announcement_recipient r ${rowJoins}
      where r.announcement_id = ${id} and ${inScope} and ${tab === 'waiting' ? sql`x.person_id is null` : sql`x.person_id is not null`}
      order by ${tab === 'waiting' ? sql`u.name nulls last, po.name, p.name` : sql`x.updated_at desc`}, r.person_id
      limit ${RESPONSES_PAGE_SIZE + 1} offset ${(page - 1) * RESPONSES_PAGE_SIZE}`.execute(db),
  ]);
  const counts = new Map(tally.rows.map((r) => [r.choice, r.n]));
  return {
    id,
    title: a.title,
    setup: { prompt: setup.prompt, askDate: setup.askDate, askNumber: setup.askNumber, options: setup.options, askFile: setup.askFile, deadline: setup.deadline },
    open: access.responsesOpen,
    scope,
    total: totals.rows[0]?.total ?? 0,
    responded: totals.rows[0]?.responded ?? 0,
    tally: setup.options.map((choice) => ({ choice, n: counts.get(choice) ?? 0 })),
    tab,
    rows: rows.rows.slice(0, RESPONSES_PAGE_SIZE).map(toRow),
    page,
    pageSize: RESPONSES_PAGE_SIZE,
    hasNext: rows.rows.length > RESPONSES_PAGE_SIZE && page < RESPONSES_MAX_PAGE,
    lastRemindedAt: setup.lastRemindedAt,
    can: { viewResponses: access.can.viewResponses, remindResponders: access.can.remindResponders },
  };
}

/** Column labels of the export, in the viewer's language (the route handler passes them). */
export type ResponseExportLabels = {
  headers: { name: string; email: string; unit: string; status: string; respondedAt: string; text: string; date: string; number: string; choice: string; file: string };
  responded: string;
  waiting: string;
};

/**
 * Every recipient in the viewer's scope with their answer (or none), as rows for lib/csv (or any
 * other table format): the header row first. Times in the viewer's zone, named in the header.
 * Names follow `locale` where an English name exists.
 */
export async function responseExportRows(db: Kysely<DB>, viewer: Viewer | null, id: string, labels: ResponseExportLabels, locale: string): Promise<CsvValue[][]> {
  const v = requireEmployee(viewer);
  const access = await requireResponsesAccess(db, v, id);
  const setup = (await loadResponseSetup(db, id))!;
  const { rows } = await sql<Row>`
    select ${rowColumns}
    from announcement_recipient r ${rowJoins}
    where r.announcement_id = ${id} and ${scopeFilter(access.reach)}
    order by (x.person_id is null), u.name nulls last, po.name, p.name, r.person_id`.execute(db);
  const en = locale === 'en';
  const h = labels.headers;
  const header: CsvValue[] = [h.name, h.email, h.unit, h.status, `${h.respondedAt} (${v.timezone})`, h.text];
  if (setup.askDate) header.push(h.date);
  if (setup.askNumber) header.push(h.number);
  if (setup.options.length > 0) header.push(h.choice);
  if (setup.askFile) header.push(h.file);
  return [
    header,
    ...rows.map((r) => {
      const line: CsvValue[] = [
        (en && r.name_en) || r.name, r.email, (en ? r.unit_name_en || r.partner_org_en : null) || r.unit_name || r.partner_org,
        r.updated_at ? labels.responded : labels.waiting, r.updated_at ? localTime(r.updated_at, v.timezone) : '', r.text_value ?? '',
      ];
      if (setup.askDate) line.push(r.date_value ?? '');
      if (setup.askNumber) line.push(r.number_value === null ? '' : Number(r.number_value));
      if (setup.options.length > 0) line.push(r.choice ?? '');
      if (setup.askFile) line.push(r.filename ?? '');
      return line;
    }),
  ];
}

function localTime(d: Date, timeZone: string): string {
  const z = new TZDate(d.getTime(), timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${z.getFullYear()}-${p(z.getMonth() + 1)}-${p(z.getDate())} ${p(z.getHours())}:${p(z.getMinutes())}`;
}

/** Those in the item's audience who have not answered: the reminder's recipients (set-based). */
function waitingSql(id: string) {
  return sql<{ person_id: string }>`
    select r.person_id from announcement_recipient r
    where r.announcement_id = ${id}::uuid
      and not exists (select 1 from announcement_response x where x.announcement_id = r.announcement_id and x.person_id = r.person_id)`;
}

/**
 * "Remind those who have not responded": the same rule as "remind those who haven't read" — at
 * most once an hour per item (claimed atomically), the author/officers/admins only (whole scope),
 * while answers are taken. A notification (and a mail, per each person's choices) for each.
 */
export async function remindResponders(
  database: Kysely<DB>,
  viewer: Viewer | null,
  id: string,
  opts: { meta?: RequestMeta; now?: Date; enqueueDeliver?: EnqueueDeliver } = {},
): Promise<{ waiting: number }> {
  const v = requireEmployee(viewer);
  const now = opts.now ?? new Date();
  return database.transaction().execute(async (trx) => {
    const access = await loadAccess(trx, v, id);
    if (!access.collectsResponses) throw new AppError('NOT_FOUND');
    if (access.can.viewResponses && access.status === 'published' && !access.responsesOpen) throw new AppError('CONFLICT', 'announcements.responses.errors.closed');
    if (access.can.viewResponses && access.status !== 'published') throw new AppError('CONFLICT', 'announcements.errors.notPublished');
    requireAbility(v, access, 'remindResponders');
    const claimed = await trx.updateTable('announcement_response_form').set({ last_reminded_at: now }).where('announcement_id', '=', id)
      .where((eb) => eb.or([eb('last_reminded_at', 'is', null), eb('last_reminded_at', '<=', new Date(now.getTime() - REMIND_INTERVAL_MS))]))
      .returning(['deadline']).executeTakeFirst();
    if (!claimed) {
      const last = await trx.selectFrom('announcement_response_form').select('last_reminded_at').where('announcement_id', '=', id).executeTakeFirstOrThrow();
      throw new AppError('RATE_LIMITED', 'announcements.errors.remindTooSoon', { params: { nextAt: (last.last_reminded_at?.getTime() ?? 0) + REMIND_INTERVAL_MS } });
    }
    const a = await trx.selectFrom('announcement as a').leftJoin('org_unit as u', 'u.id', 'a.origin_unit_id')
      .select(['a.title', 'a.title_en', 'a.urgency', 'u.name as unit_name', 'u.name_en as unit_name_en']).where('a.id', '=', id).executeTakeFirstOrThrow();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${waitingSql(id)}) w`.execute(trx);
    const waiting = rows[0]?.n ?? 0;
    const stamp = now.getTime();
    await trx.insertInto('announcement_event').values({ announcement_id: id, kind: 'response_reminder', actor_id: v.id, details: JSON.stringify({ waiting }), at: now }).execute();
    await recordAudit(trx, { actor: v, action: 'announcement.remind_responders', target: { type: 'announcement', id, label: a.title }, details: { waiting }, meta: opts.meta });
    await notify(trx, {
      kind: 'announcement.response_reminder',
      recipients: { sql: waitingSql(id) },
      item: { type: 'announcement', id, title: a.title },
      link: `/announcements/${id}#respond`,
      message: { key: 'notifications.messages.responseReminder' },
      actorId: v.id,
      mail: {
        template: 'announcement-response-reminder',
        props: {
          announcementId: id, title: a.title, titleEn: a.title_en, urgency: a.urgency, unitName: a.unit_name, unitNameEn: a.unit_name_en,
          deadline: claimed.deadline ? claimed.deadline.toISOString() : null, timezone: v.timezone,
        },
      },
      dedupeKey: `announcement.response_reminder:${id}:${stamp}`,
    }, opts.enqueueDeliver);
    return { waiting };
  });
}

/**
 * Whether the viewer may open a file attached to a response: its uploader (lib/files checks that
 * first), or someone who sees the responses table and whose scope holds that response. Partners
 * never see other people's files. Used by lib/files to authorise downloads.
 */
export async function mayViewResponseFile(db: Kysely<DB>, viewer: Viewer, fileId: string): Promise<boolean> {
  if (!isUuid(fileId) || viewer.kind !== 'employee') return false;
  const links = await db.selectFrom('announcement_response').select(['announcement_id', 'unit_id']).where('file_id', '=', fileId).limit(5).execute();
  for (const l of links) {
    try {
      const access = await loadAccess(db, viewer, l.announcement_id);
      if (!access.can.viewResponses) continue;
      if (access.reach.kind === 'all') return true;
      if (access.reach.kind === 'trees' && l.unit_id) {
        const inTree = await db.selectFrom('org_unit_closure').select('depth').where('descendant_id', '=', l.unit_id).where('ancestor_id', 'in', access.reach.unitIds).executeTakeFirst();
        if (inTree) return true;
      }
    } catch (e) {
      if (isAppError(e) && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) continue;
      throw e;
    }
  }
  return false;
}
