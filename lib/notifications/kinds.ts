/**
 * Every kind of notification, by area. An area adds its kinds here (one line each) and produces
 * them with notify() from lib/notifications/producer.ts. Preferences (immediate mail, digest only,
 * in-app only) are chosen per kind.
 */
export const notificationKinds = [
  'announcement.published',
  'announcement.ack_requested',
  'announcement.approval_needed',
  'announcement.approval_decided',
  // Responses to collaboration and feedback requests (lib/announcements/responses.ts)
  'announcement.response_reminder',
  'emergency.triggered',
  // customer requests (lib/requests)
  'request.submitted',
  'request.replied',
  'request.customer_replied',
  'request.assigned',
  'request.sla_warning',
  'request.sla_breach',
  'request.closed',
  // Knowledge base (lib/kb): an article became required reading for you, or changed materially.
  'kb.required_reading',
  // Meetings and tasks (lib/tasks, lib/meetings)
  'tasks.assigned',
  'tasks.submitted',
  'tasks.accepted',
  'tasks.returned',
  'tasks.mentioned',
  'tasks.extension',
  'tasks.due_soon',
  'tasks.overdue',
  'meetings.invited',
  'meetings.updated',
  'meetings.cancelled',
  'meetings.minutes_published',
  'meetings.minute_taker',
  // Supplier orders (lib/orders): sent / change order to the supplier; answers, proposals, delays, shipments to the owners
  'orders.sent',
  'orders.revised',
  'orders.reviewed',
  'orders.answered',
  'orders.proposed',
  'orders.delay',
  'orders.shipped',
] as const;

export type NotificationKind = (typeof notificationKinds)[number];
