import type { Viewer } from '@/lib/authz/viewer';
import { isActive, isAdmin, isCommsOfficer, isEmployee } from '@/lib/authz/policies';
import { AppError } from '@/lib/errors';

/**
 * What the viewer may do in the knowledge base with one space, folder or article: one pure
 * function of (viewer, facts). lib/kb/access.ts loads the facts in one query; queries return the
 * result as `can`; mutations enforce it (requireKbAbility); pages read `can.*` only.
 *
 * - admins manage everything; a space's owners (employees) manage their space;
 * - the effective edit audience (the folder's own, else its parent's, else the space's) may edit;
 * - the effective view audience (and every editor) may read;
 * - partners reach only what an audience names their organisation (or them) in; never manage;
 * - communications officers may mark what they can read as required reading.
 */
export type KbFacts = {
  /** In the effective view audience. */
  inView: boolean;
  /** In the effective edit audience. */
  inEdit: boolean;
  /** An owner of the space. */
  isOwner: boolean;
  /** The space is archived: read only. */
  archived?: boolean;
};

export type KbAbilities = {
  view: boolean;
  /** Write and edit articles, create sub-folders, move articles within what they may edit. */
  edit: boolean;
  /** Change the space or folder: name, audiences, owners; move and delete folders. */
  manage: boolean;
  /** Mark an article as required reading and see who acknowledged. */
  require: boolean;
};

const none: KbAbilities = { view: false, edit: false, manage: false, require: false };

export function kbAbilities(viewer: Viewer | null | undefined, f: KbFacts): KbAbilities {
  if (!isActive(viewer)) return none;
  const manage = isAdmin(viewer) || (isEmployee(viewer) && f.isOwner);
  const view = manage || f.inView || f.inEdit;
  const edit = !f.archived && (manage || f.inEdit);
  return {
    view,
    edit,
    manage,
    require: !f.archived && view && isEmployee(viewer) && (manage || isCommsOfficer(viewer)),
  };
}

/** Who may create a space at all: employees (they become its owner). */
export function canCreateSpace(viewer: Viewer | null | undefined): boolean {
  return isEmployee(viewer);
}

/**
 * Enforces one ability from the same function the page read. A viewer who may not even see the
 * thing is told it does not exist (NOT_FOUND); one who sees it but may not do this gets FORBIDDEN
 * (partners always NOT_FOUND).
 */
export function requireKbAbility(viewer: Viewer, can: KbAbilities, ability: keyof KbAbilities): void {
  if (can[ability]) return;
  if (!can.view || viewer.kind === 'partner') throw new AppError('NOT_FOUND');
  throw new AppError('FORBIDDEN');
}
