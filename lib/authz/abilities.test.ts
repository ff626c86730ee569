import { describe, expect, it } from 'vitest';
import { viewerAbilities } from './abilities';
import type { Viewer } from './viewer';

const base: Viewer = {
  id: 'e', kind: 'employee', email: 'e@x', name: 'E', nameEn: null, status: 'active', locale: null, timezone: 'Asia/Shanghai',
  unitId: 'u', partnerOrgId: null, roles: [], headOfUnitIds: [],
};

describe('viewerAbilities (what the navigation offers)', () => {
  it.each([
    ['anonymous', null, {}],
    ['employee', base, { signedIn: true, employee: true, viewDirectory: true, compose: true }],
    ['head', { ...base, headOfUnitIds: ['u'] }, { signedIn: true, employee: true, viewDirectory: true, compose: true, approve: true }],
    ['officer', { ...base, roles: ['comms_officer'] }, { signedIn: true, employee: true, viewDirectory: true, compose: true, approve: true, manageTemplates: true, manageEmergency: true }],
    ['admin', { ...base, roles: ['admin'] }, { signedIn: true, employee: true, viewDirectory: true, compose: true, approve: true, manageTemplates: true, manageEmergency: true, administer: true, viewOutbox: true }],
    ['partner member', { ...base, kind: 'partner', unitId: null, partnerOrgId: 'o' }, { signedIn: true, partner: true }],
    ['partner admin', { ...base, kind: 'partner', unitId: null, partnerOrgId: 'o', roles: ['partner_admin'] }, { signedIn: true, partner: true, manageOwnPartnerTeam: true }],
    ['deactivated admin', { ...base, roles: ['admin'], status: 'deactivated' }, {}],
  ] as [string, Viewer | null, Record<string, boolean>][])('%s', (_n, v, yes) => {
    const can = viewerAbilities(v);
    for (const [k, val] of Object.entries(can)) expect([k, val]).toEqual([k, yes[k] ?? false]);
  });
});
