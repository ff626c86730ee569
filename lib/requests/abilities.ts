import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';

/**
 * What a viewer may do with one customer request: one pure function over facts that
 * lib/requests/access.ts loads once. Queries return it as `can`; mutations enforce it with
 * requireRequestAbility; pages only read `can.*`.
 *
 * - Staff of a request: members of its handling unit, heads of a tree containing that unit, its
 *   assignee, and admins. They see the internal notes, write public replies (`staffReply`), note,
 *   take, reassign, change priority and move the status (never after closing, except reading
 *   and noting).
 * - The customer side: the requester; members of the same organisation when it is shared with
 *   the organisation; the organisation's partner admin (all of its requests). They see the public
 *   conversation only, reply from the portal (`reply`) while it is open, close a resolved request,
 *   reopen within the period, rate once after closing, and share it with their organisation.
 * `reply` and `staffReply` never hold for the same viewer: a customer's reply and a staff reply
 * are different actions (lib/requests/mutations.ts enforces each with its own ability).
 * - Everyone else (other units' employees, officers without a unit role, other organisations,
 *   suppliers, deactivated people): nothing. Partners are told NOT_FOUND.
 */
export type RequestStatus = 'new' | 'open' | 'waiting' | 'resolved' | 'closed';

export type RequestFacts = {
  partnerOrgId: string;
  requesterId: string;
  sharedWithOrg: boolean;
  unitId: string;
  assigneeId: string | null;
  status: RequestStatus;
  rated: boolean;
  /** The viewer is a member of the handling unit. */
  inUnit: boolean;
  /** The handling unit is in a tree the viewer heads. */
  headsUnit: boolean;
  /** Until when the customer may reopen (resolution or closing + the set period); null = not applicable. */
  reopenUntil: Date | null;
  now: Date;
};

export type RequestAbilities = {
  view: boolean;
  viewInternal: boolean;
  /** The customer side answers from the portal. */
  reply: boolean;
  /** Staff write a public reply (mailed to the requester). */
  staffReply: boolean;
  note: boolean;
  take: boolean;
  assign: boolean;
  changePriority: boolean;
  setStatus: boolean;
  close: boolean;
  reopen: boolean;
  rate: boolean;
  share: boolean;
};

const none: RequestAbilities = { view: false, viewInternal: false, reply: false, staffReply: false, note: false, take: false, assign: false, changePriority: false, setStatus: false, close: false, reopen: false, rate: false, share: false };

const activeStatuses: readonly RequestStatus[] = ['new', 'open', 'waiting'];

export function isRequestStaff(viewer: Viewer | null | undefined, f: Pick<RequestFacts, 'inUnit' | 'headsUnit' | 'assigneeId'>): boolean {
  if (!viewer || viewer.status !== 'active' || viewer.kind !== 'employee') return false;
  return viewer.roles.includes('admin') || f.inUnit || f.headsUnit || f.assigneeId === viewer.id;
}

export function requestAbilities(viewer: Viewer | null | undefined, f: RequestFacts): RequestAbilities {
  if (!viewer || viewer.status !== 'active') return none;
  const notClosed = f.status !== 'closed';
  if (viewer.kind === 'employee') {
    if (!isRequestStaff(viewer, f)) return none;
    return {
      ...none,
      view: true,
      viewInternal: true,
      note: true,
      staffReply: notClosed,
      take: activeStatuses.includes(f.status) && f.assigneeId !== viewer.id,
      assign: notClosed,
      changePriority: notClosed,
      setStatus: notClosed,
    };
  }
  if (viewer.partnerOrgId !== f.partnerOrgId) return none;
  const own = f.requesterId === viewer.id;
  const orgAdmin = viewer.roles.includes('partner_admin');
  if (!own && !orgAdmin && !f.sharedWithOrg) return none;
  const mayReopen = (f.status === 'resolved' || f.status === 'closed') && f.reopenUntil !== null && f.now <= f.reopenUntil;
  return {
    ...none,
    view: true,
    reply: activeStatuses.includes(f.status),
    close: f.status === 'resolved' && (own || orgAdmin),
    reopen: mayReopen && (own || orgAdmin),
    rate: f.status === 'closed' && !f.rated && (own || orgAdmin),
    share: own || orgAdmin,
  };
}

/** Enforces one ability: a viewer who may not see the request learns nothing (NOT_FOUND for partners, FORBIDDEN for employees). */
export function requireRequestAbility(viewer: Viewer | null, can: RequestAbilities, ability: keyof RequestAbilities): Viewer {
  if (!viewer || viewer.status !== 'active') throw new AppError('UNAUTHENTICATED');
  if (!can.view) throw new AppError(viewer.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  if (!can[ability]) throw new AppError(viewer.kind === 'partner' && (ability === 'viewInternal' || ability === 'note') ? 'NOT_FOUND' : 'FORBIDDEN');
  return viewer;
}

/** Area-level: who files requests (members of customer and distributor organisations), who works queues, who administers. */
export type RequestAreaAbilities = { submit: boolean; portal: boolean; queue: boolean; administer: boolean };

export function requestAreaAbilities(viewer: Viewer | null | undefined, facts: { partnerOrgType?: string | null } = {}): RequestAreaAbilities {
  if (!viewer || viewer.status !== 'active') return { submit: false, portal: false, queue: false, administer: false };
  if (viewer.kind === 'partner') {
    const customer = facts.partnerOrgType === 'customer' || facts.partnerOrgType === 'distributor';
    return { submit: customer, portal: customer, queue: false, administer: false };
  }
  return { submit: false, portal: false, queue: true, administer: viewer.roles.includes('admin') };
}

/**
 * Saved replies (templates staff insert into a reply). A unit's replies serve its queue: every
 * member of the unit, heads of a tree containing it and admins use them; the heads and admins
 * manage them. A personal reply is its owner's alone. Partners never reach either (NOT_FOUND).
 */
export type SavedReplyFacts = { unitId: string | null; ownerId: string | null; headsUnit: boolean };
export type SavedReplyAbilities = { use: boolean; edit: boolean };

export function savedReplyAbilities(viewer: Viewer | null | undefined, f: SavedReplyFacts): SavedReplyAbilities {
  if (!viewer || viewer.status !== 'active' || viewer.kind !== 'employee') return { use: false, edit: false };
  if (f.ownerId !== null) {
    const own = f.ownerId === viewer.id;
    return { use: own, edit: own };
  }
  const manage = viewer.roles.includes('admin') || f.headsUnit;
  return { use: manage || (f.unitId !== null && viewer.unitId === f.unitId), edit: manage };
}

export function requireSavedReplyAbility(viewer: Viewer | null, can: SavedReplyAbilities, ability: keyof SavedReplyAbilities): Viewer {
  if (!viewer || viewer.status !== 'active') throw new AppError('UNAUTHENTICATED');
  if (viewer.kind !== 'employee' || !can.use) throw new AppError(viewer.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
  if (!can[ability]) throw new AppError('FORBIDDEN');
  return viewer;
}
