import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import type { MessageKey } from '@/lib/i18n/catalog';

export const taskStatuses = ['todo', 'in_progress', 'in_review', 'done'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** Facts about one task and the viewer, loaded once (lib/tasks/access.ts). */
export type TaskFacts = {
  status: TaskStatus;
  isCreator: boolean;
  isOwner: boolean;
  isCollaborator: boolean;
  /** The owner's unit lies in a tree the viewer heads (headship covers the subtree). */
  headsOwnerUnit: boolean;
  hasDueDate: boolean;
  pendingExtension: boolean;
};

export type TaskAbilities = {
  view: boolean;
  /** Change title, description, owner, due date … (the creator, while not done). */
  edit: boolean;
  /** to do → in progress (the owner). */
  start: boolean;
  /** in progress → submitted for review (the owner). */
  submit: boolean;
  /** submitted for review → done (the creator). */
  accept: boolean;
  /** submitted for review → in progress with a reason (the creator). */
  return: boolean;
  comment: boolean;
  /** Post a progress update (owner and collaborators). */
  progress: boolean;
  /** 申请调整: ask the creator for a new due date (the owner). */
  requestExtension: boolean;
  /** Approve or decline the pending request (the creator). */
  decideExtension: boolean;
};

const none: TaskAbilities = {
  view: false, edit: false, start: false, submit: false, accept: false, return: false, comment: false, progress: false, requestExtension: false, decideExtension: false,
};

/**
 * What the viewer may do with one task: one pure function; queries return it as `can`, mutations
 * enforce it (requireTaskAbility), pages read `can.*`.
 *
 * - Creator, owner and collaborators see the task; heads see the tasks of owners inside their
 *   unit trees (read and comment only); nobody else does — a partner only ever sees tasks they own
 *   or collaborate on (their own action items), whatever organisation created them.
 * - Deactivated people can do nothing.
 */
export function taskAbilities(viewer: Viewer | null | undefined, f: TaskFacts): TaskAbilities {
  if (!viewer || viewer.status !== 'active') return none;
  const employee = viewer.kind === 'employee';
  const involved = f.isOwner || f.isCollaborator || (employee && f.isCreator);
  const view = involved || (employee && f.headsOwnerUnit);
  if (!view) return none;
  const open = f.status !== 'done';
  const creator = employee && f.isCreator;
  return {
    view,
    edit: creator && open,
    start: f.isOwner && f.status === 'todo',
    submit: f.isOwner && f.status === 'in_progress',
    accept: creator && f.status === 'in_review',
    return: creator && f.status === 'in_review',
    comment: true,
    progress: open && (f.isOwner || f.isCollaborator),
    requestExtension: open && f.isOwner && f.hasDueDate && !f.pendingExtension && !creator,
    decideExtension: creator && f.pendingExtension,
  };
}

/** The board's moves: the status each allowed move leads to. */
export function allowedMoves(can: TaskAbilities, status: TaskStatus): { to: TaskStatus; ability: 'start' | 'submit' | 'accept' | 'return' }[] {
  const out: { to: TaskStatus; ability: 'start' | 'submit' | 'accept' | 'return' }[] = [];
  if (can.start && status === 'todo') out.push({ to: 'in_progress', ability: 'start' });
  if (can.submit && status === 'in_progress') out.push({ to: 'in_review', ability: 'submit' });
  if (can.accept && status === 'in_review') out.push({ to: 'done', ability: 'accept' });
  return out;
}

/**
 * Enforces one ability. Someone who may not see the task is never told it exists (NOT_FOUND);
 * someone who sees it but may not do this gets FORBIDDEN with the reason.
 */
export function requireTaskAbility(can: TaskAbilities, ability: keyof TaskAbilities, why?: MessageKey): void {
  if (can[ability]) return;
  if (!can.view) throw new AppError('NOT_FOUND');
  throw new AppError('FORBIDDEN', why ?? 'tasks.errors.notAllowed');
}
