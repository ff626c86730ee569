import { isAdmin, isEmployee } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';

/**
 * What a viewer may do with a person page (/people/[id]) and the org chart (/org)
 * (docs/decisions/1500-people-directory-and-pinyin.md). Pure; the table test beside it covers every role.
 * - Employees see active employees' pages and the org chart; admins also deactivated employees'
 *   (marked as such) and get the link to the admin page.
 * - Partner people have no person page (admins manage them under /admin/people), and partners see
 *   no internal page: NOT_FOUND, as for anything not shared with their organisation.
 */
export type PersonFacts = { kind: 'employee' | 'partner'; status: 'active' | 'deactivated' };
export type PersonAbilities = { view: boolean; administer: boolean };

export function personAbilities(viewer: Viewer | null | undefined, person: PersonFacts): PersonAbilities {
  const view = isEmployee(viewer) && person.kind === 'employee' && (person.status === 'active' || isAdmin(viewer));
  return { view, administer: view && isAdmin(viewer) };
}

export function requirePersonView(viewer: Viewer | null | undefined, person: PersonFacts | null): PersonAbilities {
  if (!person) throw new AppError('NOT_FOUND');
  const can = personAbilities(viewer, person);
  if (!can.view) throw new AppError('NOT_FOUND');
  return can;
}

/** The org chart: every employee; partners NOT_FOUND (requireEmployee). */
export const canViewOrgChart = (viewer: Viewer | null | undefined) => isEmployee(viewer);
