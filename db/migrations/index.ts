import type { Migration } from 'kysely';
import * as m20261122090000 from './2026_11_22_090000_foundation';
import * as m20261122120000 from './2026_11_22_120000_announcements';
import * as m20261122120100 from './2026_11_22_120100_announcement_receipts_fanout';
import * as m20261122130000 from './2026_11_22_130000_files';
import * as m20261123090000 from './2026_11_23_090000_security_hardening';
import * as m20261129090000 from './2026_11_29_090000_typed_statuses';
import * as m20261129100000 from './2026_11_29_100000_notifications';
import * as m20261129110000 from './2026_11_29_110000_knowledge_base';
import * as m20261129120000 from './2026_11_29_120000_tasks_meetings';
import * as m20261129130000 from './2026_11_29_130000_notification_preferences';
import * as m20261129150000 from './2026_11_29_150000_requests';
import * as m20261129170000 from './2026_11_29_170000_outbox_retention';
import * as m20261129190000 from './2026_11_29_190000_quick_links';
import * as m20261130070000 from './2026_11_30_070000_announcement_responses';

/**
 * Every migration, in order. Listed statically (not read from disk) so that migrations run the
 * same under tsx, vitest and a bundled server. Add new files here.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_22_090000_foundation': m20261122090000,
  '2026_11_22_120000_announcements': m20261122120000,
  '2026_11_22_120100_announcement_receipts_fanout': m20261122120100,
  '2026_11_22_130000_files': m20261122130000,
  '2026_11_23_090000_security_hardening': m20261123090000,
  '2026_11_29_090000_typed_statuses': m20261129090000,
  '2026_11_29_100000_notifications': m20261129100000,
  '2026_11_29_110000_knowledge_base': m20261129110000,
  '2026_11_29_120000_tasks_meetings': m20261129120000,
  '2026_11_29_130000_notification_preferences': m20261129130000,
  '2026_11_29_150000_requests': m20261129150000,
  '2026_11_29_170000_outbox_retention': m20261129170000,
  '2026_11_29_190000_quick_links': m20261129190000,
  '2026_11_30_070000_announcement_responses': m20261130070000,
};
