import { canManageEmergencyPlans } from '@/lib/announcements/policies';
import { requireEmployee } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';

/**
 * What the viewer may do with emergency plans and their activations: one pure function; queries
 * return it as `can`, mutations enforce it through requireEmergencyAbility, pages read `can.*`.
 * Communications officers and admins prepare, trigger and close; nobody else sees the area.
 */
export type EmergencyAbilities = { view: boolean; editPlans: boolean; trigger: boolean; close: boolean };

export function emergencyAbilities(viewer: Viewer | null | undefined, activation?: { status: 'active' | 'closed' }): EmergencyAbilities {
  const manager = canManageEmergencyPlans(viewer);
  return { view: manager, editPlans: manager, trigger: manager, close: manager && activation?.status === 'active' };
}

/** Partners get NOT_FOUND (the area does not exist for them), other employees FORBIDDEN. */
export function requireEmergencyAbility(viewer: Viewer | null, ability: keyof Omit<EmergencyAbilities, 'close'> | 'close'): Viewer {
  const v = requireEmployee(viewer);
  const can = emergencyAbilities(v, { status: 'active' });
  if (!can[ability]) throw new AppError('FORBIDDEN');
  return v;
}
