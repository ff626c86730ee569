import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { seedDemo } from './demo';
import { seedDemoContent } from './demo-content';

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
});
