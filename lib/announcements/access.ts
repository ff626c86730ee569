import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import { getAudienceSpec, isInAudience } from '@/lib/audience/queries';
import { isActive, isUnitHead } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import type { MessageKey } from '@/lib/i18n/catalog';
import { announcementAbilities, type AnnouncementAbilities } from './abilities';
import { audienceWithinTrees, canPublishAnywhere, reachScopeFor, type ReachScope } from './policies';
import type { AnnouncementStatus } from './schema';

type Db = Kysely<DB> | Transaction<DB>;

export type AnnouncementAccess = {
  id: string;
  status: AnnouncementStatus;
  authorId: string;
  audienceId: string;
  version: number;
  ackRequired: boolean;
  publishedAt: Date | null;
  /** Addressed to the viewer (a receipt row exists, or the viewer is in the audience now). */
  addressed: boolean;
  hasReceipt: boolean;
  readAt: Date | null;
  ackedVersion: number | null;
  isAuthor: boolean;
  /** Decided an approval of it, or may decide the pending one. */
  isApprover: boolean;
  privileged: boolean;
  reach: ReachScope;
  /** Collects responses (a collaboration or feedback request with a response form). */
  collectsResponses: boolean;
  responsesOpen: boolean;
  /** What the viewer may do with it (lib/announcements/abilities.ts). */
  can: AnnouncementAbilities;
};

/**
 * Everything needed to decide what the viewer may do with one announcement, in one query (plus
 * an audience check only when the viewer has no receipt). Throws NOT_FOUND when the viewer may
 * not see it at all: not addressed, not author/approver, not a communications officer or admin,
 * not a head of a unit that received it. Partners are never told an item exists otherwise.
 */
export async function loadAccess(db: Db, viewer: Viewer | null, id: string): Promise<AnnouncementAccess> {
  if (!isActive(viewer)) throw new AppError('UNAUTHENTICATED');
  if (!isUuid(id)) throw new AppError('NOT_FOUND');
  const heads = viewer.kind === 'employee' ? [...viewer.headOfUnitIds] : [];
  const { rows } = await sql<{
    id: string; status: AnnouncementStatus; author_id: string; audience_id: string; version: number; ack_required: boolean; published_at: Date | null;
    has_receipt: boolean; read_at: Date | null; acked_version: number | null; decided: boolean; pending_unit: string | null; has_pending: boolean;
    head_reach: boolean; pending_in_tree: boolean; collects: boolean; responses_open: boolean;
  }>`
    select a.id, a.status, a.author_id, a.audience_id, a.version, a.ack_required, a.published_at,
      rf.announcement_id is not null as collects, (rf.announcement_id is not null and (rf.deadline is null or rf.deadline > now())) as responses_open,
      r.person_id is not null as has_receipt, r.read_at, r.acked_version,
      exists (select 1 from announcement_approval ap where ap.announcement_id = a.id and ap.approver_id = ${viewer.id}) as decided,
      exists (select 1 from announcement_approval ap where ap.announcement_id = a.id and ap.status = 'pending') as has_pending,
      (select ap.approver_unit_id from announcement_approval ap where ap.announcement_id = a.id and ap.status = 'pending') as pending_unit,
      (cardinality(${heads}::uuid[]) > 0 and exists (
        select 1 from announcement_approval ap join org_unit_closure c on c.descendant_id = ap.approver_unit_id
        where ap.announcement_id = a.id and ap.status = 'pending' and c.ancestor_id = any(${heads}::uuid[]))) as pending_in_tree,
      (cardinality(${heads}::uuid[]) > 0 and a.status in ('published','withdrawn') and exists (
        select 1 from announcement_recipient rr join org_unit_closure c on c.descendant_id = rr.unit_id
        where rr.announcement_id = a.id and c.ancestor_id = any(${heads}::uuid[]))
        -- An item addressed only to named people stays with them: heads of their units see nothing of it.
        and exists (select 1 from audience_rule ar where ar.audience_id = a.audience_id and ar.kind <> 'person')) as head_reach
    from announcement a
    left join announcement_recipient r on r.announcement_id = a.id and r.person_id = ${viewer.id}
    left join announcement_response_form rf on rf.announcement_id = a.id
    where a.id = ${id}`.execute(db);
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND');

  const employee = viewer.kind === 'employee';
  const isAuthor = employee && row.author_id === viewer.id;
  const privileged = canPublishAnywhere(viewer);
  const mayDecidePending = employee && !isAuthor && row.has_pending && (privileged || row.pending_in_tree);
  const isApprover = employee && (row.decided || mayDecidePending);
  const live = row.status === 'published';
  let addressed = live && row.has_receipt;
  if (live && !addressed) addressed = await isInAudience(db, row.audience_id, viewer);

  const reach = reachScopeFor(viewer, row, { isDecider: row.decided });
  const headSees = reach.kind === 'trees' && row.head_reach;
  if (!(addressed || isAuthor || isApprover || privileged || headSees)) throw new AppError('NOT_FOUND');
  // Only an author who heads units can edit without approval, and only inside their trees.
  const editable = row.status === 'published' || row.status === 'scheduled';
  const publishesDirectly = privileged || (isAuthor && editable && isUnitHead(viewer) &&
    (await audienceWithinTrees(db, resolvedOf(await getAudienceSpec(db, row.audience_id)), viewer.headOfUnitIds)));
  const scope: ReachScope = reach.kind === 'trees' && !row.head_reach ? { kind: 'none' } : reach;
  const can = announcementAbilities(viewer, {
    status: row.status, ackRequired: row.ack_required, version: row.version, addressed, ackedVersion: row.acked_version,
    isAuthor, isApprover, mayDecide: mayDecidePending, privileged, publishesDirectly, reach: scope,
    collectsResponses: row.collects, responsesOpen: row.responses_open,
  });
  return {
    id: row.id,
    status: row.status,
    authorId: row.author_id,
    audienceId: row.audience_id,
    version: row.version,
    ackRequired: row.ack_required,
    publishedAt: row.published_at,
    addressed,
    hasReceipt: row.has_receipt,
    readAt: row.read_at,
    ackedVersion: row.acked_version,
    isAuthor,
    isApprover,
    privileged,
    reach: scope,
    collectsResponses: row.collects,
    responsesOpen: row.responses_open,
    can,
  };
}

function resolvedOf(spec: Awaited<ReturnType<typeof getAudienceSpec>>) {
  return { everyone: spec.everyone, unitIds: spec.units.map((u) => u.unitId), roles: spec.roles, personIds: spec.people, partnerOrgIds: spec.partnerOrgs };
}

/**
 * Enforces one ability from the same function the page reads. A partner is never told an item
 * exists (NOT_FOUND); an employee who may see it but not do this gets FORBIDDEN with `why`.
 * Callers check the item's state first where a state conflict explains the refusal better.
 */
export function requireAbility(viewer: Viewer, access: AnnouncementAccess, ability: keyof AnnouncementAbilities, why?: MessageKey): void {
  if (access.can[ability]) return;
  throw viewer.kind === 'partner' ? new AppError('NOT_FOUND') : new AppError('FORBIDDEN', why);
}

/**
 * Whether the viewer may open the announcement itself (its page, its attachments): loadAccess,
 * and a withdrawn item stays visible only to its author, approvers, communications officers and
 * admins. NOT_FOUND otherwise. The one visibility rule: the detail page and file downloads share it.
 */
export async function loadVisibleAccess(db: Db, viewer: Viewer | null, id: string): Promise<AnnouncementAccess> {
  const access = await loadAccess(db, viewer, id);
  if (access.status === 'withdrawn' && !(access.isAuthor || access.privileged || access.isApprover)) throw new AppError('NOT_FOUND');
  return access;
}

/** Reach figures exist for published (or since withdrawn) items, for those with a scope. */
export function requireReachScope(viewer: Viewer, access: AnnouncementAccess): Exclude<ReachScope, { kind: 'none' }> {
  if (access.reach.kind === 'none') throw new AppError(viewer.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  if (access.status !== 'published' && access.status !== 'withdrawn') throw new AppError('NOT_FOUND');
  return access.reach;
}
