import { describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/authz/viewer';
import { kbAbilities, requireKbAbility, type KbFacts } from './abilities';

const base: Viewer = {
  id: 'v', kind: 'employee', email: 'e@x.example', name: 'E', nameEn: null, status: 'active', locale: null, timezone: 'Asia/Shanghai',
  unitId: 'u', partnerOrgId: null, roles: [], headOfUnitIds: [],
};
const roles: Record<string, Viewer> = {
  admin: { ...base, roles: ['admin'] },
  comms: { ...base, roles: ['comms_officer'] },
  head: { ...base, headOfUnitIds: ['u'] },
  employee: base,
  partnerA: { ...base, kind: 'partner', unitId: null, partnerOrgId: 'A' },
  partnerAdminB: { ...base, kind: 'partner', unitId: null, partnerOrgId: 'B', roles: ['partner_admin'] },
  deactivated: { ...base, status: 'deactivated', roles: ['admin'] },
};
const facts: Record<string, KbFacts> = {
  outsider: { inView: false, inEdit: false, isOwner: false },
  viewer: { inView: true, inEdit: false, isOwner: false },
  editor: { inView: false, inEdit: true, isOwner: false },
  owner: { inView: false, inEdit: false, isOwner: true },
  archivedEditor: { inView: true, inEdit: true, isOwner: false, archived: true },
};
const f = (can: { view: boolean; edit: boolean; manage: boolean; require: boolean }) => `${+can.view}${+can.edit}${+can.manage}${+can.require}`;

// view edit manage require, per (role × facts). A partner's facts come from audiences naming their
// organisation (A's audience never contains B); owners are employees only.
const table: Record<string, Record<string, string>> = {
  admin: { outsider: '1111', viewer: '1111', editor: '1111', owner: '1111', archivedEditor: '1010' },
  comms: { outsider: '0000', viewer: '1001', editor: '1101', owner: '1111', archivedEditor: '1000' },
  head: { outsider: '0000', viewer: '1000', editor: '1100', owner: '1111', archivedEditor: '1000' },
  employee: { outsider: '0000', viewer: '1000', editor: '1100', owner: '1111', archivedEditor: '1000' },
  partnerA: { outsider: '0000', viewer: '1000', editor: '1100', owner: '0000', archivedEditor: '1000' },
  partnerAdminB: { outsider: '0000', viewer: '1000', editor: '1100', owner: '0000', archivedEditor: '1000' },
  deactivated: { outsider: '0000', viewer: '0000', editor: '0000', owner: '0000', archivedEditor: '0000' },
};

describe('kbAbilities policy table', () => {
  for (const [role, row] of Object.entries(table)) {
    for (const [fact, want] of Object.entries(row)) {
      it(`${role} × ${fact} → ${want}`, () => expect(f(kbAbilities(roles[role], facts[fact]))).toBe(want));
    }
  }
  it('no viewer may do nothing', () => expect(f(kbAbilities(null, facts.owner))).toBe('0000'));
});

describe('requireKbAbility', () => {
  it('NOT_FOUND when the viewer cannot even see it, or is a partner', () => {
    expect(() => requireKbAbility(roles.employee, kbAbilities(roles.employee, facts.outsider), 'view')).toThrow(/NOT_FOUND/);
    expect(() => requireKbAbility(roles.partnerA, kbAbilities(roles.partnerA, facts.viewer), 'edit')).toThrow(/NOT_FOUND/);
  });
  it('FORBIDDEN for an employee who sees it but may not do this', () => {
    expect(() => requireKbAbility(roles.employee, kbAbilities(roles.employee, facts.viewer), 'edit')).toThrow(/FORBIDDEN/);
    expect(() => requireKbAbility(roles.employee, kbAbilities(roles.employee, facts.editor), 'edit')).not.toThrow();
  });
});
