import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listSpaces } from '@/lib/kb/queries';
import { search } from '@/lib/search/search';
import type { Segment } from '@/lib/search/snippet';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb.search'))('title') };
}

function Marked({ parts }: { parts: Segment[] }) {
  return <>{parts.map((p, i) => (p.hit ? <mark key={i} className="rounded bg-yellow-200 px-0.5 text-inherit">{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}

/** One search over all of Plaza the viewer may read: knowledge articles, announcements, meeting minutes, customer requests. */
export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const viewer = await getViewer();
  const [r, spaces] = await guard(Promise.all([search(db(), viewer, sp), listSpaces(db(), viewer)]));
  const t = await getTranslations('kb.search');
  const format = await getFormatter();
  const page = r.page;
  const link = (p: number) => `/search?${new URLSearchParams(Object.entries({ ...sp, page: String(p) }).filter((e): e is [string, string] => !!e[1]))}`;
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <h1 className="page-title">{t('title')}</h1>
      <form method="get" action="/search" role="search" className="card grid gap-3 p-4 sm:grid-cols-6" data-testid="search-form">
        <div className="sm:col-span-6">
          <label htmlFor="s-q" className="label">{t('label')}</label>
          <input id="s-q" name="q" type="search" defaultValue={r.q} maxLength={200} className="input" placeholder={t('placeholder')} data-testid="search-q" />
        </div>
        {/* Only the spaces the viewer may read; none (e.g. a partner nothing is shared with) → no filter. */}
        {spaces.items.length > 0 && (
          <div className="sm:col-span-2">
            <label htmlFor="s-space" className="label">{t('space')}</label>
            <select id="s-space" name="space" defaultValue={sp.space ?? ''} className="input" data-testid="search-space">
              <option value="">{t('allSpaces')}</option>
              {spaces.items.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </div>
        )}
        <div className="sm:col-span-2">
          <label htmlFor="s-from" className="label">{t('from')}</label>
          <input id="s-from" name="from" type="date" defaultValue={sp.from ?? ''} className="input" />
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="s-to" className="label">{t('to')}</label>
          <input id="s-to" name="to" type="date" defaultValue={sp.to ?? ''} className="input" />
        </div>
        <div className="sm:col-span-6"><button type="submit" className="btn-primary" data-testid="search-submit">{t('submit')}</button></div>
      </form>
      {!r.q ? <p className="text-slate-600">{t('prompt')}</p> : r.hits.length === 0 ? (
        <p className="text-slate-600" data-testid="search-none">{t('none', { q: r.q })}</p>
      ) : (
        <>
          <p className="text-sm text-slate-600" data-testid="search-count">
            {r.hasNext || page > 1 ? t('resultsMore', { count: (page - 1) * 20 + r.hits.length, q: r.q }) : t('results', { count: r.hits.length, q: r.q })}
          </p>
          <ol className="space-y-3" data-testid="search-results">
            {r.hits.map((h) => (
              <li key={`${h.kind}:${h.id}`} className="card p-4" data-testid="search-hit">
                <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                  <span className="badge">{h.kind === 'announcement' ? t('kindAnnouncement') : h.kind === 'meeting.minutes' ? t('kindMinutes') : h.kind === 'purchase_order' ? t('kindOrder') : h.kind === 'request' ? t('kindRequest') : t('kindArticle')}</span>
                  {h.scopeName ? <span>{h.scopeName}</span> : null}
                  <span>{format.dateTime(h.updatedAt, { dateStyle: 'medium' })}</span>
                </div>
                <Link href={h.url} className="mt-1 block text-base font-medium text-brand-700 hover:underline" data-testid="search-hit-title"><Marked parts={h.title} /></Link>
                <p className="mt-1 text-sm text-slate-700"><Marked parts={h.snippet} /></p>
              </li>
            ))}
          </ol>
          <div className="flex gap-3 text-sm">
            {page > 1 ? <Link href={link(page - 1)} className="text-brand-700 hover:underline">{t('prev')}</Link> : null}
            {r.hasNext ? <Link href={link(page + 1)} className="text-brand-700 hover:underline">{t('next')}</Link> : null}
          </div>
        </>
      )}
    </div>
  );
}
