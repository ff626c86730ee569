import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { auditActionCodes, auditArea } from '@/lib/audit/actions';
import { listAuditLog } from '@/lib/audit/queries';
import { guard } from '@/lib/http/page-guard';
import { displayName } from '@/lib/people/display-name';
import { isMessageKey } from '@/lib/i18n/keys';

export async function generateMetadata() {
  const t = await getTranslations('admin.audit');
  return { title: t('title') };
}

type SearchParams = Promise<{ actor?: string; action?: string; from?: string; to?: string; before?: string }>;

/** One detail value as text: readable words for yes/no, lists joined, nested objects compact; long values cut (the export has them whole). */
function valueText(v: unknown, yes: string, no: string): string {
  let s: string;
  if (v === null || v === undefined || v === '') s = '—';
  else if (typeof v === 'boolean') s = v ? yes : no;
  else if (typeof v === 'string' || typeof v === 'number') s = String(v);
  else if (Array.isArray(v)) s = v.map((x) => valueText(x, yes, no)).join(', ');
  else s = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null && x !== undefined && x !== '').map(([k, x]) => `${k}=${valueText(x, yes, no)}`).join(', ');
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const viewer = await getViewer();
  const sp = await searchParams;
  const { items, nextBefore, filter } = await guard(listAuditLog(db(), viewer, sp));
  const t = await getTranslations('admin');
  const format = await getFormatter();
  const locale = await getLocale();
  const tAll = await getTranslations();
  // Labels by code (actions.test.ts checks every action and area has one in both languages).
  const label = (group: 'actions' | 'areas' | 'fields', code: string) => {
    const key = `admin.audit.${group}.${code}`;
    return isMessageKey(key) ? tAll(key) : code;
  };
  const actionLabel = (a: string) => label('actions', a);
  const areas = [...new Set(auditActionCodes.map(auditArea))];
  const details = (d: unknown) =>
    d && typeof d === 'object' && !Array.isArray(d)
      ? Object.entries(d as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined && v !== '')
      : [];

  const query = new URLSearchParams();
  if (filter.actor) query.set('actor', filter.actor);
  if (filter.action) query.set('action', filter.action);
  if (filter.from) query.set('from', filter.from);
  if (filter.to) query.set('to', filter.to);
  const olderHref = nextBefore ? `/admin/audit?${new URLSearchParams({ ...Object.fromEntries(query), before: String(nextBefore) })}` : null;

  return (
    <div>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="page-title">{t('audit.title')}</h1>
          <p className="mt-1 text-slate-600">{t('audit.intro')}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <a href={`/admin/audit/export${query.size ? `?${query}` : ''}`} className="btn-secondary" data-testid="audit-export">{t('audit.export')}</a>
          <a href={`/admin/audit/export?${new URLSearchParams([...query, ['format', 'xlsx']])}`} className="btn-secondary" data-testid="audit-export-xlsx">{t('audit.exportXlsx')}</a>
        </div>
      </div>

      <form method="get" className="card mt-6 grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-[2fr_2fr_1fr_1fr_auto]" role="search">
        <div>
          <label htmlFor="actor" className="label">{t('audit.actor')}</label>
          <input id="actor" name="actor" type="search" defaultValue={filter.actor} className="input" />
        </div>
        <div>
          <label htmlFor="action" className="label">{t('audit.action')}</label>
          <select id="action" name="action" defaultValue={filter.action ?? ''} className="input">
            <option value="">{t('audit.allActions')}</option>
            {areas.map((area) => (
              <optgroup key={area} label={label('areas', area)}>
                {auditActionCodes.filter((a) => auditArea(a) === area).map((a) => <option key={a} value={a}>{actionLabel(a)}</option>)}
              </optgroup>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from" className="label">{t('audit.from')}</label>
          <input id="from" name="from" type="date" defaultValue={filter.from ?? ''} className="input" />
        </div>
        <div>
          <label htmlFor="to" className="label">{t('audit.to')}</label>
          <input id="to" name="to" type="date" defaultValue={filter.to ?? ''} className="input" />
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className="btn-primary">{t('audit.filter')}</button>
          <Link href="/admin/audit" className="btn-secondary">{t('common.reset')}</Link>
        </div>
      </form>

      <div className="card mt-4 overflow-x-auto">
        <table className="table table-stack sm:min-w-[48rem]" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.columns.at')}</th>
              <th scope="col">{t('audit.columns.actor')}</th>
              <th scope="col">{t('audit.columns.action')}</th>
              <th scope="col">{t('audit.columns.target')}</th>
              <th scope="col">{t('audit.columns.details')}</th>
              <th scope="col">{t('audit.columns.ip')}</th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 ? <tr><td colSpan={6} className="py-6 text-center text-slate-500">{t('audit.empty')}</td></tr> : null}
            {items.map((e) => (
              <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                <td data-label={t('audit.columns.at')} className="whitespace-nowrap tabular-nums">{format.dateTime(e.at, { dateStyle: 'short', timeStyle: 'medium' })}</td>
                <td data-label={t('audit.columns.actor')}>
                  {e.actorName ? <div>{displayName({ name: e.actorName, nameEn: e.actorNameEn }, locale)}</div> : null}
                  <div className="break-all text-xs text-slate-500">{e.actorLabel ?? t('audit.system')}</div>
                </td>
                <td data-label={t('audit.columns.action')} title={e.action}>{actionLabel(e.action)}</td>
                <td data-label={t('audit.columns.target')} className="break-words">{e.targetLabel ?? e.targetId ?? t('common.none')}</td>
                <td data-label={t('audit.columns.details')} className="sm:max-w-xs">
                  {details(e.details).length ? (
                    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-2 text-xs" data-testid="audit-details">
                      {details(e.details).map(([k, v]) => (
                        <div key={k} className="contents">
                          <dt className="text-slate-500">{label('fields', k)}</dt>
                          <dd className="break-words text-slate-700">{valueText(v, t('audit.yes'), t('audit.no'))}</dd>
                        </div>
                      ))}
                    </dl>
                  ) : null}
                </td>
                <td data-label={t('audit.columns.ip')} className="whitespace-nowrap text-xs text-slate-500">{e.ip ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="mt-4 flex justify-end gap-2">
        {filter.before ? <Link href={`/admin/audit${query.size ? `?${query}` : ''}`} className="btn-secondary">{t('audit.newest')}</Link> : null}
        {olderHref ? <Link href={olderHref} className="btn-secondary" rel="next">{t('audit.older')}</Link> : null}
      </div>
    </div>
  );
}
