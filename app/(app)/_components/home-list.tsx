import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { AnnouncementListItem } from '@/lib/announcements/queries';
import { displayTitle } from '@/lib/announcements/title';

/** A titled list of announcements with unit, time and read state. */
export async function HomeList({ title, items, locale, testId, empty }: { title: string; items: AnnouncementListItem[]; locale: string; testId: string; empty?: string }) {
  const t = await getTranslations('home');
  const format = await getFormatter();
  if (items.length === 0 && !empty) return null;
  return (
    <section className="card" aria-label={title} data-testid={testId}>
      <h2 className="border-b border-slate-100 px-4 py-3 font-semibold">{title}</h2>
      {items.length === 0 ? <p className="px-4 py-6 text-center text-sm text-slate-500">{empty}</p> : (
        <ul className="divide-y divide-slate-100">
          {items.map((i) => (
            <li key={i.id} className="flex items-start gap-3 px-4 py-3" data-testid="home-news-item">
              <span aria-hidden className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${i.read ? 'bg-transparent' : 'bg-brand-600'}`} />
              <div className="min-w-0 flex-1">
                <Link href={`/announcements/${i.id}`} className={`block break-words ${i.read ? 'text-slate-700' : 'font-semibold text-slate-900'} hover:text-brand-700`} data-testid="home-item">
                  {displayTitle(i, locale)}
                </Link>
                {i.summary ? <p className="mt-0.5 line-clamp-2 break-words text-sm text-slate-600" data-testid="home-item-summary">{i.summary}</p> : null}
                <div className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-slate-500">
                  {i.publishedAt ? <time dateTime={i.publishedAt.toISOString()}>{format.relativeTime(i.publishedAt)}</time> : null}
                  <span>{i.read ? t('read') : t('unread')}</span>
                  {i.ackRequired ? <span>{i.acked ? t('acked') : t('ackNeeded')}</span> : null}
                </div>
              </div>
              {i.coverFileId ? (
                // eslint-disable-next-line @next/next/no-img-element -- a stored file through the authorised file route (inline only for raster images)
                <img src={`/api/files/${i.coverFileId}?inline=1`} alt="" loading="lazy" className="h-16 w-24 shrink-0 rounded object-cover sm:h-20 sm:w-32" data-testid="home-item-cover" />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
