import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPerson } from '@/db/seed/factories';
import { createAudience } from '@/lib/audience/queries';
import { buildOrg, type Org } from '@/lib/announcements/testing';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { NotificationKind } from './kinds';
import { notificationDigestSections } from './notification-sections';
import { notify } from './producer';
import { countUnread, listNotifications } from './queries';
import type { Viewer } from '@/lib/authz/viewer';
import { loadArticleAccess } from '@/lib/kb/access';
import { loadMeetingAccess } from '@/lib/meetings/access';
import { loadOrderAccess } from '@/lib/orders/access';
import { loadRequestAccess } from '@/lib/requests/access';
import { loadTaskAccess } from '@/lib/tasks/access';

/**
 * Notifications about items a person can no longer see disappear — from the centre, the bell and
 * the digest's notification sections — for every item type the areas notify about, with the item
 * types the producers write ('task', 'kb_article', 'meeting', 'purchase_order', 'request').
 * Items are written straight into the area tables: what is tested is the read-time rule.
 */
let t: TestDb;
let org: Org;
type Who = keyof Org['ids'] | 'hualianMember2';
let people: Record<Who, string>;
const noop = async () => {};

beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
  const hualian2 = await insertPerson(t.db, { email: 'hl2@hualian.example', name: '华联二', partnerOrgId: org.partners.hualian });
  people = { ...org.ids, hualianMember2: hualian2 };
});
afterAll(() => t.drop());

let seq = 0;
async function tell(kind: NotificationKind, item: { type: string; id: string; title: string }, to: Who[]) {
  seq += 1;
  await t.db.transaction().execute((trx) => notify(trx, {
    kind, recipients: { personIds: to.map((w) => people[w]) }, item, link: `/x/${item.id}`,
    message: { key: 'announcements.detail.acknowledged' }, dedupeKey: `vis-test:${seq}`,
  }, noop));
}

/** Whether `who` sees a notification titled `title` in the list, in the bell count and in the digest. */
async function sees(who: Who, title: string): Promise<{ list: boolean; count: boolean; digest: boolean }> {
  const v = (await loadViewer(t.db, people[who]))!;
  const list = (await listNotifications(t.db, v)).items.some((i) => i.title === title);
  // The count is global: compare with the same person's count over the item's rows only.
  const mine = await sql<{ n: number }>`select count(*)::int as n from notification n join notification_event e on e.id = n.event_id
    where n.person_id = ${v.id} and n.read_at is null and e.title = ${title}`.execute(t.db);
  const before = await countUnread(t.db, v);
  await sql`update notification n set read_at = now() from notification_event e where e.id = n.event_id and n.person_id = ${v.id} and e.title = ${title}`.execute(t.db);
  const after = await countUnread(t.db, v);
  await sql`update notification n set read_at = null from notification_event e where e.id = n.event_id and n.person_id = ${v.id} and e.title = ${title}`.execute(t.db);
  const count = mine.rows[0].n > 0 && before - after === mine.rows[0].n;
  let digest = false;
  for (const s of notificationDigestSections) {
    const m = await s.loadBatch(t.db, [v], { since: new Date(Date.now() - 86_400_000), now: new Date(), limit: 50 });
    if (m.get(v.id)?.entries.some((e) => e.title === title)) digest = true;
  }
  return { list, count, digest };
}

const visible = { list: true, count: true, digest: true };
const hidden = { list: false, count: false, digest: false };

type Load = (v: Viewer) => Promise<unknown>;
let load: Load | null = null;

/**
 * `yes` see the notification everywhere, `no` nowhere — and the area's own access check
 * (lib/<area>/access.ts, its abilities) agrees person by person: the read-time rule cannot drift
 * from the area's view rule unnoticed.
 */
async function expectSeen(title: string, yes: Who[], no: Who[]) {
  for (const w of yes) expect({ who: w, ...(await sees(w, title)) }).toEqual({ who: w, ...visible });
  for (const w of no) expect({ who: w, ...(await sees(w, title)) }).toEqual({ who: w, ...hidden });
  if (!load) return;
  for (const w of [...yes, ...no]) {
    const v = (await loadViewer(t.db, people[w]))!;
    const areaSays = await load(v).then(() => true, (e: { code?: string }) => {
      if (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN') return false;
      throw e;
    });
    expect({ who: w, areaSays }).toEqual({ who: w, areaSays: yes.includes(w) });
  }
}

describe('notifications follow what the person may still see', () => {
  it('tasks: reassigned away from the owner → gone for them; creator, new owner and heads keep it; partners not on it never', async () => {
    const { rows } = await sql<{ id: string }>`insert into task (title, creator_id, owner_id, owner_unit_id)
      values ('任务：更换传送带', ${org.ids.comms}, ${org.ids.worker1}, ${org.units.team1}) returning id`.execute(t.db);
    const id = rows[0].id;
    load = (v) => loadTaskAccess(t.db, v, id);
    await sql`insert into task_collaborator (task_id, person_id) values (${id}, ${org.ids.hengtongMember})`.execute(t.db);
    await tell('tasks.extension', { type: 'task', id, title: '任务：更换传送带' }, ['worker1', 'comms', 'prodHead', 'warehouseWorker', 'hengtongMember', 'hualianMember']);
    await expectSeen('任务：更换传送带', ['worker1', 'comms', 'prodHead', 'hengtongMember'], ['warehouseWorker', 'hualianMember']);
    await sql`update task set owner_id = ${org.ids.warehouseWorker}, owner_unit_id = ${org.units.warehouse} where id = ${id}`.execute(t.db);
    await sql`delete from task_collaborator where task_id = ${id}`.execute(t.db);
    await expectSeen('任务：更换传送带', ['warehouseWorker', 'comms'], ['worker1', 'prodHead', 'hengtongMember', 'hualianMember']);
    await sql`delete from task where id = ${id}`.execute(t.db);
    await expectSeen('任务：更换传送带', [], ['warehouseWorker', 'comms']);
  });

  it('meetings: removed from the attendees → gone (the removal notice stays); the minutes’ wider audience once published; admins; other partners never', async () => {
    const { rows } = await sql<{ id: string }>`insert into meeting (title, organiser_id, starts_at, ends_at, timezone)
      values ('周例会', ${org.ids.comms}, now(), now() + interval '1 hour', 'Asia/Shanghai') returning id`.execute(t.db);
    const id = rows[0].id;
    load = (v) => loadMeetingAccess(t.db, v, id);
    for (const p of [org.ids.worker1, org.ids.worker2, org.ids.hengtongMember]) await sql`insert into meeting_attendee (meeting_id, person_id) values (${id}, ${p})`.execute(t.db);
    await sql`insert into meeting_minutes_unit (meeting_id, unit_id) values (${id}, ${org.units.warehouse})`.execute(t.db);
    const item = { type: 'meeting', id, title: '周例会' };
    await tell('meetings.minutes_published', item, ['worker1', 'worker2', 'hengtongMember', 'hualianMember', 'warehouseWorker', 'admin', 'itWorker']);
    await expectSeen('周例会', ['worker1', 'worker2', 'hengtongMember', 'admin'], ['hualianMember', 'warehouseWorker', 'itWorker']);
    await sql`update meeting set minutes_status = 'published' where id = ${id}`.execute(t.db);
    await expectSeen('周例会', ['warehouseWorker'], ['itWorker']);
    await sql`delete from meeting_attendee where meeting_id = ${id} and person_id in (${org.ids.worker1}, ${org.ids.hengtongMember})`.execute(t.db);
    await expectSeen('周例会', ['worker2', 'admin'], ['worker1', 'hengtongMember']);
    // The notice that tells them they were taken off the list is not hidden by the rule.
    load = null;
    seq += 1;
    await t.db.transaction().execute((trx) => notify(trx, {
      kind: 'meetings.cancelled', recipients: { personIds: [org.ids.worker1] }, item: { ...item, title: '周例会（已移出）' }, link: '/meetings',
      message: { key: 'meetings.notifications.removed', params: { title: '周例会', by: '李娜' } }, dedupeKey: `vis-test:${seq}`,
    }, noop));
    await expectSeen('周例会（已移出）', ['worker1'], []);
  });

  it('knowledge articles: the space’s audience changed → gone for those outside it; editors, owners and admins keep it; partners only when named', async () => {
    const prod = await createAudience(t.db, { everyone: false, units: [{ unitId: org.units.production, includeSubUnits: true }], people: [], partnerOrgs: [org.partners.hengtong], roles: [] });
    const { rows: s } = await sql<{ id: string }>`insert into kb_space (name, created_by, view_audience_id) values ('生产资料', ${org.ids.comms}, ${prod}) returning id`.execute(t.db);
    await sql`insert into kb_space_owner (space_id, person_id) values (${s[0].id}, ${org.ids.itWorker})`.execute(t.db);
    const { rows: a } = await sql<{ id: string }>`insert into kb_article (space_id, title, body_md, created_by, updated_by)
      values (${s[0].id}, '安全操作规程', '…', ${org.ids.comms}, ${org.ids.comms}) returning id`.execute(t.db);
    load = (v) => loadArticleAccess(t.db, v, a[0].id);
    await tell('kb.required_reading', { type: 'kb_article', id: a[0].id, title: '安全操作规程' }, ['worker1', 'worker2', 'warehouseWorker', 'itWorker', 'admin', 'hengtongMember', 'hualianMember']);
    await expectSeen('安全操作规程', ['worker1', 'worker2', 'itWorker', 'admin', 'hengtongMember'], ['warehouseWorker', 'hualianMember']);
    const team2 = await createAudience(t.db, { everyone: false, units: [{ unitId: org.units.team2, includeSubUnits: false }], people: [], partnerOrgs: [], roles: [] });
    await sql`update kb_space set view_audience_id = ${team2} where id = ${s[0].id}`.execute(t.db);
    await expectSeen('安全操作规程', ['worker2', 'itWorker', 'admin'], ['worker1', 'hengtongMember', 'warehouseWorker']);
  });

  it('supplier orders: the supplier’s people (not for drafts) and the internal owners; another partner organisation never', async () => {
    const { rows } = await sql<{ id: string }>`insert into purchase_order (order_number, partner_org_id, order_date, status, buyer_id)
      values ('PO-VIS-1', ${org.partners.hengtong}, now(), 'sent', ${org.ids.worker2}) returning id`.execute(t.db);
    const id = rows[0].id;
    load = (v) => loadOrderAccess(t.db, v, id);
    await sql`insert into supplier_owner (partner_org_id, role, unit_id) values (${org.partners.hengtong}, 'planner', ${org.units.warehouse})`.execute(t.db);
    await tell('orders.answered', { type: 'purchase_order', id, title: 'PO-VIS-1' }, ['worker2', 'warehouseWorker', 'eastHead', 'admin', 'worker1', 'itWorker', 'hengtongAdmin', 'hengtongMember', 'hualianMember']);
    await expectSeen('PO-VIS-1', ['worker2', 'warehouseWorker', 'eastHead', 'admin', 'hengtongAdmin', 'hengtongMember'], ['worker1', 'itWorker', 'hualianMember']);
    // Ownership moves to another unit and another buyer: the old owners lose it.
    await sql`update supplier_owner set unit_id = ${org.units.it} where partner_org_id = ${org.partners.hengtong}`.execute(t.db);
    await sql`update purchase_order set buyer_id = ${org.ids.itWorker} where id = ${id}`.execute(t.db);
    await expectSeen('PO-VIS-1', ['itWorker', 'admin', 'hengtongMember'], ['worker2', 'warehouseWorker', 'eastHead']);
    await sql`update purchase_order set status = 'draft' where id = ${id}`.execute(t.db);
    await expectSeen('PO-VIS-1', ['itWorker'], ['hengtongAdmin', 'hengtongMember']);
    await sql`delete from purchase_order where id = ${id}`.execute(t.db);
    await expectSeen('PO-VIS-1', [], ['itWorker', 'admin']);
  });

  it('customer requests: staff of its unit (and heads, assignee, admins); the requester, their partner admin, colleagues only when shared; other organisations never', async () => {
    const { rows } = await sql<{ id: string }>`insert into request (subject, description_md, partner_org_id, requester_id, unit_id, priority, suggested_priority, request_type)
      values ('#1 投诉：包装破损', '…', ${org.partners.hualian}, ${org.ids.hualianMember}, ${org.units.team1}, 'normal', 'normal', 'complaint') returning id`.execute(t.db);
    const id = rows[0].id;
    load = (v) => loadRequestAccess(t.db, v, id);
    await tell('request.submitted', { type: 'request', id, title: '#1 投诉：包装破损' }, ['worker1', 'worker2', 'prodHead', 'eastHead', 'warehouseWorker', 'admin', 'hualianMember', 'hualianMember2', 'hengtongAdmin', 'hengtongMember']);
    await expectSeen('#1 投诉：包装破损', ['worker1', 'prodHead', 'admin', 'hualianMember'], ['worker2', 'warehouseWorker', 'hualianMember2', 'hengtongAdmin', 'hengtongMember']);
    await sql`update request set unit_id = ${org.units.team2}, shared_with_org = true where id = ${id}`.execute(t.db);
    await expectSeen('#1 投诉：包装破损', ['worker2', 'prodHead', 'hualianMember2'], ['worker1', 'hengtongAdmin']);
    await sql`update request set unit_id = ${org.units.warehouse}, assignee_id = ${org.ids.worker1} where id = ${id}`.execute(t.db);
    await expectSeen('#1 投诉：包装破损', ['worker1', 'warehouseWorker', 'eastHead'], ['worker2', 'prodHead']);
  });
});
