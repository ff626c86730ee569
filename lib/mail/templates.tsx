import type { AppLocale } from '@/lib/i18n/config';
import type { MailT } from './translator';

/**
 * A mail: a pure component from emails/ plus its subject, both built from props and strings of
 * the `mail` catalog in the recipient's language. Each emails/<name>.tsx exports one of these;
 * lib/mail/registry.ts lists them by name.
 */
export type MailContext = { t: MailT; locale: AppLocale; baseUrl: string };
/** A small generated file sent with a mail (e.g. an invitation's .ics), kept with it in the outbox. */
export type MailAttachment = { filename: string; contentType: string; content: string };
export type MailTemplate<P> = {
  subject: (props: P, ctx: MailContext) => string;
  render: (props: P, ctx: MailContext) => React.ReactElement;
  /**
   * Values that must never be stored (a sign-in token): the mail delivered carries them, the copy
   * kept in mail_outbox has each replaced by REDACTED (lib/mail/send.ts).
   */
  secrets?: (props: P) => string[];
  /**
   * A link that works for a while (a sign-in link). With the outbox transport only — nothing is
   * delivered, the outbox is the delivery — it is kept apart until it expires or is used, and
   * the outbox viewer shows it (lib/mail/outbox.ts).
   */
  liveLink?: (props: P) => { url: string; expiresMinutes: number };
  /** Files built from the same props (optional). */
  attachments?: (props: P, ctx: MailContext) => MailAttachment[];
};

export function defineMail<P>(template: MailTemplate<P>): MailTemplate<P> {
  return template;
}
