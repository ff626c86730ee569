import { describe, expect, it } from 'vitest';
import {
  canAdminister,
  canManagePartnerPeople,
  canSeePartnerOrg,
  canViewAuditLog,
  canViewDirectory,
  canViewOutbox,
  isAdmin,
  isCommsOfficer,
  isPartnerAdmin,
  isUnitHead,
  requireAdmin,
  requireCanManagePartnerPeople,
  requireEmployee,
  requireViewer,
} from './policies';
import type { Viewer } from './viewer';

/** Every kind of person the policies must tell apart. */
const ORG_A = '00000000-0000-4000-8000-00000000000a';
const ORG_B = '00000000-0000-4000-8000-00000000000b';
const base: Viewer = {
  id: 'x', kind: 'employee', email: 'x@x.example', name: 'x', nameEn: null, status: 'active', locale: null,
  timezone: 'Asia/Shanghai', unitId: 'u1', partnerOrgId: null, roles: [], headOfUnitIds: [],
};
const people = {
  admin: { ...base, id: 'admin', roles: ['admin'] },
  commsOfficer: { ...base, id: 'comms', roles: ['comms_officer'] },
  unitHead: { ...base, id: 'head', headOfUnitIds: ['u1'] },
  employee: { ...base, id: 'emp' },
  partnerAdminA: { ...base, id: 'padminA', kind: 'partner', unitId: null, partnerOrgId: ORG_A, roles: ['partner_admin'] },
  partnerMemberA: { ...base, id: 'pmemberA', kind: 'partner', unitId: null, partnerOrgId: ORG_A },
  partnerAdminB: { ...base, id: 'padminB', kind: 'partner', unitId: null, partnerOrgId: ORG_B, roles: ['partner_admin'] },
  partnerMemberB: { ...base, id: 'pmemberB', kind: 'partner', unitId: null, partnerOrgId: ORG_B },
  deactivatedAdmin: { ...base, id: 'gone', status: 'deactivated', roles: ['admin'] },
  anonymous: null,
} satisfies Record<string, Viewer | null>;
type Who = keyof typeof people;
const everyone = Object.keys(people) as Who[];

/** Runs one predicate over every person: exactly the `allowed` ones pass, every other row is an explicit denial. */
function table(name: string, predicate: (v: Viewer | null) => boolean, allowed: Who[]) {
  describe(name, () => {
    it.each(everyone.map((who) => [who, allowed.includes(who)] as const))('%s → %s', (who, expected) => {
      expect(predicate(people[who])).toBe(expected);
    });
  });
}

table('isAdmin', isAdmin, ['admin']);
table('isCommsOfficer', isCommsOfficer, ['commsOfficer']);
table('isUnitHead', isUnitHead, ['unitHead']);
table('isPartnerAdmin', isPartnerAdmin, ['partnerAdminA', 'partnerAdminB']);
table('canAdminister', canAdminister, ['admin']);
table('canViewAuditLog', canViewAuditLog, ['admin']);
table('canViewOutbox', canViewOutbox, ['admin']);
table('canViewDirectory', canViewDirectory, ['admin', 'commsOfficer', 'unitHead', 'employee']);
table('canManagePartnerPeople(org A)', (v) => canManagePartnerPeople(v, ORG_A), ['admin', 'partnerAdminA']);
table('canManagePartnerPeople(org B)', (v) => canManagePartnerPeople(v, ORG_B), ['admin', 'partnerAdminB']);
table('canSeePartnerOrg(org A)', (v) => canSeePartnerOrg(v, ORG_A), ['admin', 'commsOfficer', 'unitHead', 'employee', 'partnerAdminA', 'partnerMemberA']);

/** Guards: which error each person gets (null = allowed). Partners get NOT_FOUND for internal areas. */
function guardTable(name: string, guard: (v: Viewer | null) => unknown, expected: Record<Who, null | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED'>) {
  describe(name, () => {
    it.each(everyone.map((who) => [who, expected[who]] as const))('%s → %s', (who, code) => {
      if (code === null) expect(() => guard(people[who])).not.toThrow();
      else expect(() => guard(people[who])).toThrow(expect.objectContaining({ code }));
    });
  });
}

guardTable('requireViewer', requireViewer, {
  admin: null, commsOfficer: null, unitHead: null, employee: null, partnerAdminA: null, partnerMemberA: null, partnerAdminB: null, partnerMemberB: null,
  deactivatedAdmin: 'UNAUTHENTICATED', anonymous: 'UNAUTHENTICATED',
});
guardTable('requireEmployee', requireEmployee, {
  admin: null, commsOfficer: null, unitHead: null, employee: null,
  partnerAdminA: 'NOT_FOUND', partnerMemberA: 'NOT_FOUND', partnerAdminB: 'NOT_FOUND', partnerMemberB: 'NOT_FOUND',
  deactivatedAdmin: 'UNAUTHENTICATED', anonymous: 'UNAUTHENTICATED',
});
guardTable('requireAdmin', requireAdmin, {
  admin: null, commsOfficer: 'FORBIDDEN', unitHead: 'FORBIDDEN', employee: 'FORBIDDEN',
  partnerAdminA: 'NOT_FOUND', partnerMemberA: 'NOT_FOUND', partnerAdminB: 'NOT_FOUND', partnerMemberB: 'NOT_FOUND',
  deactivatedAdmin: 'UNAUTHENTICATED', anonymous: 'UNAUTHENTICATED',
});
guardTable('requireCanManagePartnerPeople(org A)', (v) => requireCanManagePartnerPeople(v, ORG_A), {
  admin: null, commsOfficer: 'FORBIDDEN', unitHead: 'FORBIDDEN', employee: 'FORBIDDEN',
  partnerAdminA: null, partnerMemberA: 'NOT_FOUND', partnerAdminB: 'NOT_FOUND', partnerMemberB: 'NOT_FOUND',
  deactivatedAdmin: 'UNAUTHENTICATED', anonymous: 'UNAUTHENTICATED',
});
