import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listMeetings } from '@/lib/meetings/queries';
import { resolvePickerTexts } from '@/lib/pickers/queries';
import { meetingTabs } from '@/lib/meetings/schema';
import { nameIn } from '../tasks/_components/labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meetings'))('title') };
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Meetings: upcoming, past (with their minutes), organised by me; any of them by unit; 30 a page (keyset). */
export default async function MeetingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await getViewer();
  const locale = await getLocale();
  const sp = await resolvePickerTexts(db(), viewer, await searchParams, [['unit', 'unit']], locale);
  const r = await guard(listMeetings(db(), viewer, { tab: first(sp.tab), after: first(sp.after), unit: first(sp.unit) }));
  const t = await getTranslations('meetings');
  const format = await getFormatter();
  const labels = r.canFilterByUnit ? await pickerLabels() : null;
  const pill = (active: boolean) => `rounded-md px-3 py-1.5 ${active ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`;
  const href = (tab: string, after?: string | null) => {
    const q = new URLSearchParams({ tab });
    if (r.unit) q.set('unit', r.unit.id);
    if (after) q.set('after', after);
    return `/meetings?${q.toString()}`;
  };
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
      {labels ? (
        <form method="get" className="card flex flex-wrap items-end gap-2 p-3" data-testid="meetings-unit-filter">
          <input type="hidden" name="tab" value={r.tab} />
          <Picker name="unit" kind="unit" label={t('unitFilter.label')} hint={t('unitFilter.hint')} labels={labels}
            initial={r.unit ? [{ id: r.unit.id, label: nameIn(locale, r.unit) }] : []} className="min-w-0 flex-1 basis-64" testId="meetings-unit" textFallback />
          <button type="submit" className="btn-secondary" data-testid="meetings-unit-show">{t('unitFilter.show')}</button>
          {r.unit ? <Link href={`/meetings?tab=${r.tab}`} className="btn-secondary" data-testid="meetings-unit-clear">{t('unitFilter.clear')}</Link> : null}
        </form>
      ) : null}
      {r.unit ? <p className="text-sm text-slate-600" data-testid="meetings-unit-showing">{t('unitFilter.showing', { name: nameIn(locale, r.unit) })}</p> : null}
      {r.items.length === 0 ? <p className="text-sm text-slate-500">{t('empty')}</p> : (
        <ul className="space-y-2" data-testid="meeting-list">
          {r.items.map((m) => (
            <li key={m.id} className="card p-3" data-testid="meeting-row">
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
        {!r.isFirstPage ? <Link href={href(r.tab)} className="text-brand-600 hover:underline">← {t('first')}</Link> : <span />}
        {r.next ? <Link href={href(r.tab, r.next)} className="text-brand-600 hover:underline" data-testid="meetings-more">{t('more')} →</Link> : null}
      </div>
    </div>
  );
}
