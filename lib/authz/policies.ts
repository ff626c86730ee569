import { AppError } from '@/lib/errors';
import type { Viewer } from './viewer';

/**
 * Pure permission predicates. `can*` answers; `require*` throws a typed error.
 * The UI may use can* to hide a control, but every lib/ function calls require* itself.
 * Questions that need the org tree (is this unit inside the viewer's tree?) live in
 * lib/authz/scope.ts and take the database.
 */

export const isActive = (v: Viewer | null | undefined): v is Viewer => !!v && v.status === 'active';
export const isEmployee = (v: Viewer | null | undefined): v is Viewer => isActive(v) && v.kind === 'employee';
export const isPartner = (v: Viewer | null | undefined): v is Viewer => isActive(v) && v.kind === 'partner';
export const isAdmin = (v: Viewer | null | undefined) => isEmployee(v) && v.roles.includes('admin');
export const isCommsOfficer = (v: Viewer | null | undefined) => isEmployee(v) && v.roles.includes('comms_officer');
export const isUnitHead = (v: Viewer | null | undefined) => isEmployee(v) && v.headOfUnitIds.length > 0;
export const isPartnerAdmin = (v: Viewer | null | undefined) => isPartner(v) && v.roles.includes('partner_admin');

// Administration (org tree, people, roles, partner organisations, settings, audit, outbox).
export const canAdminister = (v: Viewer | null | undefined) => isAdmin(v);
export const canViewAuditLog = (v: Viewer | null | undefined) => isAdmin(v);
export const canViewOutbox = (v: Viewer | null | undefined) => isAdmin(v);
export const canViewDirectory = (v: Viewer | null | undefined) => isEmployee(v);

/** Partner organisations: admins manage all; a partner admin manages only their own. */
export const canManagePartnerPeople = (v: Viewer | null | undefined, partnerOrgId: string): boolean =>
  isAdmin(v) || (isPartnerAdmin(v) && v?.partnerOrgId === partnerOrgId);

/** Who may see a partner organisation at all: employees, and that organisation's own members. */
export const canSeePartnerOrg = (v: Viewer | null | undefined, partnerOrgId: string): boolean =>
  isActive(v) && (v.kind === 'employee' || v.partnerOrgId === partnerOrgId);

export function requireViewer(v: Viewer | null | undefined): Viewer {
  if (!isActive(v)) throw new AppError('UNAUTHENTICATED');
  return v;
}

/**
 * Guards for employee-only areas: a partner gets NOT_FOUND (internal things do not exist for
 * them); an employee without the role gets FORBIDDEN.
 */
export function requireEmployee(v: Viewer | null | undefined): Viewer {
  const viewer = requireViewer(v);
  if (viewer.kind !== 'employee') throw new AppError('NOT_FOUND');
  return viewer;
}

export function requireAdmin(v: Viewer | null | undefined): Viewer {
  const viewer = requireEmployee(v);
  if (!isAdmin(viewer)) throw new AppError('FORBIDDEN');
  return viewer;
}

export function requireCanManagePartnerPeople(v: Viewer | null | undefined, partnerOrgId: string): Viewer {
  const viewer = requireViewer(v);
  if (canManagePartnerPeople(viewer, partnerOrgId)) return viewer;
  throw new AppError(viewer.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
}
