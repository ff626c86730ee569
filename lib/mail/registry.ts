import type { MailTemplate } from './templates';
import { noticeMail } from '@/emails/notice';
import { partnerSignInMail } from '@/emails/partner-sign-in';
import { partnerInvitationMail } from '@/emails/partner-invitation';
import { announcementPublishedMail } from '@/emails/announcement-published';
import { announcementEscalationMail } from '@/emails/announcement-escalation';
import { announcementApprovalMail } from '@/emails/announcement-approval';
import { announcementResponseReminderMail } from '@/emails/announcement-response-reminder';
import { emergencyAlertMail } from '@/emails/emergency-alert';
import { requestClosedMail } from '@/emails/request-closed';
import { requestReplyMail } from '@/emails/request-reply';
import { meetingInvitationMail } from '@/emails/meeting-invitation';
import { digestMail } from '@/emails/digest';
import { orderEventMail } from '@/emails/order-event';
import { taskReminderMail } from '@/emails/task-reminder';

/** Every mail Plaza sends, by name. Add yours here (one line). */
export const mailRegistry = {
  notice: noticeMail,
  'partner-sign-in': partnerSignInMail,
  'partner-invitation': partnerInvitationMail,
  'announcement-published': announcementPublishedMail,
  'announcement-escalation': announcementEscalationMail,
  'announcement-approval': announcementApprovalMail,
  'announcement-response-reminder': announcementResponseReminderMail,
  'emergency-alert': emergencyAlertMail,
  'request-reply': requestReplyMail,
  'request-closed': requestClosedMail,
  'meeting-invitation': meetingInvitationMail,
  digest: digestMail,
  'order-event': orderEventMail,
  'task-reminder': taskReminderMail,
} satisfies Record<string, MailTemplate<any>>;

export type MailName = keyof typeof mailRegistry;
export type MailProps<N extends MailName> = (typeof mailRegistry)[N] extends MailTemplate<infer P> ? P : never;
