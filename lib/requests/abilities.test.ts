import { describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { requestAbilities, requestAreaAbilities, requireRequestAbility, type RequestFacts } from './abilities';

const ORG = 'org-customer';
const base: Viewer = { id: 'x', kind: 'employee', email: 'x@e', name: 'x', nameEn: null, status: 'active', locale: 'en', timezone: 'Asia/Shanghai', unitId: 'u-other', partnerOrgId: null, roles: [], headOfUnitIds: [] };
const v = (p: Partial<Viewer>): Viewer => ({ ...base, ...p });

// Each role with the facts access.ts would load for it about one request handled by unit u-support.
const roles: Record<string, { viewer: Viewer; facts?: Partial<RequestFacts>; orgType?: string }> = {
  handler: { viewer: v({ id: 'handler', unitId: 'u-support' }), facts: { inUnit: true, assigneeId: 'handler' } },
  otherUnitEmployee: { viewer: v({ id: 'other', unitId: 'u-other' }) },
  head: { viewer: v({ id: 'head', headOfUnitIds: ['u-parent'] }), facts: { headsUnit: true } },
  officer: { viewer: v({ id: 'officer', roles: ['comms_officer'] }) },
  admin: { viewer: v({ id: 'admin', roles: ['admin'] }) },
  customerMember: { viewer: v({ id: 'requester', kind: 'partner', unitId: null, partnerOrgId: ORG }), orgType: 'customer' },
  colleagueNotShared: { viewer: v({ id: 'colleague', kind: 'partner', unitId: null, partnerOrgId: ORG }), orgType: 'customer' },
  customerPartnerAdmin: { viewer: v({ id: 'padmin', kind: 'partner', unitId: null, partnerOrgId: ORG, roles: ['partner_admin'] }), orgType: 'customer' },
  otherCustomerMember: { viewer: v({ id: 'stranger', kind: 'partner', unitId: null, partnerOrgId: 'org-other' }), orgType: 'customer' },
  supplier: { viewer: v({ id: 'supplier', kind: 'partner', unitId: null, partnerOrgId: 'org-supplier' }), orgType: 'supplier' },
  deactivated: { viewer: v({ id: 'handler-gone', unitId: 'u-support', status: 'deactivated' }), facts: { inUnit: true } },
};

const now = new Date('2026-03-10T10:00:00Z');
const facts = (status: RequestFacts['status'], extra: Partial<RequestFacts> = {}): RequestFacts => ({
  partnerOrgId: ORG, requesterId: 'requester', sharedWithOrg: false, unitId: 'u-support', assigneeId: null, status, rated: false,
  inUnit: false, headsUnit: false, reopenUntil: status === 'resolved' || status === 'closed' ? new Date('2026-03-15T00:00:00Z') : null, now, ...extra,
});
const can = (role: string, status: RequestFacts['status'], extra: Partial<RequestFacts> = {}) => requestAbilities(roles[role].viewer, facts(status, { ...roles[role].facts, ...extra }));

describe('request abilities: the policy table', () => {
  // role → [submit, view, customer reply (open), staff reply (open), internal note, assign, change priority, close (resolved), reopen (closed, in period), rate (closed), administer calendar and policies]
  const table: Record<string, [boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean, boolean]> = {
    handler:              [false, true,  false, true,  true,  true,  true,  false, false, false, false],
    otherUnitEmployee:    [false, false, false, false, false, false, false, false, false, false, false],
    head:                 [false, true,  false, true,  true,  true,  true,  false, false, false, false],
    officer:              [false, false, false, false, false, false, false, false, false, false, false],
    admin:                [false, true,  false, true,  true,  true,  true,  false, false, false, true],
    customerMember:       [true,  true,  true,  false, false, false, false, true,  true,  true,  false],
    colleagueNotShared:   [true,  false, false, false, false, false, false, false, false, false, false],
    customerPartnerAdmin: [true,  true,  true,  false, false, false, false, true,  true,  true,  false],
    otherCustomerMember:  [true,  false, false, false, false, false, false, false, false, false, false],
    supplier:             [false, false, false, false, false, false, false, false, false, false, false],
    deactivated:          [false, false, false, false, false, false, false, false, false, false, false],
  };
  for (const [role, expected] of Object.entries(table)) {
    it(role, () => {
      const area = requestAreaAbilities(roles[role].viewer, { partnerOrgType: roles[role].orgType });
      const open = can(role, 'open');
      const got = [area.submit, open.view, open.reply, open.staffReply, open.note, open.assign, open.changePriority, can(role, 'resolved').close, can(role, 'closed').reopen, can(role, 'closed').rate, area.administer];
      expect(got).toEqual(expected);
    });
  }

  it('internal notes are for staff only, in every status', () => {
    for (const s of ['new', 'open', 'waiting', 'resolved', 'closed'] as const) {
      expect(can('handler', s).viewInternal).toBe(true);
      expect(can('customerMember', s).viewInternal).toBe(false);
      expect(can('customerPartnerAdmin', s).viewInternal).toBe(false);
    }
  });
  it('nobody replies to a closed request; staff still read and note', () => {
    for (const r of Object.keys(roles)) expect([can(r, 'closed').reply, can(r, 'closed').staffReply]).toEqual([false, false]);
    expect(can('handler', 'closed').note).toBe(true);
  });
  it('a colleague sees a request shared with the organisation, but may not close, reopen or rate it', () => {
    const c = can('colleagueNotShared', 'closed', { sharedWithOrg: true });
    expect(c.view).toBe(true);
    expect([c.close, c.reopen, c.rate, c.share]).toEqual([false, false, false, false]);
  });
  it('reopening ends with the period; rating happens once', () => {
    expect(can('customerMember', 'closed', { now: new Date('2026-03-16T00:00:00Z') }).reopen).toBe(false);
    expect(can('customerMember', 'closed', { rated: true }).rate).toBe(false);
  });
  it('the assignee from another unit keeps the request; taking needs someone else assigned', () => {
    expect(can('otherUnitEmployee', 'open', { assigneeId: 'other' }).view).toBe(true);
    expect(can('handler', 'open').take).toBe(false);
    expect(can('handler', 'open', { assigneeId: null }).take).toBe(true);
  });
  it('requireRequestAbility: partners get NOT_FOUND, employees FORBIDDEN', () => {
    const code = (f: () => unknown) => { try { f(); return 'ok'; } catch (e) { return (e as AppError).code; } };
    expect(code(() => requireRequestAbility(roles.otherCustomerMember.viewer, can('otherCustomerMember', 'open'), 'view'))).toBe('NOT_FOUND');
    expect(code(() => requireRequestAbility(roles.customerMember.viewer, can('customerMember', 'open'), 'note'))).toBe('NOT_FOUND');
    expect(code(() => requireRequestAbility(roles.otherUnitEmployee.viewer, can('otherUnitEmployee', 'open'), 'view'))).toBe('FORBIDDEN');
    expect(code(() => requireRequestAbility(roles.handler.viewer, can('handler', 'open'), 'staffReply'))).toBe('ok');
    // A staff reply and a customer's reply are different abilities: neither side holds the other's.
    expect(code(() => requireRequestAbility(roles.handler.viewer, can('handler', 'open'), 'reply'))).toBe('FORBIDDEN');
    expect(code(() => requireRequestAbility(roles.customerMember.viewer, can('customerMember', 'open'), 'staffReply'))).toBe('FORBIDDEN');
  });
});
