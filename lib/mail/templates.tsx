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
  /** Files built from the same props (optional). */
  attachments?: (props: P, ctx: MailContext) => MailAttachment[];
};

export function defineMail<P>(template: MailTemplate<P>): MailTemplate<P> {
  return template;
}
