import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { saveRoute } from './admin';
import { submitRequest, takeRequest } from './mutations';
import { scanRequestSla } from './sla-scan';

/**
 * The SLA scan is set-based: a batch of due requests is handled with a fixed number of
 * statements (one insert…select of the alerts keyed by (request_id, kind), one of the events, one
 * of the notifications). Checked here at more than one batch, with concurrent and retried runs:
 * every alert reaches the right people exactly once.
 */
let t: TestDb;
const v: Record<string, Viewer> = {};
const enqueueDeliver = async () => {};
const sh = (s: string) => new Date(`${s}+08:00`);
const N = 230;
const batch = 100; // N spans three batches

beforeAll(async () => {
  t = await createTestDb();
  const hq = await insertUnit(t.db, { name: '总部' });
  const support = await insertUnit(t.db, { name: '客服部', parentId: hq });
  const org = await insertPartnerOrg(t.db, { name: '客户', type: 'customer' });
  const ids = {
    admin: await insertPerson(t.db, { email: 'admin@x.example', roles: ['admin'], unitId: hq }),
    head: await insertPerson(t.db, { email: 'head@x.example', unitId: hq, headOf: [hq] }),
    agent1: await insertPerson(t.db, { email: 'a1@x.example', unitId: support }),
    agent2: await insertPerson(t.db, { email: 'a2@x.example', unitId: support }),
    gone: await insertPerson(t.db, { email: 'gone@x.example', unitId: support, status: 'deactivated' }),
    customer: await insertPerson(t.db, { email: 'c@customer.example', partnerOrgId: org }),
  };
  for (const [k, id] of Object.entries(ids)) v[k] = (await loadViewer(t.db, id))!;
  await saveRoute(t.db, v.admin, { type: '', unit: [support] });
});
afterAll(() => t.drop());

describe('SLA scan, set-based', () => {
  it('warns the assignee (or the unit) at 80 % and alerts the head at breach — once each, across batches, concurrent and retried runs', async () => {
    const filed = sh('2026-03-10T09:00:00'); // a Tuesday; support/urgent: first response in 60 working minutes
    const ids: string[] = [];
    for (let i = 0; i < N; i++) ids.push((await submitRequest(t.db, v.customer, { type: 'support', priority: 'urgent', subject: `停机 ${i}`, description: '产线停机' }, { enqueueDeliver, now: filed })).id);
    const taken = ids.filter((_, i) => i % 2 === 0);
    for (const id of taken) await takeRequest(t.db, v.agent1, { id }, { enqueueDeliver, now: sh('2026-03-10T09:10:00') });

    const warn = await scanRequestSla(t.db, { batch, now: sh('2026-03-10T09:50:00'), enqueueDeliver });
    expect(warn).toEqual({ checked: N, alerts: N });
    const recipientsOf = async (kind: string) => (await t.db.selectFrom('notification_event as e').innerJoin('notification as n', 'n.event_id', 'e.id')
      .select(['e.item_id', 'n.person_id']).where('e.dedupe_key', 'like', `request.sla:%:${kind}`).execute());
    const warned = await recipientsOf('first_warning');
    // taken: its assignee only; unassigned: the unit's active members (never the deactivated one)
    expect(warned.filter((w) => taken.includes(w.item_id)).map((w) => w.person_id).every((p) => p === v.agent1.id)).toBe(true);
    expect(warned.filter((w) => taken.includes(w.item_id))).toHaveLength(taken.length);
    const untaken = warned.filter((w) => !taken.includes(w.item_id));
    expect(untaken).toHaveLength((N - taken.length) * 2);
    expect(new Set(untaken.map((w) => w.person_id))).toEqual(new Set([v.agent1.id, v.agent2.id]));
    // nothing more before the breach
    expect((await scanRequestSla(t.db, { batch, now: sh('2026-03-10T09:55:00'), enqueueDeliver })).alerts).toBe(0);

    // Two runs at once at breach time, then a retry: every breach alert exactly once, to the head.
    const [a, b] = await Promise.all([
      scanRequestSla(t.db, { batch, now: sh('2026-03-10T10:05:00'), enqueueDeliver }),
      scanRequestSla(t.db, { batch, now: sh('2026-03-10T10:05:00'), enqueueDeliver }),
    ]);
    expect(a.alerts + b.alerts).toBe(N);
    expect((await scanRequestSla(t.db, { batch, now: sh('2026-03-10T10:06:00'), enqueueDeliver })).alerts).toBe(0);
    const breached = await recipientsOf('first_breach');
    expect(breached).toHaveLength(N);
    expect(breached.every((x) => x.person_id === v.head.id)).toBe(true);
    const counts = await t.db.selectFrom('request_sla_alert').select(['kind', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('kind').orderBy('kind').execute();
    expect(counts.map((c) => [c.kind, Number(c.n)])).toEqual([['first_breach', N], ['first_warning', N]]);
    const events = await t.db.selectFrom('notification_event').select((eb) => eb.fn.countAll<string>().as('n')).where('dedupe_key', 'like', 'request.sla:%').executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(2 * N);
  });

  it('a breach found before its warning records the warning as handled and tells only the head', async () => {
    const r = await submitRequest(t.db, v.customer, { type: 'support', priority: 'urgent', subject: '夜间停机', description: '...' }, { enqueueDeliver, now: sh('2026-03-11T09:00:00') });
    const res = await scanRequestSla(t.db, { batch, now: sh('2026-03-11T10:30:00'), enqueueDeliver });
    expect(res.alerts).toBe(1);
    const kinds = (await t.db.selectFrom('request_sla_alert').select('kind').where('request_id', '=', r.id).orderBy('kind').execute()).map((k) => k.kind);
    expect(kinds).toEqual(['first_breach', 'first_warning']);
    const told = await t.db.selectFrom('notification_event').select('dedupe_key').where('item_id', '=', r.id).where('dedupe_key', 'like', 'request.sla:%').execute();
    expect(told.map((x) => x.dedupe_key)).toEqual([`request.sla:${r.id}:first_breach`]);
  });
});
