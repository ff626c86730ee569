import { canManageEmergencyPlans, canManageTemplates, canSeeApprovalQueue } from '@/lib/announcements/policies';
import type { Viewer } from './viewer';
import { isActive, isAdmin, isEmployee, isPartner, isPartnerAdmin } from './policies';

/**
 * What the viewer may reach at all (areas, not items): the navigation and the links between
 * areas read these, never the roles. Every area's lib functions check the same policies again.
 */
export type ViewerAbilities = {
  signedIn: boolean;
  employee: boolean;
  partner: boolean;
  administer: boolean;
  viewDirectory: boolean;
  compose: boolean;
  approve: boolean;
  manageTemplates: boolean;
  manageEmergency: boolean;
  manageOwnPartnerTeam: boolean;
  viewOutbox: boolean;
};

export function viewerAbilities(v: Viewer | null | undefined): ViewerAbilities {
  return {
    signedIn: isActive(v),
    employee: isEmployee(v),
    partner: isPartner(v),
    administer: isAdmin(v),
    viewDirectory: isEmployee(v),
    compose: isEmployee(v),
    approve: canSeeApprovalQueue(v),
    manageTemplates: canManageTemplates(v),
    manageEmergency: canManageEmergencyPlans(v),
    manageOwnPartnerTeam: isPartnerAdmin(v),
    viewOutbox: isAdmin(v),
  };
}
