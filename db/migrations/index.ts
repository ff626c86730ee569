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
import * as m20261130010000 from './2026_11_30_010000_supplier_orders';
import * as m20261130030000 from './2026_11_30_030000_request_saved_replies';
import * as m20261130040000 from './2026_11_30_040000_task_edit_attachments';
import * as m20261130050000 from './2026_11_30_050000_mail_delivery_events';
import * as m20261130050100 from './2026_11_30_050100_im_channels';
import * as m20261130060000 from './2026_11_30_060000_search_read_keys';
import * as m20261130060100 from './2026_11_30_060100_file_chunks';
import * as m20261130080000 from './2026_11_30_080000_people_pinyin';
import * as m20261201040000 from './2026_12_01_040000_request_search';
import * as m20261130020000 from './2026_11_30_020000_integration_tokens';
import * as m20261130070000 from './2026_11_30_070000_announcement_responses';
import * as m20261201070000 from './2026_12_01_070000_directory_order_index';
import * as m20261201030000 from './2026_12_01_030000_order_search';
import * as m20261201010000 from './2026_12_01_010000_meeting_files_minute_taker';
import * as m20261201050000 from './2026_12_01_050000_announcement_news_and_pending_files';
import * as m20261202020000 from './2026_12_02_020000_notification_default_roles';

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
  '2026_11_30_010000_supplier_orders': m20261130010000,
  '2026_11_30_030000_request_saved_replies': m20261130030000,
  '2026_11_30_040000_task_edit_attachments': m20261130040000,
  '2026_11_30_050000_mail_delivery_events': m20261130050000,
  '2026_11_30_050100_im_channels': m20261130050100,
  '2026_11_30_060000_search_read_keys': m20261130060000,
  '2026_11_30_060100_file_chunks': m20261130060100,
  '2026_11_30_080000_people_pinyin': m20261130080000,
  '2026_11_30_020000_integration_tokens': m20261130020000,
  '2026_11_30_070000_announcement_responses': m20261130070000,
  '2026_12_01_070000_directory_order_index': m20261201070000,
  '2026_12_01_030000_order_search': m20261201030000,
  '2026_12_01_040000_request_search': m20261201040000,
  '2026_12_01_010000_meeting_files_minute_taker': m20261201010000,
  '2026_12_01_050000_announcement_news_and_pending_files': m20261201050000,
  '2026_12_02_020000_notification_default_roles': m20261202020000,
};
