import { describe, expect, it } from 'vitest';
import type { Viewer } from '@/lib/authz/viewer';
import { emergencyAbilities, requireEmergencyAbility } from './abilities';

const base: Viewer = {
  id: 'e', kind: 'employee', email: 'e@x', name: 'E', nameEn: null, status: 'active', locale: null, timezone: 'Asia/Shanghai',
  unitId: 'u', partnerOrgId: null, roles: [], headOfUnitIds: [],
};
const who: Record<string, Viewer> = {
  officer: { ...base, roles: ['comms_officer'] },
  admin: { ...base, roles: ['admin'] },
  head: { ...base, headOfUnitIds: ['u'] },
  employee: base,
  partnerAdmin: { ...base, kind: 'partner', unitId: null, partnerOrgId: 'o', roles: ['partner_admin'] },
  deactivatedOfficer: { ...base, roles: ['comms_officer'], status: 'deactivated' },
};

describe('emergencyAbilities', () => {
  it.each([
    ['officer', true, 'ok'],
    ['admin', true, 'ok'],
    ['head', false, 'FORBIDDEN'],
    ['employee', false, 'FORBIDDEN'],
    ['partnerAdmin', false, 'NOT_FOUND'],
    ['deactivatedOfficer', false, 'UNAUTHENTICATED'],
  ] as const)('%s', (name, manages, guard) => {
    const v = who[name];
    expect(emergencyAbilities(v, { status: 'active' })).toEqual({ view: manages, editPlans: manages, trigger: manages, close: manages });
    expect(emergencyAbilities(v, { status: 'closed' }).close).toBe(false);
    let outcome = 'ok';
    try {
      requireEmergencyAbility(v, 'trigger');
    } catch (e) {
      outcome = (e as { code: string }).code;
    }
    expect(outcome).toBe(guard);
  });
});
