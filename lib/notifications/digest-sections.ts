import type { DigestSection } from './digest-types';
import { announcementDigestSections } from './announcement-sections';
import { notificationDigestSections } from './notification-sections';
import { taskDigestSections } from '@/lib/tasks/digest';
import { orderDigestSections } from '@/lib/orders/digest';

/**
 * Every digest section, one line each (lib/<area>/digest.ts). The notifications area adds the
 * announcement sections; knowledge base, meetings, tasks and the partner portal add theirs.
 */
export const digestSections: DigestSection[] = [
  ...announcementDigestSections,
  ...taskDigestSections,
  ...orderDigestSections,
  ...notificationDigestSections,
];
