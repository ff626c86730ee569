import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { seedDemo } from './demo';
import { seedDemoContent } from './demo-content';
import { loadViewer } from '@/lib/authz/load-viewer';
import { listChannels, saveChannel } from '@/lib/im/channels';
import { deliverImPosts } from '@/lib/im/posts';

describe('demo seed', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.drop());

  it('seeds the company once, with the four roles and three partner organisations', async () => {
    expect((await seedDemo(t.db)).created).toBe(true);
    expect((await seedDemo(t.db)).created).toBe(false);
    const people = await t.db.selectFrom('person').select(['kind', 'status', 'name_en']).execute();
    expect(people.filter((p) => p.kind === 'employee')).toHaveLength(60);
    expect(people.every((p) => p.name_en)).toBe(true);
    const roles = await t.db.selectFrom('person_role').select('role').distinct().execute();
    expect(roles.map((r) => r.role).sort()).toEqual(['admin', 'comms_officer', 'partner_admin']);
    expect(await t.db.selectFrom('unit_head').select('unit_id').execute()).not.toHaveLength(0);
    const orgs = await t.db.selectFrom('partner_org').select('type').execute();
    expect(orgs.map((o) => o.type).sort()).toEqual(['customer', 'distributor', 'supplier']);
    // The closure table is complete: every unit reaches the root.
    const { count } = await t.db.selectFrom('org_unit_closure').select((eb) => eb.fn.countAll<number>().as('count')).where('depth', '=', 0).executeTakeFirstOrThrow();
    expect(count).toBe(16);
  });

  it('lets a customer file a request at once: routing and bilingual saved replies come with the company', async () => {
    const routes = await t.db.selectFrom('request_route as r').innerJoin('org_unit as u', 'u.id', 'r.unit_id').select(['r.request_type', 'u.name']).orderBy('r.request_type').execute();
    expect(routes).toEqual([{ request_type: 'support', name: '设备维修部' }, { request_type: null, name: '客户服务部' }]);
    const replies = await t.db.selectFrom('request_saved_reply').select(['body_zh', 'body_en']).execute();
    expect(replies.length).toBe(2);
    expect(replies.every((r) => r.body_zh && r.body_en)).toBe(true);
    const fengXue = await t.db.selectFrom('person').select('id').where('email', '=', 'feng.xue@qiming.example').executeTakeFirstOrThrow();
    const { submitRequest } = await import('@/lib/requests/mutations');
    const { loadViewer } = await import('@/lib/authz/load-viewer');
    const r = await submitRequest(t.db, await loadViewer(t.db, fengXue.id), { type: 'complaint', priority: 'normal', subject: '包装破损', description: '外箱破损' }, { enqueueDeliver: async () => {} });
    const row = await t.db.selectFrom('request as q').innerJoin('org_unit as u', 'u.id', 'q.unit_id').select('u.name').where('q.id', '=', r.id).executeTakeFirstOrThrow();
    expect(row.name).toBe('客户服务部');
  });

  it('adds the quick-start content once, with receipts fanned out to each audience', async () => {
    expect((await seedDemoContent(t.db)).created).toBe(true);
    expect((await seedDemoContent(t.db)).created).toBe(false);
    const items = await t.db.selectFrom('announcement').select(['title', 'audience_size', 'status']).orderBy('title').execute();
    expect(items).toHaveLength(3);
    const everyone = items.find((i) => i.title.startsWith('2026'))!;
    expect(everyone.audience_size).toBe(59); // active employees
    const shared = items.find((i) => i.title.startsWith('12月'))!;
    expect(shared.audience_size).toBeGreaterThan(2); // procurement + the supplier's two people
    const plans = await t.db.selectFrom('emergency_plan').select('name').execute();
    expect(plans).toHaveLength(1);
    // Supplier orders: 恒通's owners and two orders (one proposal waiting, one late line with a delay).
    const orders = await t.db.selectFrom('purchase_order').select(['order_number', 'status', 'late_lines']).orderBy('order_number').execute();
    expect(orders).toEqual([{ order_number: 'PO-2026-1001', status: 'proposed', late_lines: 1 }, { order_number: 'PO-2026-1002', status: 'confirmed', late_lines: 1 }]);
    expect(await t.db.selectFrom('supplier_owner').select('role').execute()).toHaveLength(3);
  });

  it('registers a few bilingual demo channels, switched off on placeholder addresses: never requested, not switched on without the real address', async () => {
    const adminId = (await t.db.selectFrom('person').select('id').where('email', '=', 'wang.lei@xinghai.example').executeTakeFirstOrThrow()).id;
    const admin = (await loadViewer(t.db, adminId))!;
    const { rows } = await listChannels(t.db, admin);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(new Set(rows.map((r) => r.provider)).size).toBeGreaterThanOrEqual(4);
    for (const r of rows) {
      expect(r).toMatchObject({ active: false, placeholder: true, hasSecret: false });
      expect(r.ownerName).toBeTruthy();
      // Both languages in purpose and rules.
      expect(r.purpose).toMatch(/[\u4e00-\u9fff]/);
      expect(r.purpose).toMatch(/[A-Za-z]{4}/);
      expect(r.rules).toMatch(/[\u4e00-\u9fff].*[A-Za-z]{4}/s);
    }
    expect(rows.some((r) => r.scope === 'external')).toBe(true);
    // A demo convenience is never a hole: even switched on behind lib's back, nothing is requested.
    const ch = rows[0];
    await t.db.updateTable('im_channel').set({ active: true }).where('id', '=', ch.id).execute();
    await t.db.insertInto('im_post').values({ channel_id: ch.id, idempotency_key: 'demo-test', title: '演练', body: '演练' }).execute();
    const requested: string[] = [];
    const r = await deliverImPosts(t.db, { fetcher: async (url) => { requested.push(String(url)); return new Response('{}'); } });
    expect(requested).toEqual([]);
    expect(r.sent).toBe(0);
    const post = await t.db.selectFrom('im_post').select(['status', 'error']).where('idempotency_key', '=', 'demo-test').executeTakeFirstOrThrow();
    expect(post.status === 'failed' || post.status === 'pending').toBe(true);
    expect(post.error).toContain('placeholder');
    await t.db.updateTable('im_channel').set({ active: false }).where('id', '=', ch.id).execute();
    // Switching it on from the page asks for the real address first; with it, it works.
    const form = { id: ch.id, name: ch.name, provider: ch.provider, scope: ch.scope, purpose: ch.purpose, rules: ch.rules, active: 'on' };
    await expect(saveChannel(t.db, admin, form)).rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { webhookUrl: { key: 'notifications.im.errors.placeholder' } } } });
    await expect(saveChannel(t.db, admin, { ...form, active: '' })).resolves.toMatchObject({ id: ch.id }); // editing it while off is fine
  });
});
