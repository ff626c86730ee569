import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listMeetings } from '@/lib/meetings/queries';
import { meetingTabs } from '@/lib/meetings/schema';
import { nameIn } from '../tasks/_components/labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meetings'))('title') };
}

/** Meetings: upcoming, past (with their minutes), organised by me; 30 a page. */
export default async function MeetingsPage({ searchParams }: { searchParams: Promise<{ tab?: string; page?: string }> }) {
  const viewer = await getViewer();
  const sp = await searchParams;
  const r = await guard(listMeetings(db(), viewer, sp));
  const t = await getTranslations('meetings');
  const format = await getFormatter();
  const locale = await getLocale();
  const pill = (active: boolean) => `rounded-md px-3 py-1.5 ${active ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`;
  const href = (tab: string, page?: number) => `/meetings?tab=${tab}${page && page > 1 ? `&page=${page}` : ''}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{t('title')}</h1>
        {r.canSchedule ? <Link href="/meetings/new" className="btn-primary" data-testid="new-meeting">{t('newMeeting')}</Link> : null}
      </div>
      <nav className="flex flex-wrap gap-1 text-sm" aria-label={t('title')}>
        {meetingTabs.filter((tab) => tab !== 'mine' || r.canSchedule).map((tab) => (
          <Link key={tab} href={href(tab)} aria-current={r.tab === tab ? 'page' : undefined} className={pill(r.tab === tab)} data-testid={`meetings-tab-${tab}`}>{t(`tabs.${tab}`)}</Link>
        ))}
      </nav>
      {r.items.length === 0 ? <p className="text-sm text-slate-500">{t('empty')}</p> : (
        <ul className="space-y-2" data-testid="meeting-list">
          {r.items.map((m) => (
            <li key={m.id} className="card p-3">
              <Link href={`/meetings/${m.id}`} className="font-medium text-brand-700 hover:underline">{m.title}</Link>
              <div className="mt-1 flex flex-wrap gap-2 text-xs text-slate-600">
                <span>{t('when', { start: format.dateTime(m.startsAt, { dateStyle: 'medium', timeStyle: 'short' }), end: format.dateTime(m.endsAt, { timeStyle: 'short' }) })}</span>
                {m.place ? <span>{m.place}</span> : null}
                <span>{nameIn(locale, { name: m.organiserName, nameEn: m.organiserNameEn })}</span>
                {m.status === 'cancelled' ? <span className="badge bg-red-50 text-red-800">{t('cancelled')}</span> : null}
                {m.minutesStatus === 'published' ? <span className="badge bg-emerald-50 text-emerald-800">{t('minutesPublished')}</span> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <div className="flex justify-between text-sm">
        {r.page > 1 ? <Link href={href(r.tab, r.page - 1)} className="text-brand-600 hover:underline">← {t('previous')}</Link> : <span />}
        {r.hasMore ? <Link href={href(r.tab, r.page + 1)} className="text-brand-600 hover:underline">{t('more')} →</Link> : null}
      </div>
    </div>
  );
}
