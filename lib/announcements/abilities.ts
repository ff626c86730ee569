import type { Viewer } from '@/lib/authz/viewer';
import { isEmployee } from '@/lib/authz/policies';
import type { AnnouncementStatus } from './schema';
import type { ReachScope } from './policies';

/**
 * What the viewer may do with one announcement: one pure function of (viewer, facts about the
 * item). lib/announcements/access.ts loads the facts, queries return the result with the item as
 * `can`, mutations enforce the same result (requireAbility), and pages only read `can.*`.
 */
export type AnnouncementFacts = {
  status: AnnouncementStatus;
  ackRequired: boolean;
  version: number;
  /** Addressed to the viewer (a receipt, or in the audience now). */
  addressed: boolean;
  ackedVersion: number | null;
  isAuthor: boolean;
  /** Decided an approval of it, or may decide the pending one. */
  isApprover: boolean;
  /** May decide the pending approval now. */
  mayDecide: boolean;
  /** Communications officer or admin: publishes to anyone. */
  privileged: boolean;
  /** The viewer could publish to this item's audience without approval (privileged, or a head whose trees hold it). */
  publishesDirectly: boolean;
  reach: ReachScope;
  /** A collaboration or feedback request that collects responses (lib/announcements/responses.ts). */
  collectsResponses?: boolean;
  /** Its deadline has not passed (or it has none). */
  responsesOpen?: boolean;
};

export type AnnouncementAbilities = {
  /** Acknowledge the current version. */
  acknowledge: boolean;
  /**
   * Change title and body of a published or scheduled item. Only those who could publish to its
   * audience directly: an approved item's author without that right would bypass the approval.
   */
  edit: boolean;
  /** Withdraw a submitted, scheduled or published item (never a draft: nobody has seen it; it is deleted). */
  withdraw: boolean;
  /** Open a draft or rejected item in the compose form again. */
  revise: boolean;
  /** Send a never-submitted draft as it is (publish, schedule or submit for approval). */
  submit: boolean;
  /** Delete a never-submitted draft (audited). */
  delete: boolean;
  decide: boolean;
  viewReach: boolean;
  /** Remind those who have not read (the whole audience's figures only). */
  remind: boolean;
  /** The edit history and the approval record. */
  viewHistory: boolean;
  /** The Markdown source (for editing). */
  viewSource: boolean;
  /** Give (or change) one's own response: addressed, published, before the deadline. */
  respond: boolean;
  /** The table of responses (within the viewer's reach scope: heads see their trees). Never partners. */
  viewResponses: boolean;
  /** Remind those who have not responded (the whole audience's figures only). */
  remindResponders: boolean;
};

const none: AnnouncementAbilities = {
  acknowledge: false, edit: false, withdraw: false, revise: false, submit: false, delete: false, decide: false, viewReach: false, remind: false, viewHistory: false, viewSource: false,
  respond: false, viewResponses: false, remindResponders: false,
};

export function announcementAbilities(viewer: Viewer | null | undefined, f: AnnouncementFacts): AnnouncementAbilities {
  if (!viewer || viewer.status !== 'active') return none;
  const live = f.status === 'published';
  const manager = isEmployee(viewer) && (f.isAuthor || f.privileged);
  const reachable = f.reach.kind !== 'none' && (live || f.status === 'withdrawn');
  return {
    acknowledge: live && f.ackRequired && f.addressed && f.ackedVersion !== f.version,
    edit: isEmployee(viewer) && (f.status === 'published' || f.status === 'scheduled') && (f.privileged || (f.isAuthor && f.publishesDirectly)),
    withdraw: manager && f.status !== 'withdrawn' && f.status !== 'draft',
    revise: isEmployee(viewer) && f.isAuthor && (f.status === 'draft' || f.status === 'rejected'),
    submit: isEmployee(viewer) && f.isAuthor && f.status === 'draft',
    delete: isEmployee(viewer) && f.isAuthor && f.status === 'draft',
    decide: isEmployee(viewer) && f.mayDecide && f.status === 'pending_approval',
    viewReach: reachable,
    remind: reachable && live && f.reach.kind === 'all',
    viewHistory: isEmployee(viewer) && (f.isAuthor || f.isApprover || f.privileged),
    viewSource: manager,
    respond: live && !!f.collectsResponses && !!f.responsesOpen && f.addressed,
    viewResponses: isEmployee(viewer) && reachable && !!f.collectsResponses,
    remindResponders: isEmployee(viewer) && reachable && live && !!f.collectsResponses && !!f.responsesOpen && f.reach.kind === 'all',
  };
}
