import { canPublishAnywhere } from '@/lib/announcements/policies';
import { requireEmployee } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { forbidden } from '@/lib/errors';

/**
 * Quick links: everyone sees the links whose audience takes them in (the query decides that);
 * communications officers and admins manage them. One pure function; pages read `can`.
 */
export type QuickLinkAbilities = { manage: boolean };

export function quickLinkAbilities(viewer: Viewer | null | undefined): QuickLinkAbilities {
  return { manage: canPublishAnywhere(viewer) };
}

/** Partners get NOT_FOUND (managing does not exist for them), other employees FORBIDDEN. */
export function requireQuickLinkAbility(viewer: Viewer | null, ability: keyof QuickLinkAbilities): Viewer {
  const v = requireEmployee(viewer);
  if (!quickLinkAbilities(v)[ability]) throw forbidden();
  return v;
}
