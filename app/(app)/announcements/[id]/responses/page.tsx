import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getAnnouncement } from '@/lib/announcements/queries';
import { getResponses, type ResponseRow } from '@/lib/announcements/responses';
import { displayName } from '@/lib/people/display-name';
import { titleOf } from '../../_components/labels';
import { remindRespondersAction } from '../../actions';
import { Form, Submit } from '@/app/_components/form';
import { Pager } from '@/app/(app)/admin/_components/pager';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('announcements.responses.page'))('title') };
}

/**
 * The responses to a collaboration or feedback request: figures, the tally of choices, one page of
 * answers or of those who have not answered (tabs), export and "remind those who have not responded".
 * Scope as reach: the author, officers and admins see everyone; heads their units' people.
 */
export default async function ResponsesPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ tab?: string; page?: string }> }) {
  const viewer = await getViewer();
  const { id } = await params;
  const sp = await searchParams;
  const [a, r] = await guard(Promise.all([getAnnouncement(db(), viewer, id), getResponses(db(), viewer, id, { tab: sp.tab, page: Number(sp.page) || 1 })]));
  const t = await getTranslations('announcements.responses.page');
  const locale = await getLocale();
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const base = `/announcements/${id}/responses`;
  const waiting = r.total - r.responded;
  const unitOf = (x: ResponseRow) => (locale === 'en' ? x.unitNameEn || x.partnerOrgEn : null) || x.unitName || x.partnerOrg || '';
  const answer = (x: ResponseRow) => (
    <div className="space-y-0.5 break-words">
      {x.choice ? <div><span className="badge bg-brand-100 text-brand-700">{x.choice}</span></div> : null}
      {x.number !== null ? <div><span className="text-slate-500">{t('number')}: </span>{format.number(Number(x.number))}</div> : null}
      {x.date ? <div><span className="text-slate-500">{t('date')}: </span>{x.date}</div> : null}
      {x.text ? <div className="whitespace-pre-line">{x.text}</div> : null}
      {x.file ? <div><a href={`/api/files/${x.file.id}`} className="break-all text-brand-600 hover:underline">{x.file.filename}</a></div> : null}
    </div>
  );
  const tabHref = (tab: 'responded' | 'waiting') => (tab === 'waiting' ? `${base}?tab=waiting` : base);
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div className="space-y-1">
        <Link href={`/announcements/${id}`} className="text-sm text-brand-600 hover:underline">← {titleOf(a, locale)}</Link>
        <h1 className="page-title">{t('title')}</h1>
        {r.scope.kind === 'trees' ? <p className="text-sm text-slate-600">{t('scopeTrees')}</p> : null}
      </div>
      <div className="card space-y-2 p-4">
        <p className="whitespace-pre-line break-words text-sm text-slate-800">{r.setup.prompt}</p>
        <p className="text-lg font-semibold" data-testid="responses-summary">{t('summary', { responded: r.responded, total: r.total })}</p>
        {!r.open ? <p className="text-sm text-amber-800">{t('closed')}</p> : null}
        {r.tally.length > 0 ? (
          <div>
            <h2 className="text-sm font-medium">{t('tally')}</h2>
            <ul className="mt-1 flex flex-wrap gap-2 text-sm" data-testid="responses-tally">
              {r.tally.map((c) => <li key={c.choice} className="badge bg-slate-100 text-slate-700">{c.choice} · {c.n}</li>)}
            </ul>
          </div>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {r.can.remindResponders ? (
          <Form action={remindRespondersAction} className="flex flex-wrap items-center gap-2" refreshOnSuccess testId="remind-responders-form">
            <input type="hidden" name="id" value={id} />
            <Submit variant="secondary" testId="remind-responders">{t('remind', { count: waiting })}</Submit>
          </Form>
        ) : null}
        <a href={`${base}/export`} className="btn-secondary" data-testid="responses-export">{t('export')}</a>
        {r.lastRemindedAt ? <span className="text-xs text-slate-500">{t('lastReminded', { when: when(r.lastRemindedAt) })}</span> : null}
      </div>

      <nav className="flex gap-1 border-b border-slate-200" aria-label={t('title')}>
        {(['responded', 'waiting'] as const).map((tab) => (
          <Link key={tab} href={tabHref(tab)} aria-current={r.tab === tab ? 'page' : undefined} data-testid={`responses-tab-${tab}`}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${r.tab === tab ? 'border-brand-600 font-medium text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}>
            {tab === 'responded' ? t('tabResponded', { count: r.responded }) : t('tabWaiting', { count: waiting })}
          </Link>
        ))}
      </nav>

      <section className="card p-3" data-testid={`responses-${r.tab}`}>
        {r.rows.length === 0 ? <p className="py-3 text-sm text-slate-500">{r.tab === 'responded' ? t('noneResponded') : t('noneWaiting')}</p> : (
          <>
            {/* Wide screens: a table; phones: one card per person (no sideways scrolling). */}
            <div className="hidden sm:block">
            <table className="table" data-testid="responses-table">
              <thead>
                <tr><th>{t('person')}</th><th>{t('unit')}</th>{r.tab === 'responded' ? <><th>{t('text')}</th><th>{t('respondedAt')}</th></> : null}</tr>
              </thead>
              <tbody>
                {r.rows.map((x) => (
                  <tr key={x.personId} data-testid="response-row">
                    <td className="min-w-32">{displayName(x, locale)}<div className="break-all text-xs text-slate-500">{x.email}</div></td>
                    <td className="min-w-24">{unitOf(x)}</td>
                    {r.tab === 'responded' ? <><td className="min-w-48">{answer(x)}</td><td className="whitespace-nowrap">{x.updatedAt ? when(x.updatedAt) : ''}</td></> : null}
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
            <ul className="divide-y divide-slate-100 sm:hidden" data-testid="responses-cards">
              {r.rows.map((x) => (
                <li key={x.personId} className="space-y-1 py-2 text-sm">
                  <div className="font-medium">{displayName(x, locale)}</div>
                  <div className="text-xs text-slate-500">{unitOf(x)}{x.updatedAt ? ` · ${when(x.updatedAt)}` : ''}</div>
                  {r.tab === 'responded' ? answer(x) : null}
                </li>
              ))}
            </ul>
          </>
        )}
        {r.rows.length > 0 ? (
          <Pager basePath={base} query={{ tab: r.tab === 'waiting' ? 'waiting' : undefined }} page={r.page}
            total={r.tab === 'waiting' ? waiting : r.responded} pageSize={r.pageSize} hasNext={r.hasNext} />
        ) : null}
        {!r.hasNext && r.page * r.pageSize < (r.tab === 'waiting' ? waiting : r.responded) ? <p className="pt-2 text-xs text-slate-500">{t('moreInCsv')}</p> : null}
      </section>
    </div>
  );
}
