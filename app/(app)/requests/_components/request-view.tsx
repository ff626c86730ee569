import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import type { getRequest } from '@/lib/requests/queries';
import { ACCEPT_ATTRIBUTE } from '@/lib/files/limits';
import { FieldError } from '@/app/_components/form';
import { proseClass } from '@/app/(app)/announcements/_components/prose';
import { Badge } from './bits';

export type RequestData = Awaited<ReturnType<typeof getRequest>>;
type Attachment = RequestData['attachments'][number];

function Files({ files }: { files: Attachment[] }) {
  if (files.length === 0) return null;
  return (
    <ul className="mt-3 space-y-1 border-t border-slate-100 pt-3 text-sm">
      {files.map((f) => <li key={f.id}><a href={`/api/files/${f.id}`} download className="break-all text-brand-600 hover:underline" data-testid="attachment-link">{f.filename}</a></li>)}
    </ul>
  );
}

/** The file input of a request form (lib/files checks type, size and count on the server). */
export function AttachmentsField({ id, label, hint, testId }: { id: string; label: string; hint: string; testId: string }) {
  return (
    <div>
      <label htmlFor={id} className="label">{label}</label>
      <input id={id} name="attachments" type="file" multiple accept={ACCEPT_ATTRIBUTE} className="block w-full text-sm" data-testid={testId} aria-describedby={`${id}-hint`} />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p>
      <FieldError name="attachments" />
    </div>
  );
}

/**
 * The page scaffolding both request pages share: the back link, the title with its facts and
 * badges, the description with its files, and the conversation (each message with its own files).
 * `side` decides only how authors are named and whether events and internal notes can appear —
 * what is in `r` was already decided by lib (a partner's data holds no internal note or its file).
 * The forms each side may use come in as `children`, in the order the page wants them.
 */
export async function RequestView({ r, side, back, meta, badges, facts, children }: {
  r: RequestData;
  side: 'staff' | 'portal';
  back: { href: string; label: string };
  meta: React.ReactNode;
  badges: React.ReactNode;
  /** Shown between the title and the description (staff: unit, assignee, clocks, rating). */
  facts?: React.ReactNode;
  children?: React.ReactNode;
}) {
  const t = await getTranslations('requests');
  const format = await getFormatter();
  const en = (await getLocale()) === 'en';
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const filesOf = (messageId: string | null) => r.attachments.filter((f) => f.messageId === messageId);
  const author = (m: RequestData['messages'][number]) =>
    side === 'staff' ? ((en && m.authorNameEn) || m.authorName) ?? ''
      : m.mine ? t('detail.you') : m.staff ? `${m.authorName ?? ''} · ${t('detail.supportTeam')}` : m.authorName;
  return (
    <div className={`space-y-4 ${side === 'portal' ? 'mx-auto max-w-3xl' : ''}`}>
      <Link href={back.href} className="text-sm text-brand-600 hover:underline">← {back.label}</Link>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h1 className="page-title break-words" data-testid="request-subject"><span className="text-slate-500">#{r.number}</span> {r.subject}</h1>
          <p className="mt-1 text-sm text-slate-600">{meta}</p>
        </div>
        <div className="flex flex-wrap gap-2">{badges}</div>
      </div>
      {facts}
      <article className="card p-4">
        <div className={proseClass} dangerouslySetInnerHTML={{ __html: r.descriptionHtml }} />
        <Files files={filesOf(null)} />
      </article>
      <section className="space-y-3" aria-label={t('detail.conversation')}>
        <h2 className="font-semibold">{t('detail.conversation')}</h2>
        {r.messages.length === 0 ? <p className="text-sm text-slate-500">{t('detail.noMessages')}</p> : null}
        {r.messages.map((m) => (
          m.event ? (
            <p key={m.id} className="text-xs text-slate-500" data-testid="request-event">
              {author(m)} {t(`detail.events.${m.event}`)} · {when(m.createdAt)}{m.bodyMd ? ` — ${m.bodyMd}` : ''}
            </p>
          ) : (
            <div key={m.id} data-testid={m.visibility === 'internal' ? 'internal-note' : 'public-message'}
              className={`rounded-lg border p-3 ${m.visibility === 'internal' ? 'border-amber-300 bg-amber-50' : m.staff ? 'border-brand-200 bg-white' : 'border-slate-200 bg-slate-50'}`}>
              <div className="mb-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                <span className="font-medium text-slate-800">{author(m)}</span>
                {m.visibility === 'internal' ? <Badge tone="bg-amber-200 text-amber-900">{t('detail.internal')}</Badge> : null}
                <span>{when(m.createdAt)}</span>
              </div>
              <div className={proseClass} dangerouslySetInnerHTML={{ __html: m.bodyHtml }} />
              <Files files={filesOf(m.id)} />
            </div>
          )
        ))}
      </section>
      {children}
    </div>
  );
}
