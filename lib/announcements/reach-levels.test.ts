import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { saveAnnouncement } from './mutations';
import { getReach } from './queries';
import { buildOrg, composeInput, testDeps, type Org } from './testing';

/** Issue 8: the reach page opens the org level by level and pages the outstanding list. */
let t: TestDb;
let org: Org;
let id: string;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
  const { deps } = testDeps(t.db);
  id = (await saveAnnouncement(t.db, org.viewers.comms, composeInput({ audience: { everyone: true, partnerOrgs: [org.partners.hengtong] } }), 'send', { deps })).id;
});
afterAll(() => t.drop());

const rows = (r: Awaited<ReturnType<typeof getReach>>) =>
  r.units.map((u) => `${u.self ? '=' : u.drill ? '+' : ''}${u.partnerOrg ?? u.unitName}:${u.size}`).sort();

describe('reach, level by level', () => {
  it('top level: root units and partner organisations; then the children of the opened unit and its own members', async () => {
    const top = await getReach(t.db, org.viewers.comms, id);
    expect(top.path).toEqual([]);
    expect(rows(top)).toEqual(['+总部:9', '恒通精密零件:2']);
    const hq = await getReach(t.db, org.viewers.comms, id, { unit: org.units.hq });
    expect(hq.path.map((p) => p.name)).toEqual(['总部']);
    expect(rows(hq)).toEqual(['+华东区:6', '信息技术部:2', '行政部:1']);
    const east = await getReach(t.db, org.viewers.comms, id, { unit: org.units.east });
    expect(east.path.map((p) => p.name)).toEqual(['总部', '华东区']);
    expect(rows(east)).toEqual(['+生产部:4', '=华东区:1', '仓储部:1']);
    expect(east.outstandingHere).toBe(6);
    expect(east.outstanding).toHaveLength(6);
    expect(top.outstandingTotal).toBe(11);
  });

  it('a head sees only their own tree at every level; unknown units are not found', async () => {
    const top = await getReach(t.db, org.viewers.prodHead, id);
    expect(rows(top)).toEqual(['+总部:4']);
    expect(rows(await getReach(t.db, org.viewers.prodHead, id, { unit: org.units.east }))).toEqual(['+生产部:4']);
    expect(rows(await getReach(t.db, org.viewers.prodHead, id, { unit: org.units.it }))).toEqual([]);
    await expect(getReach(t.db, org.viewers.comms, id, { unit: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getReach(t.db, org.viewers.comms, id, { unit: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pages the outstanding list on the server (page size, capped page number)', async () => {
    const p1 = await getReach(t.db, org.viewers.comms, id, { page: 1 });
    expect(p1.pageSize).toBe(50);
    expect(p1.hasNext).toBe(false);
    const far = await getReach(t.db, org.viewers.comms, id, { page: 10_000 });
    expect(far.page).toBe(100);
    expect(far.outstanding).toEqual([]);
  });
});
