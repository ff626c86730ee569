import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@/db/seed/demo';
import { insertPerson } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { isAppError } from '@/lib/errors';
import { search } from '@/lib/search/search';
import { loadRequestAccess } from './access';
import { addCustomerReply, addStaffMessage, reassignRequest, setStatus, shareRequest, submitRequest, takeRequest } from './mutations';

/**
 * Customer requests in Plaza's search (lib/requests/search.ts): subject, description and public
 * replies are found; internal notes never, by anyone; a hit is shown to exactly the people
 * lib/requests lets view the request — checked for every person of the demo company.
 */
let t: TestDb;
const enqueueDeliver = async () => {};
const person = async (email: string) => (await loadViewer(t.db, (await t.db.selectFrom('person').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id))!;
const unitId = async (name: string) => (await t.db.selectFrom('org_unit').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
async function memberOf(unit: string): Promise<Viewer> {
  const id = await unitId(unit);
  const p = await t.db.selectFrom('person').select('id').where('unit_id', '=', id).where('kind', '=', 'employee').where('status', '=', 'active')
    .where('id', 'not in', (eb) => eb.selectFrom('unit_head').select('person_id')).orderBy('email').executeTakeFirstOrThrow();
  return (await loadViewer(t.db, p.id))!;
}
async function hits(who: Viewer, q: string) {
  try {
    return (await search(t.db, who, { q })).hits.filter((h) => h.kind === 'request');
  } catch (e) {
    if (isAppError(e) && e.code === 'UNAUTHENTICATED') return [];
    throw e;
  }
}
async function mayView(who: Viewer, id: string) {
  try {
    await loadRequestAccess(t.db, who, id);
    return true;
  } catch (e) {
    if (isAppError(e)) return false;
    throw e;
  }
}

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db);
  // A second plain member of Qiming Medical: what is shared with the organisation reaches them.
  const qiming = (await t.db.selectFrom('partner_org').select('id').where('name', '=', '启明医疗器械有限公司').executeTakeFirstOrThrow()).id;
  await insertPerson(t.db, { kind: 'partner', email: 'colleague@qiming.example', partnerOrgId: qiming });
});
afterAll(() => t.drop());

describe('requests in search', () => {
  it('finds subject, description and public replies; an internal note (or a reassignment note) is never found, by a partner or anyone', async () => {
    const feng = await person('feng.xue@qiming.example');
    const zheng = await person('zheng.hao@qiming.example');
    const service = await memberOf('客户服务部');
    const admin = await person('wang.lei@xinghai.example');
    const r = await submitRequest(t.db, feng, { type: 'complaint', priority: 'normal', subject: '包装破损 Kestrel', description: '外箱**压坏** Harrier' }, { enqueueDeliver });
    await takeRequest(t.db, service, { id: r.id }, { enqueueDeliver });
    await addStaffMessage(t.db, service, { id: r.id, visibility: 'internal', body: 'Quokkanote 供应商批次问题' }, { enqueueDeliver });
    await addStaffMessage(t.db, service, { id: r.id, visibility: 'public', body: 'Puffinreply we will replace it', then: 'waiting' }, { enqueueDeliver });
    await addCustomerReply(t.db, feng, { id: r.id, body: 'Ibisanswer thanks' }, { enqueueDeliver });
    await reassignRequest(t.db, service, { id: r.id, unit: [await unitId('客户服务部')], note: 'Wombatreason 内部原因' }, { enqueueDeliver });
    await setStatus(t.db, service, { id: r.id, status: 'open' }, { enqueueDeliver });

    for (const q of ['Kestrel', '包装破损', 'Harrier', '压坏', 'Puffinreply', 'Ibisanswer']) {
      for (const who of [feng, zheng, service, admin]) expect((await hits(who, q)).map((h) => h.id), `${who.email} ${q}`).toEqual([r.id]);
    }
    for (const q of ['Quokkanote', '供应商批次', 'Wombatreason', '内部原因']) {
      for (const who of [feng, zheng, service, admin]) expect(await hits(who, q), `${who.email} ${q}`).toEqual([]);
    }
    const doc = await t.db.selectFrom('search_document').selectAll().where('kind', '=', 'request').where('item_id', '=', r.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(doc)).not.toMatch(/Quokkanote|供应商批次|Wombatreason|内部原因/);
    // The hit links to the page the viewer has: the portal for the customer side, the queue's page for staff.
    expect((await hits(feng, 'Kestrel'))[0].url).toBe(`/partner/requests/${r.id}`);
    expect((await hits(service, 'Kestrel'))[0].url).toBe(`/requests/${r.id}`);
    // Another customer's member and a supplier: nothing.
    for (const email of ['wu.fang@hualian.example', 'sun.qiang@hualian.example', 'chen.gang@hengtong.example']) expect(await hits(await person(email), 'Kestrel')).toEqual([]);
  });

  it('a hit is shown to exactly the people lib/requests lets view the request — every person of the demo company', async () => {
    const feng = await person('feng.xue@qiming.example');
    const zheng = await person('zheng.hao@qiming.example');
    const wu = await person('wu.fang@hualian.example');
    const sun = await person('sun.qiang@hualian.example');
    const service = await memberOf('客户服务部');
    const maintenance = await memberOf('设备维修部');
    const liu = await person('liu.yang@xinghai.example');
    const ids: string[] = [];
    const file = async (who: Viewer, type: string, share: boolean, n: number) => {
      const r = await submitRequest(t.db, who, { type, priority: 'normal', subject: `Ocelot ${n}`, description: `case ${n}`, share: share ? 'on' : undefined }, { enqueueDeliver });
      ids.push(r.id);
      return r.id;
    };
    await file(feng, 'complaint', false, 1); // own, not shared: the requester and the partner admin
    await file(feng, 'support', true, 2); // shared with the organisation; routed to Maintenance
    await file(zheng, 'feedback', false, 3); // the partner admin's own
    const r4 = await file(wu, 'other', true, 4);
    // Moved to Assembly Team 2 (under Production: its head reads it) and given to Liu Yang of Team 1 (the assignee reads it).
    await reassignRequest(t.db, service, { id: r4, unit: [await unitId('装配二组')], person: [liu.id], note: '' }, { enqueueDeliver });
    const r5 = await file(sun, 'support', false, 5);
    await takeRequest(t.db, maintenance, { id: r5 }, { enqueueDeliver });
    const r6 = await file(feng, 'order', false, 6);
    await shareRequest(t.db, feng, { id: r6, share: 'on' }); // shared after filing
    const r7 = await file(feng, 'order', true, 7);
    await shareRequest(t.db, feng, { id: r7 }); // no longer shared

    const people = await t.db.selectFrom('person').select(['id', 'email']).orderBy('email').execute();
    expect(people.length).toBeGreaterThan(15);
    let someoneSees = 0;
    let someoneDoesNot = 0;
    for (const p of people) {
      const who = (await loadViewer(t.db, p.id))!;
      const expected: string[] = [];
      for (const id of ids) if (await mayView(who, id)) expected.push(id);
      const found = (await hits(who, 'Ocelot')).map((h) => h.id);
      expect(found.sort(), p.email).toEqual(expected.sort());
      if (expected.length > 0) someoneSees += 1;
      else someoneDoesNot += 1;
    }
    expect(someoneSees).toBeGreaterThan(4);
    expect(someoneDoesNot).toBeGreaterThan(4);
    // The rules the table exercises, spelt out once.
    const seen = async (email: string) => (await hits(await person(email), 'Ocelot')).map((h) => h.id).sort();
    expect(await seen('zheng.hao@qiming.example')).toEqual([ids[0], ids[1], ids[2], r6, r7].sort());
    expect(await seen('feng.xue@qiming.example')).toEqual([ids[0], ids[1], r6, r7].sort());
    expect(await seen('colleague@qiming.example')).toEqual([ids[1], r6].sort());
    expect(await seen('wu.fang@hualian.example')).toEqual([r4]);
    expect(await seen('sun.qiang@hualian.example')).toEqual([r4, r5].sort());
    expect(await seen('liu.yang@xinghai.example')).toEqual([r4]);
    expect(await seen('zhang.wei@xinghai.example')).toEqual([r4]);
    expect(await seen('li.na@xinghai.example')).toEqual([]);
    expect(await seen('zhao.min@xinghai.example')).toEqual([]);
    expect(await seen('chen.gang@hengtong.example')).toEqual([]);
    expect((await seen('wang.lei@xinghai.example')).length).toBe(7);
  });
});
