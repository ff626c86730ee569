import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { isEmployee } from '@/lib/authz/policies';
import { guard } from '@/lib/http/page-guard';
import { canSeeApprovalQueue, canManageTemplates } from '@/lib/announcements/policies';
import { listAnnouncements } from '@/lib/announcements/queries';
import { resolvePickerTexts, searchPicker } from '@/lib/pickers/queries';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { announcementKinds, listFiltersSchema } from '@/lib/announcements/schema';
import { ItemBadges, titleOf } from './_components/labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('announcements.list'))('title') };
}

type Search = Record<string, string | undefined>;

export default async function AnnouncementsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const viewer = await getViewer();
  const locale = await getLocale();
  const sp = await resolvePickerTexts(db(), viewer, await searchParams, [['unit', 'unit']], locale);
  const filters = listFiltersSchema.parse(sp);
  const employee = isEmployee(viewer);
  // The unit filter is a server-search picker: only the chosen unit's label is loaded, never the company's units.
  const [result, unitChosen, labels] = await guard(Promise.all([
    listAnnouncements(db(), viewer, filters),
    employee && filters.unit ? searchPicker(db(), viewer, 'unit', { ids: filters.unit }, locale) : Promise.resolve([]),
    employee ? pickerLabels() : Promise.resolve(null),
  ]));
  const t = await getTranslations('announcements');
  const format = await getFormatter();
  const query = { kind: filters.kind, urgency: filters.urgency, unit: filters.unit, read: filters.read, from: filters.from, to: filters.to, mine: filters.mine };
  const href = (patch: Search) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...query, ...patch })) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `/announcements?${s}` : '/announcements';
  };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{t('list.title')}</h1>
        {employee ? (
          <div className="flex flex-wrap gap-2">
            {canSeeApprovalQueue(viewer) ? <Link href="/announcements/approvals" className="btn-secondary">{t('list.approvals')}</Link> : null}
            {canManageTemplates(viewer) ? <Link href="/announcements/templates" className="btn-secondary">{t('list.templates')}</Link> : null}
            {canManageTemplates(viewer) ? <Link href="/emergency" className="btn-secondary">{t('list.emergency')}</Link> : null}
            <Link href="/announcements/new" className="btn-primary" data-testid="new-announcement">{t('list.new')}</Link>
          </div>
        ) : null}
      </div>
      {employee ? (
        <nav className="flex gap-1 text-sm" aria-label={t('list.tabs')}>
          <Link href={href({ mine: undefined, page: undefined })} aria-current={!filters.mine ? 'page' : undefined}
            className={`rounded-md px-3 py-1.5 ${!filters.mine ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`}>{t('list.forMe')}</Link>
          <Link href={href({ mine: 'authored', page: undefined })} aria-current={filters.mine ? 'page' : undefined} data-testid="tab-authored"
            className={`rounded-md px-3 py-1.5 ${filters.mine ? 'bg-brand-50 font-medium text-brand-700' : 'text-slate-600 hover:bg-slate-100'}`}>{t('list.authored')}</Link>
        </nav>
      ) : null}
      <form method="get" className="card grid grid-cols-2 gap-3 p-3 sm:grid-cols-3 lg:grid-cols-7" aria-label={t('list.filters')}>
        {filters.mine ? <input type="hidden" name="mine" value={filters.mine} /> : null}
        <label className="text-xs text-slate-600">{t('list.kind')}
          <select name="kind" defaultValue={filters.kind ?? ''} className="input mt-1">
            <option value="">{t('list.any')}</option>
            {announcementKinds.map((k) => <option key={k} value={k}>{t(`compose.kinds.${k}`)}</option>)}
          </select>
        </label>
        <label className="text-xs text-slate-600">{t('list.urgency')}
          <select name="urgency" defaultValue={filters.urgency ?? ''} className="input mt-1">
            <option value="">{t('list.any')}</option>
            <option value="normal">{t('compose.urgencies.normal')}</option>
            <option value="urgent">{t('compose.urgencies.urgent')}</option>
          </select>
        </label>
        {employee && labels ? (
          <Picker name="unit" kind="unit" label={t('list.unit')} labels={labels} initial={unitChosen} textFallback className="text-xs text-slate-600 sm:col-span-2 lg:col-span-1" testId="filter-unit" />
        ) : null}
        <label className="text-xs text-slate-600">{t('list.readState')}
          <select name="read" defaultValue={filters.read ?? ''} className="input mt-1" data-testid="filter-read">
            <option value="">{t('list.any')}</option>
            <option value="unread">{t('list.unread')}</option>
            <option value="read">{t('list.read')}</option>
          </select>
        </label>
        <label className="text-xs text-slate-600">{t('list.from')}
          <input type="date" name="from" defaultValue={filters.from ?? ''} className="input mt-1" />
        </label>
        <label className="text-xs text-slate-600">{t('list.to')}
          <input type="date" name="to" defaultValue={filters.to ?? ''} className="input mt-1" />
        </label>
        <div className="flex items-end">
          <button type="submit" className="btn-secondary w-full">{t('list.apply')}</button>
        </div>
      </form>
      {sp.deleted === '1' ? <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800" role="status" data-testid="draft-deleted">{t('list.draftDeleted')}</p> : null}
      {result.items.length === 0 ? (
        <p className="card p-6 text-center text-sm text-slate-500" data-testid="list-empty">{t('list.empty')}</p>
      ) : (
        <ul className="card divide-y divide-slate-100" data-testid="announcement-list">
          {result.items.map((i) => (
            <li key={i.id} className="flex items-start gap-3 p-3 sm:p-4">
              <div className="min-w-0 flex-1">
              <Link href={`/announcements/${i.id}`} className={`block text-sm sm:text-base ${i.read || i.status !== 'published' ? 'text-slate-800' : 'font-semibold text-slate-900'} hover:text-brand-700`} data-testid="announcement-link">
                {titleOf(i, locale)}
              </Link>
              <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                <ItemBadges item={i} />
                {i.publishedAt ? <time dateTime={i.publishedAt.toISOString()}>{format.dateTime(i.publishedAt, { dateStyle: 'medium', timeStyle: 'short' })}</time> : null}
                {i.pinnedUntil && i.pinnedUntil > new Date() ? <span className="badge bg-amber-50 text-amber-800">{t('list.pinned')}</span> : null}
              </div>
              {i.summary ? <p className="mt-1 line-clamp-2 break-words text-sm text-slate-600" data-testid="list-item-summary">{i.summary}</p> : null}
              </div>
              {i.coverFileId ? (
                // eslint-disable-next-line @next/next/no-img-element -- a stored file through the authorised file route (inline only for raster images)
                <img src={`/api/files/${i.coverFileId}?inline=1`} alt="" loading="lazy" className="h-14 w-20 shrink-0 rounded object-cover sm:h-16 sm:w-28" data-testid="list-item-cover" />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <div className="flex items-center justify-between text-sm text-slate-600">
        <span>{t('list.page', { page: result.page })}</span>
        <div className="flex gap-2">
          {result.page > 1 ? <Link className="btn-secondary" rel="prev" href={href({ page: String(result.page - 1) })}>{t('list.previous')}</Link> : null}
          {result.hasNext ? <Link className="btn-secondary" rel="next" href={href({ page: String(result.page + 1) })}>{t('list.next')}</Link> : null}
        </div>
      </div>
    </div>
  );
}
