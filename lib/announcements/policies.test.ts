import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import type { Viewer } from '@/lib/authz/viewer';
import { loadAccess } from './access';
import { decideApproval, saveAnnouncement } from './mutations';
import { getAnnouncement, getReach, listAnnouncements, listApprovals } from './queries';
import { buildOrg, composeInput, testDeps, type ComposePatch, type Org } from './testing';

/**
 * Policy tables: who may publish to which audience, who may approve, who may see each item and
 * its statistics — every role, both partner organisations and a deactivated person.
 */
let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

type Who = keyof Org['ids'];
const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e) => (e as { code?: string }).code ?? String(e));

describe('who may publish to which audience (send → published, or pending approval)', () => {
  const audiences = {
    everyone: () => ({ everyone: true }),
    production: () => ({ units: [{ unitId: org.units.production, includeSubUnits: true }] }),
    team1: () => ({ units: [{ unitId: org.units.team1, includeSubUnits: true }] }),
    warehouse: () => ({ units: [{ unitId: org.units.warehouse, includeSubUnits: true }] }),
    namedWorker1: () => ({ peopleEmails: ['liu.yang@x.example'] }),
    hengtong: () => ({ partnerOrgs: [org.partners.hengtong] }),
    role: () => ({ roles: ['unit_head' as const] }),
  };
  const table: [Who, keyof typeof audiences, string][] = [
    ['comms', 'everyone', 'published'],
    ['comms', 'hengtong', 'published'],
    ['admin', 'everyone', 'published'],
    ['admin', 'role', 'published'],
    ['prodHead', 'production', 'published'],
    ['prodHead', 'team1', 'published'],
    ['prodHead', 'namedWorker1', 'published'],
    ['prodHead', 'warehouse', 'pending_approval'],
    ['prodHead', 'everyone', 'pending_approval'],
    ['prodHead', 'hengtong', 'pending_approval'],
    ['eastHead', 'warehouse', 'published'],
    ['eastHead', 'production', 'published'],
    ['eastHead', 'everyone', 'pending_approval'],
    ['worker1', 'team1', 'pending_approval'],
    ['worker1', 'everyone', 'pending_approval'],
    ['itWorker', 'team1', 'pending_approval'],
    ['hengtongAdmin', 'hengtong', 'NOT_FOUND'],
    ['hengtongMember', 'hengtong', 'NOT_FOUND'],
    ['hualianMember', 'everyone', 'NOT_FOUND'],
    ['deactivated', 'team1', 'UNAUTHENTICATED'],
  ];
  it.each(table)('%s → %s: %s', async (who, audience, expected) => {
    const { deps } = testDeps(t.db);
    const result = await saveAnnouncement(t.db, org.viewers[who], composeInput({ audience: audiences[audience]() }), 'send', { deps }).then(
      (r) => r.status,
      (e) => e.code,
    );
    expect(result).toBe(expected);
  });
});

describe('approval routing and who may decide', () => {
  async function submit(by: Who, audience: ComposePatch['audience']) {
    const { deps } = testDeps(t.db);
    const r = await saveAnnouncement(t.db, org.viewers[by], composeInput({ audience }), 'send', { deps });
    const ap = await t.db.selectFrom('announcement_approval').selectAll().where('announcement_id', '=', r.id).executeTakeFirstOrThrow();
    return { id: r.id, approval: ap };
  }

  it('routes a team submission to the nearest head whose tree holds the audience', async () => {
    const a = await submit('worker1', { units: [{ unitId: org.units.team1, includeSubUnits: true }] });
    expect(a.approval.approver_unit_id).toBe(org.units.production);
    const b = await submit('worker1', { units: [{ unitId: org.units.warehouse, includeSubUnits: true }] });
    expect(b.approval.approver_unit_id).toBe(org.units.east);
    const c = await submit('worker1', { everyone: true });
    expect(c.approval.approver_unit_id).toBeNull();
    // A head's own wider submission goes to the next head up, never to themselves.
    const d = await submit('prodHead', { units: [{ unitId: org.units.warehouse, includeSubUnits: true }] });
    expect(d.approval.approver_unit_id).toBe(org.units.east);
    expect(d.approval.recipients_summary).toContain('仓储部');
    expect(d.approval.summary).toBe('事由 设备故障。');
  });

  const deciders: [Who, 'team' | 'everyone', string][] = [
    ['prodHead', 'team', 'ok'],
    ['eastHead', 'team', 'ok'],
    ['comms', 'team', 'ok'],
    ['admin', 'everyone', 'ok'],
    ['comms', 'everyone', 'ok'],
    ['prodHead', 'everyone', 'NOT_FOUND'],
    ['worker1', 'team', 'FORBIDDEN'],
    ['worker1b', 'team', 'NOT_FOUND'],
    ['itWorker', 'team', 'NOT_FOUND'],
    ['hengtongAdmin', 'team', 'NOT_FOUND'],
    ['hualianMember', 'team', 'NOT_FOUND'],
    ['deactivated', 'team', 'UNAUTHENTICATED'],
  ];
  it.each(deciders)('%s deciding a %s submission by worker1: %s', async (who, kind, expected) => {
    const s = await submit('worker1', kind === 'team' ? { units: [{ unitId: org.units.team1, includeSubUnits: true }] } : { everyone: true });
    const { deps } = testDeps(t.db);
    expect(await code(decideApproval(t.db, org.viewers[who], { approvalId: s.approval.id, decision: 'approve', reason: '' }, { deps }))).toBe(expected);
  });

  it('an already-decided approval is a CONFLICT with a clear message; a rejection needs a reason', async () => {
    const s = await submit('worker1', { units: [{ unitId: org.units.team1, includeSubUnits: true }] });
    const { deps } = testDeps(t.db);
    await expect(decideApproval(t.db, org.viewers.prodHead, { approvalId: s.approval.id, decision: 'reject', reason: '' }, { deps }))
      .rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { reason: { key: 'announcements.errors.reasonRequired' } } } });
    await decideApproval(t.db, org.viewers.prodHead, { approvalId: s.approval.id, decision: 'reject', reason: '范围不对' }, { deps });
    await expect(decideApproval(t.db, org.viewers.comms, { approvalId: s.approval.id, decision: 'approve', reason: '' }, { deps }))
      .rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'announcements.errors.alreadyDecided' });
    const a = await t.db.selectFrom('announcement').select('status').where('id', '=', s.id).executeTakeFirstOrThrow();
    expect(a.status).toBe('rejected');
  });

  it('queues: heads see their tree, officers see company-wide ones, nobody sees their own', async () => {
    const s = await submit('worker1', { units: [{ unitId: org.units.team2, includeSubUnits: true }] });
    const prod = await listApprovals(t.db, org.viewers.prodHead);
    expect(prod.pending.map((p) => p.id)).toContain(s.approval.id);
    expect(prod.pending.every((p) => p.recipientsSummary && p.summary.length <= 200)).toBe(true);
    const comms = await listApprovals(t.db, org.viewers.comms);
    expect(comms.pending.map((p) => p.id)).not.toContain(s.approval.id);
    expect(await code(listApprovals(t.db, org.viewers.worker1))).toBe('FORBIDDEN');
    expect(await code(listApprovals(t.db, org.viewers.hengtongAdmin))).toBe('NOT_FOUND');
  });
});

describe('who may see an item and its statistics', () => {
  let toProduction: string;
  let toHengtong: string;
  beforeAll(async () => {
    const { deps } = testDeps(t.db);
    toProduction = (await saveAnnouncement(t.db, org.viewers.prodHead, composeInput({ title: '生产通知', audience: { units: [{ unitId: org.units.production, includeSubUnits: true }] } }), 'send', { deps })).id;
    toHengtong = (await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '供应商通知', audience: { partnerOrgs: [org.partners.hengtong] } }), 'send', { deps })).id;
  });

  // [who, sees production item, its reach, sees hengtong item, its reach]
  const table: [Who, string, string, string, string][] = [
    ['admin', 'ok', 'ok', 'ok', 'ok'],
    ['comms', 'ok', 'ok', 'ok', 'ok'],
    ['prodHead', 'ok', 'ok', 'NOT_FOUND', 'NOT_FOUND'],
    ['eastHead', 'ok', 'ok', 'NOT_FOUND', 'NOT_FOUND'],
    ['worker1', 'ok', 'FORBIDDEN', 'NOT_FOUND', 'NOT_FOUND'],
    ['worker2', 'ok', 'FORBIDDEN', 'NOT_FOUND', 'NOT_FOUND'],
    ['warehouseWorker', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
    ['itWorker', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
    ['hengtongAdmin', 'NOT_FOUND', 'NOT_FOUND', 'ok', 'NOT_FOUND'],
    ['hengtongMember', 'NOT_FOUND', 'NOT_FOUND', 'ok', 'NOT_FOUND'],
    ['hualianMember', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
    ['deactivated', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  ];
  it.each(table)('%s', async (who, prod, prodReach, heng, hengReach) => {
    const v: Viewer = org.viewers[who];
    expect(await code(getAnnouncement(t.db, v, toProduction))).toBe(prod);
    expect(await code(getReach(t.db, v, toProduction))).toBe(prodReach);
    expect(await code(getAnnouncement(t.db, v, toHengtong))).toBe(heng);
    expect(await code(getReach(t.db, v, toHengtong))).toBe(hengReach);
    if (who !== 'deactivated') {
      const list = await listAnnouncements(t.db, v, {});
      // The list holds what is addressed to the viewer (officers: everything); a head above the
      // audience may open the item for its figures but does not get it in their list.
      expect(list.items.some((i) => i.id === toProduction)).toBe(prod === 'ok' && who !== 'eastHead');
      expect(list.items.some((i) => i.id === toHengtong)).toBe(heng === 'ok');
    }
  });

  it('a head of a unit outside the audience only sees their own tree in the figures', async () => {
    const { deps } = testDeps(t.db);
    const id = (await saveAnnouncement(t.db, org.viewers.comms, composeInput({ audience: { units: [{ unitId: org.units.east, includeSubUnits: true }] } }), 'send', { deps })).id;
    const prod = await getReach(t.db, org.viewers.prodHead, id);
    expect(prod.scope.kind).toBe('trees');
    expect(prod.inScope).toBe(4); // the head and three active workers of Production; not Warehouse or East's head
    const all = await getReach(t.db, org.viewers.comms, id);
    expect(all.inScope).toBe(6);
  });

  it('drafts are the author’s alone; garbage ids are not found', async () => {
    const { deps } = testDeps(t.db);
    const draft = (await saveAnnouncement(t.db, org.viewers.worker1, composeInput({ audience: { units: [{ unitId: org.units.team1, includeSubUnits: true }] } }), 'draft', { deps })).id;
    expect(await code(loadAccess(t.db, org.viewers.worker1, draft))).toBe('ok');
    expect(await code(loadAccess(t.db, org.viewers.worker1b, draft))).toBe('NOT_FOUND');
    expect(await code(loadAccess(t.db, org.viewers.prodHead, draft))).toBe('NOT_FOUND');
    expect(await code(loadAccess(t.db, org.viewers.worker1, 'not-a-uuid'))).toBe('NOT_FOUND');
  });
});

describe('who may manage templates', () => {
  const table: [Who, string][] = [
    ['comms', 'ok'], ['admin', 'ok'], ['prodHead', 'FORBIDDEN'], ['worker1', 'FORBIDDEN'],
    ['hengtongAdmin', 'NOT_FOUND'], ['hualianMember', 'NOT_FOUND'], ['deactivated', 'UNAUTHENTICATED'],
  ];
  it.each(table)('%s: %s', async (who, expected) => {
    const { updateTemplate } = await import('./templates');
    expect(await code(updateTemplate(t.db, org.viewers[who], { kind: 'notice', bodyZh: '## 事由\n', bodyEn: '## Reason\n' }))).toBe(expected);
  });
});

describe('who may edit, withdraw and remind', () => {
  const table: [Who, string, string, string][] = [
    // [who, edit, withdraw, remind] an item the Production head published to Production
    ['prodHead', 'ok', 'ok', 'ok'],
    ['comms', 'ok', 'ok', 'ok'],
    ['eastHead', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
    ['worker1', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'],
    ['warehouseWorker', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
    ['hengtongMember', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
    ['deactivated', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  ];
  it.each(table)('%s', async (who, edit, withdraw, remind) => {
    const { editAnnouncement, remindOutstanding, withdrawAnnouncement } = await import('./mutations');
    const { deps } = testDeps(t.db);
    const id = (await saveAnnouncement(t.db, org.viewers.prodHead, composeInput({ audience: { units: [{ unitId: org.units.production, includeSubUnits: true }] } }), 'send', { deps })).id;
    const v = org.viewers[who];
    expect(await code(editAnnouncement(t.db, v, { id: id, title: '改', body: '改', material: 'on' }, { deps }))).toBe(edit);
    expect(await code(remindOutstanding(t.db, v, id, { deps }))).toBe(remind);
    expect(await code(withdrawAnnouncement(t.db, v, { id: id, reason: '撤回' }))).toBe(withdraw);
  });
});

describe('an approval cannot be bypassed by a later edit (issue 7)', () => {
  it.each([
    ['to everyone, approved by an officer', { everyone: true }],
    ['to a partner organisation, approved by an officer', { partnerOrgs: [] as string[] }],
    ['to their team, approved by their head', { units: [] as { unitId: string; includeSubUnits: boolean }[] }],
  ])('a plain author whose item went %s cannot rewrite it; an officer can', async (_name, aud) => {
    const { editAnnouncement } = await import('./mutations');
    const { deps } = testDeps(t.db);
    const audience: ComposePatch['audience'] =
      'partnerOrgs' in aud ? { partnerOrgs: [org.partners.hengtong] } : 'units' in aud ? { units: [{ unitId: org.units.team1, includeSubUnits: true }] } : aud;
    const r = await saveAnnouncement(t.db, org.viewers.worker1, composeInput({ title: '原标题', audience, ackRequired: true }), 'send', { deps });
    const ap = await t.db.selectFrom('announcement_approval').select('id').where('announcement_id', '=', r.id).executeTakeFirstOrThrow();
    const approver = 'units' in aud ? org.viewers.prodHead : org.viewers.comms;
    await decideApproval(t.db, approver, { approvalId: ap.id, decision: 'approve' }, { deps });
    const detail = await getAnnouncement(t.db, org.viewers.worker1, r.id);
    expect(detail.access.can).toMatchObject({ edit: false, withdraw: true });
    await expect(editAnnouncement(t.db, org.viewers.worker1, { id: r.id, title: '改过的标题', body: '新内容', material: 'on' }, { deps }))
      .rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'announcements.errors.editNeedsApproval' });
    const after = await t.db.selectFrom('announcement').select(['title', 'version']).where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ title: '原标题', version: 1 });
    expect(await code(editAnnouncement(t.db, org.viewers.comms, { id: r.id, title: '官方更正', body: '内容', material: 'on' }, { deps }))).toBe('ok');
  });
});

describe('an item addressed only to named people stays with them (issue 7)', () => {
  it('heads of their units neither open it nor see its figures; the people, the author and officers do', async () => {
    const { deps } = testDeps(t.db);
    const r = await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '个人通知', audience: { peopleEmails: ['liu.yang@x.example'] } }), 'send', { deps });
    expect(await code(getAnnouncement(t.db, org.viewers.worker1, r.id))).toBe('ok');
    expect(await code(getAnnouncement(t.db, org.viewers.comms, r.id))).toBe('ok');
    expect(await code(getAnnouncement(t.db, org.viewers.admin, r.id))).toBe('ok');
    for (const head of ['prodHead', 'eastHead'] as const) {
      expect(await code(getAnnouncement(t.db, org.viewers[head], r.id))).toBe('NOT_FOUND');
      expect(await code(getReach(t.db, org.viewers[head], r.id))).toBe('NOT_FOUND');
    }
    expect(await code(getAnnouncement(t.db, org.viewers.worker1b, r.id))).toBe('NOT_FOUND');
  });
});
