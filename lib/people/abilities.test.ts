import { describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/authz/viewer';
import { canViewOrgChart, personAbilities, requirePersonView } from './abilities';

const base: Viewer = {
  id: 'e', kind: 'employee', email: 'e@x', name: 'E', nameEn: null, status: 'active', locale: null, timezone: 'Asia/Shanghai',
  unitId: 'u', partnerOrgId: null, roles: [], headOfUnitIds: [],
};
const viewers: Record<string, Viewer | null> = {
  anonymous: null,
  employee: base,
  head: { ...base, headOfUnitIds: ['u'] },
  officer: { ...base, roles: ['comms_officer'] },
  admin: { ...base, roles: ['admin'] },
  partnerAdminA: { ...base, kind: 'partner', unitId: null, partnerOrgId: 'A', roles: ['partner_admin'] },
  partnerB: { ...base, kind: 'partner', unitId: null, partnerOrgId: 'B' },
  deactivated: { ...base, status: 'deactivated' },
};
const active = { kind: 'employee', status: 'active' } as const;
const gone = { kind: 'employee', status: 'deactivated' } as const;
const partnerPerson = { kind: 'partner', status: 'active' } as const;

describe('person pages and the org chart: who may see them', () => {
  it.each([
    // viewer, active employee, deactivated employee, partner person, org chart
    ['anonymous', false, false, false, false],
    ['employee', true, false, false, true],
    ['head', true, false, false, true],
    ['officer', true, false, false, true],
    ['admin', true, true, false, true],
    ['partnerAdminA', false, false, false, false],
    ['partnerB', false, false, false, false],
    ['deactivated', false, false, false, false],
  ] as const)('%s', (who, seesActive, seesGone, seesPartner, seesChart) => {
    const v = viewers[who];
    expect(personAbilities(v, active).view).toBe(seesActive);
    expect(personAbilities(v, gone).view).toBe(seesGone);
    expect(personAbilities(v, partnerPerson).view).toBe(seesPartner);
    expect(canViewOrgChart(v)).toBe(seesChart);
    expect(personAbilities(v, active).administer).toBe(who === 'admin');
  });

  it('refuses with NOT_FOUND, never FORBIDDEN (nothing to learn from the answer)', () => {
    expect(() => requirePersonView(viewers.partnerB, active)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => requirePersonView(viewers.employee, gone)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => requirePersonView(viewers.employee, null)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
