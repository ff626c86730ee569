import 'server-only';
import { render } from '@react-email/render';
import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { env } from '@/lib/env';
import { defaultLocale, isLocale, type AppLocale } from '@/lib/i18n/config';
import { mayReceiveMail } from './recipients';
import { mailRegistry, type MailName, type MailProps } from './registry';
import type { MailAttachment, MailTemplate } from './templates';
import { configuredTransport, type MailTransport } from './transport';
import { mailTranslator } from './translator';

export type MailRecipient = { email: string; personId?: string | null; locale?: string | null };
/** One mail: a template with its props (a union over every template, so queued mails type-check too). */
export type SendMailInput<N extends MailName = MailName> = N extends MailName
  ? {
      to: MailRecipient;
      template: N;
      props: MailProps<N>;
      /** Same key → same mail, sent once, however often a job retries. */
      idempotencyKey: string;
    }
  : never;
export type SentMail =
  | { id: string; status: 'sent' | 'failed' | 'pending'; duplicate: boolean }
  /** Not sent, not recorded: the recipient may not receive mail (lib/mail/recipients.ts). */
  | { id: null; status: 'suppressed'; duplicate: false };

export class MailDeliveryError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

/** Renders a mail in the recipient's language to HTML and plain text. */
export async function renderMail(mail: Pick<SendMailInput, 'template' | 'props'>, locale: AppLocale) {
  const { template, props } = mail;
  const t = await mailTranslator(locale);
  const ctx = { t, locale, baseUrl: env().AUTH_URL };
  // The registry is keyed by name; the props belong to that name (SendMailInput), so one view of the
  // template with the props' own type replaces a cast per call.
  const def = mailRegistry[template] as MailTemplate<typeof props>;
  const element = def.render(props, ctx);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  const attachments: MailAttachment[] = def.attachments?.(props, ctx) ?? [];
  return { subject: def.subject(props, ctx), html, text, attachments };
}

export const REDACTED = 'REDACTED';

/** The copy kept in mail_outbox: every secret of the template (a sign-in token) replaced. */
export function redactForStorage<T extends { subject: string; html: string; text: string }>(rendered: T, secrets: string[]): T {
  const scrub = (s: string) => secrets.reduce((acc, secret) => (secret ? acc.split(secret).join(REDACTED) : acc), s);
  return { ...rendered, subject: scrub(rendered.subject), html: scrub(rendered.html), text: scrub(rendered.text) };
}

/**
 * Records the mail in mail_outbox under its idempotency key, then delivers it through the
 * configured transport. A second call with the same key delivers nothing new (a failed one is
 * retried, rendered again from the same input). Throws MailDeliveryError when delivery failed, so
 * a job retries.
 * Nothing goes to a deactivated person or a member of a suspended partner organisation, whoever
 * asks (lib/mail/recipients.ts): the one check every mail passes.
 * What is stored is the mail with the template's secrets redacted (a partner sign-in token never
 * rests in the database); what is delivered is the mail as rendered. With the outbox transport
 * (nothing delivered) a template's live link is kept apart until it expires or is used.
 */
export async function sendMail<N extends MailName>(db: Kysely<DB>, input: SendMailInput<N>, transport: MailTransport = configuredTransport()): Promise<SentMail> {
  const email = input.to.email.trim().toLowerCase();
  if (!(await mayReceiveMail(db, { email, personId: input.to.personId }))) {
    console.info(`[mail] not sent (${input.template}): the recipient may not receive mail`);
    return { id: null, status: 'suppressed', duplicate: false };
  }
  const existing = await db.selectFrom('mail_outbox').select(['id', 'status']).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
  if (existing?.status === 'sent') return { id: existing.id, status: 'sent', duplicate: true };

  const def = mailRegistry[input.template] as MailTemplate<MailProps<N>>;
  const locale = isLocale(input.to.locale) ? input.to.locale : defaultLocale;
  const rendered = await renderMail(input, locale);
  let row = existing;
  if (!row) {
    const stored = redactForStorage(rendered, def.secrets?.(input.props as MailProps<N>) ?? []);
    row = await db
      .insertInto('mail_outbox')
      .values({
        idempotency_key: input.idempotencyKey,
        to_email: email,
        to_person_id: input.to.personId ?? null,
        template: input.template,
        locale,
        subject: stored.subject,
        html: stored.html,
        text: stored.text,
        attachments: rendered.attachments.length > 0 ? JSON.stringify(rendered.attachments) : null,
        transport: transport.name,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning(['id', 'status'])
      .executeTakeFirst();
    if (!row) {
      // Another process inserted the same key between our read and write: theirs stands.
      const other = await db.selectFrom('mail_outbox').select(['id', 'status']).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirstOrThrow();
      return { id: other.id, status: other.status, duplicate: true };
    }
  }

  const attachments: MailAttachment[] = rendered.attachments;
  const result = await transport.deliver({ from: env().MAIL_FROM, to: email, subject: rendered.subject, html: rendered.html, text: rendered.text, idempotencyKey: input.idempotencyKey, ...(attachments.length ? { attachments } : {}) });
  if (result.ok) {
    await db.updateTable('mail_outbox')
      .set((eb) => ({ status: 'sent', sent_at: new Date(), provider_message_id: result.providerMessageId, error: null, attempts: eb('attempts', '+', 1), transport: transport.name }))
      .where('id', '=', row.id).execute();
    const live = transport.name === 'outbox' ? def.liveLink?.(input.props as MailProps<N>) : undefined;
    if (live) await keepLiveLink(db, row.id, email, live);
    return { id: row.id, status: 'sent', duplicate: !!existing };
  }
  await db.updateTable('mail_outbox')
    .set((eb) => ({ status: 'failed', error: result.error.slice(0, 1000), attempts: eb('attempts', '+', 1) }))
    .where('id', '=', row.id).execute();
  throw new MailDeliveryError(result.error, result.retryable);
}

async function keepLiveLink(db: Kysely<DB>, mailId: string, email: string, live: { url: string; expiresMinutes: number }) {
  await db.deleteFrom('mail_outbox_live_link').where('expires_at', '<=', new Date()).execute();
  await db
    .insertInto('mail_outbox_live_link')
    .values({ mail_id: mailId, to_email: email, url: live.url, expires_at: new Date(Date.now() + live.expiresMinutes * 60_000) })
    .onConflict((oc) => oc.column('mail_id').doNothing())
    .execute();
}
