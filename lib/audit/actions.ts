/**
 * Every action the audit log records, once. `recordAudit` accepts only these, so a new action
 * cannot reach the log without a label: `actions.test.ts` checks each has one in zh-CN and en
 * (messages/admin: audit.actions.<area>.<verb>), and the log's filter offers them grouped by area.
 */
export const auditActionCodes = [
  'auth.sign_in', 'auth.sign_in_failed', 'auth.sign_out', 'auth.link_requested', 'auth.sso_linked',
  'person.create', 'person.update', 'person.deactivate', 'person.reactivate', 'person.locale',
  'role.grant', 'role.revoke',
  'unit.create', 'unit.rename', 'unit.move', 'unit.delete', 'unit.head_add', 'unit.head_remove',
  'import.people',
  'partner_org.create', 'partner_org.update',
  'partner.invite', 'partner.invite_refused', 'partner.invite_resent',
  'audit.export',
  'announcement.create', 'announcement.edit', 'announcement.submit', 'announcement.approve', 'announcement.reject',
  'announcement.publish', 'announcement.schedule', 'announcement.withdraw', 'announcement.remind', 'announcement.remind_responders',
  'announcement.attachments', 'announcement.template_update', 'announcement.delete_draft',
  'emergency.plan_create', 'emergency.plan_update', 'emergency.plan_archive', 'emergency.trigger', 'emergency.close',
  'kb.space_create', 'kb.space_update', 'kb.folder_create', 'kb.folder_update', 'kb.folder_move',
  'kb.article_create', 'kb.article_edit', 'kb.article_move', 'kb.article_restore',
  'meeting.create', 'meeting.update', 'meeting.cancel', 'meeting.minutes_publish', 'meeting.minute_taker_set',
  'kb.required_mark', 'kb.required_unmark', 'kb.article_delete', 'kb.file_add', 'kb.file_remove', 'kb.import',
  'task.create', 'task.edit', 'task.reassign', 'task.extension_approve', 'task.extension_decline',
  'request.reassign', 'request.route_add', 'request.route_remove', 'request.policy_save',
  'request.calendar_add', 'request.calendar_remove', 'request.calendar_settings', 'request.reopen_days',
  'request.saved_reply_add', 'request.saved_reply_edit', 'request.saved_reply_remove',
  'order.create', 'order.send', 'order.revise', 'order.cancel', 'order.owners_set', 'order.confirmers_set', 'order.import',
  'integration.token_create', 'integration.token_revoke', 'integration.call',
  'directory.contact_fields',
  'mail.suppressed', 'mail.suppression_lifted', 'mail.retry',
  'im_channel.create', 'im_channel.update',
  'notifications.defaults', 'notifications.preferences', 'notifications.unsubscribe',
  'quick_link.create', 'quick_link.update', 'quick_link.delete',
] as const;

export type AuditAction = (typeof auditActionCodes)[number];

/** The area of an action (the part before the dot): the filter's groups. */
export const auditArea = (action: string) => action.slice(0, action.indexOf('.'));

export function isAuditAction(s: string): s is AuditAction {
  return (auditActionCodes as readonly string[]).includes(s);
}
