import { describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/authz/viewer';
import { allowedMoves, requireTaskAbility, taskAbilities, type TaskFacts, type TaskStatus } from './abilities';

const base: Viewer = {
  id: 'e', kind: 'employee', email: 'e@x', name: 'E', nameEn: null, status: 'active', locale: null, timezone: 'Asia/Shanghai',
  unitId: 'u', partnerOrgId: null, roles: [], headOfUnitIds: [],
};
const partnerA: Viewer = { ...base, id: 'pa', kind: 'partner', unitId: null, partnerOrgId: 'orgA', roles: ['partner_admin'] };
const partnerB: Viewer = { ...base, id: 'pb', kind: 'partner', unitId: null, partnerOrgId: 'orgB', roles: ['partner_admin'] };

const facts = (over: Partial<TaskFacts>): TaskFacts => ({
  status: 'todo', isCreator: false, isOwner: false, isCollaborator: false, headsOwnerUnit: false, hasDueDate: true, pendingExtension: false, ...over,
});

type Row = [string, Viewer, Partial<TaskFacts>, Partial<Record<keyof ReturnType<typeof taskAbilities>, boolean>>];
const rows: Row[] = [
  ['creator (employee), to do', base, { isCreator: true }, { view: true, edit: true, start: false, accept: false, comment: true, progress: false, requestExtension: false }],
  ['owner, to do', base, { isOwner: true }, { view: true, edit: false, start: true, submit: false, progress: true, requestExtension: true }],
  ['owner, in progress', base, { isOwner: true, status: 'in_progress' }, { start: false, submit: true }],
  ['owner, pending extension', base, { isOwner: true, pendingExtension: true }, { requestExtension: false, decideExtension: false }],
  ['owner, no due date', base, { isOwner: true, hasDueDate: false }, { requestExtension: false }],
  ['owner, done', base, { isOwner: true, status: 'done' }, { view: true, progress: false, requestExtension: false, start: false }],
  ['creator, in review', base, { isCreator: true, status: 'in_review' }, { accept: true, return: true }],
  ['creator, pending extension', base, { isCreator: true, pendingExtension: true }, { decideExtension: true }],
  ['creator who owns it, in review', base, { isCreator: true, isOwner: true, status: 'in_review' }, { accept: true, requestExtension: false }],
  ['collaborator', base, { isCollaborator: true, status: 'in_progress' }, { view: true, submit: false, progress: true, comment: true, requestExtension: false }],
  ['head inside the tree', { ...base, headOfUnitIds: ['u'] }, { headsOwnerUnit: true }, { view: true, comment: true, edit: false, start: false, accept: false, progress: false }],
  ['head outside the tree', { ...base, headOfUnitIds: ['other'] }, { headsOwnerUnit: false }, { view: false, comment: false }],
  ['unrelated employee', base, {}, { view: false }],
  ['admin, not involved', { ...base, roles: ['admin'] }, {}, { view: false }],
  ['partner A owning an action item', partnerA, { isOwner: true }, { view: true, start: true, progress: true, comment: true, requestExtension: true, edit: false }],
  ['partner A collaborating', partnerA, { isCollaborator: true }, { view: true, progress: true, start: false }],
  ['partner B, task of partner A', partnerB, {}, { view: false }],
  ['partner marked creator (never: partners create no tasks)', partnerA, { isCreator: true, status: 'in_review' }, { view: false, accept: false }],
  ['partner "head" flag ignored', partnerB, { headsOwnerUnit: true }, { view: false }],
  // Editing and reassigning: the creator only, while the task is open.
  ['creator, in progress: edits and reassigns', base, { isCreator: true, status: 'in_progress' }, { edit: true }],
  ['creator, in review: still edits', base, { isCreator: true, status: 'in_review' }, { edit: true }],
  ['creator, done: no more edits', base, { isCreator: true, status: 'done' }, { view: true, edit: false }],
  ['owner may not edit or reassign', base, { isOwner: true, status: 'in_progress' }, { edit: false }],
  ['collaborator may not edit', base, { isCollaborator: true }, { edit: false }],
  ['head of the owner\'s tree may not edit', { ...base, headOfUnitIds: ['u'] }, { headsOwnerUnit: true }, { edit: false }],
  ['partner B owning: no edit', partnerB, { isOwner: true }, { view: true, edit: false }],
  ['deactivated owner', { ...base, status: 'deactivated' }, { isOwner: true }, { view: false, start: false, comment: false }],
  ['deactivated creator', { ...base, status: 'deactivated' }, { isCreator: true, status: 'in_review' }, { view: false, accept: false }],
];

describe('taskAbilities (policy table)', () => {
  it.each(rows)('%s', (_name, viewer, f, expected) => {
    const can = taskAbilities(viewer, facts(f));
    for (const [k, want] of Object.entries(expected)) expect([k, can[k as keyof typeof can]]).toEqual([k, want]);
  });

  it('nobody may do anything without view', () => {
    for (const [, viewer, f] of rows) {
      const can = taskAbilities(viewer, facts(f));
      if (!can.view) expect(Object.values(can).every((x) => x === false)).toBe(true);
    }
  });
});

describe('allowedMoves', () => {
  const statuses: TaskStatus[] = ['todo', 'in_progress', 'in_review', 'done'];
  it('owner moves forward to review, creator accepts; nothing moves backwards on the board', () => {
    const got = statuses.map((s) => [s, allowedMoves(taskAbilities(base, facts({ status: s, isOwner: true, isCreator: true })), s).map((m) => m.to)]);
    expect(got).toEqual([['todo', ['in_progress']], ['in_progress', ['in_review']], ['in_review', ['done']], ['done', []]]);
    expect(allowedMoves(taskAbilities(base, facts({ status: 'in_review', isOwner: true })), 'in_review')).toEqual([]);
  });
});

describe('requireTaskAbility', () => {
  const outcome = (fn: () => void) => {
    try {
      fn();
      return 'ok';
    } catch (e) {
      return (e as { code: string }).code;
    }
  };
  it('NOT_FOUND for who may not see it, FORBIDDEN for who sees but may not', () => {
    expect(outcome(() => requireTaskAbility(taskAbilities(partnerB, facts({})), 'view'))).toBe('NOT_FOUND');
    expect(outcome(() => requireTaskAbility(taskAbilities(base, facts({ isCollaborator: true, status: 'in_review' })), 'accept'))).toBe('FORBIDDEN');
    expect(outcome(() => requireTaskAbility(taskAbilities(base, facts({ isCreator: true, status: 'in_review' })), 'accept'))).toBe('ok');
  });
});
