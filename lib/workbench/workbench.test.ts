import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { acknowledge, decideApproval, saveAnnouncement } from '@/lib/announcements/mutations';
import { buildOrg, composeInput, testDeps, type Org } from '@/lib/announcements/testing';
import { countApprovalsWaiting } from '@/lib/announcements/todos';
import { todoSources } from './sources';
import { listTodos } from './todos';

let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const keys = async (who: keyof Org['viewers']) =>
  Object.fromEntries((await listTodos(t.db, org.viewers[who], { locale: 'zh-CN' })).map((g) => [g.key, g.items.map((i) => i.title)]));

describe('the workbench: what waits on a person, across areas', () => {
  it('shows an acknowledgement to each addressee until they acknowledge, and nothing to others', async () => {
    const { deps } = testDeps(t.db);
    const production = { units: [{ unitId: org.units.production, includeSubUnits: true }] };
    const a = await saveAnnouncement(t.db, org.viewers.prodHead, composeInput({ title: '安全规程更新', ackRequired: true, audience: production }), 'send', { deps });
    expect(await keys('worker1')).toEqual({ 'announcements/acknowledge': ['生产部-安全规程更新'] });
    expect(await keys('warehouseWorker')).toEqual({});
    expect(await keys('hengtongMember')).toEqual({});
    await acknowledge(t.db, org.viewers.worker1, a.id);
    expect(await keys('worker1')).toEqual({});
    expect(await keys('worker1b')).toEqual({ 'announcements/acknowledge': ['生产部-安全规程更新'] });
  });

  it('shows a head the submission waiting for them (with the badge count) and the author the reason it was not approved', async () => {
    const { deps } = testDeps(t.db);
    const team1 = { units: [{ unitId: org.units.production, includeSubUnits: true }] };
    const s = await saveAnnouncement(t.db, org.viewers.worker1, composeInput({ title: '班组周会', audience: team1 }), 'send', { deps });
    expect(s.status).toBe('pending_approval');
    expect((await keys('prodHead'))['announcements/approvals']).toEqual(['装配一组-班组周会']);
    expect(await countApprovalsWaiting(t.db, org.viewers.prodHead)).toBe(1);
    expect(await countApprovalsWaiting(t.db, org.viewers.warehouseWorker)).toBe(0);
    expect((await keys('eastHead'))['announcements/approvals']).toEqual(['装配一组-班组周会']);
    expect((await keys('worker1'))['announcements/approvals']).toBeUndefined();

    const ap = await t.db.selectFrom('announcement_approval').select('id').where('announcement_id', '=', s.id).executeTakeFirstOrThrow();
    await decideApproval(t.db, org.viewers.prodHead, { approvalId: ap.id, decision: 'reject', reason: '范围不对' }, { deps });
    expect(await countApprovalsWaiting(t.db, org.viewers.prodHead)).toBe(0);
    const groups = await listTodos(t.db, org.viewers.worker1, { locale: 'en' });
    const rejected = groups.find((g) => g.key === 'announcements/rejected')!;
    expect(rejected).toMatchObject({ count: 1, label: 'home.todos.rejected', href: '/announcements?mine=authored' });
    expect(rejected.items[0]).toMatchObject({ title: 'Assembly Team 1 – 班组周会', href: `/announcements/${s.id}`, note: { key: 'home.todos.reason', params: { reason: '范围不对' } } });
    expect((await keys('worker1b'))['announcements/rejected']).toBeUndefined();
  });

  it('runs every source in one statement, and gives the same groups as each source alone (dates as dates)', async () => {
    const { deps } = testDeps(t.db);
    const production = { units: [{ unitId: org.units.production, includeSubUnits: true }] };
    await saveAnnouncement(t.db, org.viewers.prodHead, composeInput({ title: '截止提醒', ackRequired: true, audience: production, reachDeadline: new Date(Date.now() + 86400_000) }), 'send', { deps });
    let statements = 0;
    const counted = t.db.withPlugin({ transformQuery: (a) => a.node, transformResult: async (a) => { statements += 1; return a.result; } });
    const opts = { limit: 5, now: new Date(), locale: 'zh-CN' };
    for (const who of ['worker1', 'prodHead', 'admin', 'hengtongMember'] as const) {
      statements = 0;
      const together = await listTodos(counted, org.viewers[who], opts);
      expect(statements).toBeLessThanOrEqual(1);
      const alone = (await Promise.all([...todoSources].sort((a, b) => a.order - b.order).map((s) => s.load(t.db, org.viewers[who], opts)))).filter((g) => !!g && g.count > 0);
      expect(together).toEqual(alone);
    }
    const ack = (await listTodos(t.db, org.viewers.worker1, opts)).find((g) => g.key === 'announcements/acknowledge')!;
    expect(ack.items.find((i) => i.title.endsWith('截止提醒'))!.due).toBeInstanceOf(Date);
  });

  it('refuses without a viewer', async () => {
    await expect(listTodos(t.db, null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
