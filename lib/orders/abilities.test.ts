import { describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/authz/viewer';
import { requireAdmin } from '@/lib/authz/policies';
import { orderAbilities, orderAreaAbilities, type OrderAbilities, type OrderAreaFacts, type OrderFacts } from './abilities';

/**
 * The policy table: every person the issue names × every action on an order, for a sent order
 * with a proposal waiting and a confirmed line (so every action is possible for someone).
 * Cells: which abilities are true. Area actions (create, export, API token) in the second table.
 */
const base: Viewer = { id: 'me', kind: 'employee', email: 'x@x', name: 'x', nameEn: null, status: 'active', locale: null, timezone: 'Asia/Shanghai', unitId: 'u1', partnerOrgId: null, roles: [], headOfUnitIds: [] };
const facts = (over: Partial<OrderFacts> = {}): OrderFacts => ({ partnerOrgId: 'sup', status: 'sent', hidePrices: true, buyerId: 'buyer-x', ownerRoles: [], headsOwner: false, mayConfirm: false, openLines: 1, proposedLines: 1, activeLines: 1, ...over });

type Person = [string, Viewer, Partial<OrderFacts>];
const people: Person[] = [
  ['buyer', base, { ownerRoles: ['buyer'] }],
  ['order buyer', { ...base, id: 'buyer-x' }, {}],
  ['planner', base, { ownerRoles: ['planner'] }],
  ['head', { ...base, headOfUnitIds: ['u0'] }, { headsOwner: true }],
  ['officer', { ...base, roles: ['comms_officer'] }, {}],
  ['admin', { ...base, roles: ['admin'] }, {}],
  ['plain employee', base, {}],
  ['supplier admin', { ...base, kind: 'partner', unitId: null, partnerOrgId: 'sup', roles: ['partner_admin'] }, { mayConfirm: true }],
  ['supplier member', { ...base, kind: 'partner', unitId: null, partnerOrgId: 'sup' }, { mayConfirm: true }],
  ['supplier member (not a confirmer)', { ...base, kind: 'partner', unitId: null, partnerOrgId: 'sup' }, { mayConfirm: false }],
  ['member of another supplier', { ...base, kind: 'partner', unitId: null, partnerOrgId: 'other' }, {}],
  ['customer partner', { ...base, kind: 'partner', unitId: null, partnerOrgId: 'cust' }, {}],
  ['deactivated buyer', { ...base, status: 'deactivated' }, { ownerRoles: ['buyer'] }],
];

const all: (keyof OrderAbilities)[] = ['view', 'viewPrices', 'viewInternal', 'edit', 'send', 'revise', 'cancel', 'respond', 'review', 'delay', 'ship', 'receive'];
const buyerCan = ['view', 'viewPrices', 'viewInternal', 'revise', 'cancel', 'review', 'receive'];
const readerCan = ['view', 'viewPrices', 'viewInternal'];
const supplierCan = ['view', 'respond', 'delay', 'ship'];
const expected: Record<string, string[]> = {
  buyer: buyerCan, 'order buyer': buyerCan, planner: readerCan, head: readerCan, officer: [], admin: buyerCan, 'plain employee': [],
  'supplier admin': supplierCan, 'supplier member': supplierCan, 'supplier member (not a confirmer)': ['view', 'delay', 'ship'],
  'member of another supplier': [], 'customer partner': [], 'deactivated buyer': [],
};

describe('order policy table (a sent order, prices hidden, a proposal waiting, a confirmed line)', () => {
  it.each(people)('%s', (name, v, f) => {
    const can = orderAbilities(v, facts(f));
    expect(all.filter((a) => can[a])).toEqual(expected[name]);
  });

  it('drafts: buyers edit and send; the supplier sees nothing', () => {
    expect(orderAbilities(base, facts({ status: 'draft', ownerRoles: ['buyer'] }))).toMatchObject({ edit: true, send: true, revise: false });
    expect(orderAbilities({ ...base, kind: 'partner', partnerOrgId: 'sup' }, facts({ status: 'draft', mayConfirm: true })).view).toBe(false);
  });

  it('closed and cancelled orders take no more changes from anyone', () => {
    for (const status of ['closed', 'cancelled'] as const) {
      const buyer = orderAbilities(base, facts({ status, ownerRoles: ['buyer'], openLines: 0, proposedLines: 0, activeLines: 0 }));
      const sup = orderAbilities({ ...base, kind: 'partner', partnerOrgId: 'sup' }, facts({ status, mayConfirm: true, openLines: 0, proposedLines: 0, activeLines: 0 }));
      expect(all.filter((a) => buyer[a])).toEqual(readerCan);
      expect(all.filter((a) => sup[a])).toEqual(['view']);
    }
  });

  it('prices: the supplier sees them only when not hidden', () => {
    expect(orderAbilities({ ...base, kind: 'partner', partnerOrgId: 'sup' }, facts({ hidePrices: false })).viewPrices).toBe(true);
  });

  it('area: creating needs a buyer role or admin; owners are set by admins and officers; the portal is for suppliers', () => {
    const f = { ownerOfAny: false, buyerOfAny: false, partnerOrgType: null };
    expect(orderAreaAbilities(base, f)).toMatchObject({ internal: true, create: false, export: true, manageOwners: false, portal: false });
    expect(orderAreaAbilities(base, { ...f, buyerOfAny: true, ownerOfAny: true }).create).toBe(true);
    expect(orderAreaAbilities({ ...base, roles: ['comms_officer'] }, f)).toMatchObject({ create: false, manageOwners: true });
    expect(orderAreaAbilities({ ...base, roles: ['admin'] }, f)).toMatchObject({ create: true, manageOwners: true });
    const partner = { ...base, kind: 'partner' as const, partnerOrgId: 'sup' };
    expect(orderAreaAbilities(partner, { ...f, partnerOrgType: 'supplier' })).toMatchObject({ portal: true, internal: false, manageConfirmers: false });
    expect(orderAreaAbilities({ ...partner, roles: ['partner_admin'] }, { ...f, partnerOrgType: 'supplier' }).manageConfirmers).toBe(true);
    expect(orderAreaAbilities(partner, { ...f, partnerOrgType: 'customer' })).toMatchObject({ portal: false, internal: false });
    expect(orderAreaAbilities({ ...base, status: 'deactivated', roles: ['admin'] }, f)).toMatchObject({ internal: false, create: false, manageOwners: false });
  });
});

/**
 * The same people × the area-level actions: create an order, export, set owners, the supplier
 * portal, choose confirmers, and create an integration (API) token (lib/integrations: admins only,
 * through requireAdmin).
 */
describe('order area policy table (create, export, owners, portal, confirmers, API token)', () => {
  const areaFacts: Record<string, OrderAreaFacts> = {
    buyer: { ownerOfAny: true, buyerOfAny: true, partnerOrgType: null },
    planner: { ownerOfAny: true, buyerOfAny: false, partnerOrgType: null },
    'deactivated buyer': { ownerOfAny: true, buyerOfAny: true, partnerOrgType: null },
    'customer partner': { ownerOfAny: false, buyerOfAny: false, partnerOrgType: 'customer' },
  };
  const supplierFacts: OrderAreaFacts = { ownerOfAny: false, buyerOfAny: false, partnerOrgType: 'supplier' };
  const none: OrderAreaFacts = { ownerOfAny: false, buyerOfAny: false, partnerOrgType: null };
  const areaExpected: Record<string, string[]> = {
    buyer: ['internal', 'create', 'export'], 'order buyer': ['internal', 'export'], planner: ['internal', 'export'], head: ['internal', 'export'],
    officer: ['internal', 'export', 'manageOwners'], admin: ['internal', 'create', 'export', 'manageOwners', 'apiToken'], 'plain employee': ['internal', 'export'],
    'supplier admin': ['portal', 'manageConfirmers'], 'supplier member': ['portal'], 'supplier member (not a confirmer)': ['portal'],
    'member of another supplier': ['portal'], 'customer partner': [], 'deactivated buyer': [],
  };
  it.each(people)('%s', (name, v) => {
    const f = areaFacts[name] ?? (v.kind === 'partner' ? supplierFacts : none);
    const area = orderAreaAbilities(v, f);
    let apiToken = true;
    try { requireAdmin(v); } catch { apiToken = false; }
    const got = [...(['internal', 'create', 'export', 'manageOwners', 'portal', 'manageConfirmers'] as const).filter((k) => area[k]), ...(apiToken ? ['apiToken'] : [])];
    expect(got).toEqual(areaExpected[name]);
  });
});
