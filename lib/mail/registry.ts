import type { MailTemplate } from './templates';
import { noticeMail } from '@/emails/notice';

/** Every mail Plaza sends, by name. Add yours here (one line). */
export const mailRegistry = {
  notice: noticeMail,
} satisfies Record<string, MailTemplate<any>>;

export type MailName = keyof typeof mailRegistry;
export type MailProps<N extends MailName> = (typeof mailRegistry)[N] extends MailTemplate<infer P> ? P : never;
