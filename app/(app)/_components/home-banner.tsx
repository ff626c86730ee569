import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { AnnouncementListItem } from '@/lib/announcements/queries';
import { displayTitle } from '@/lib/announcements/title';

/** Urgent items still waiting for the person: stays until acknowledged (or read, when no acknowledgement is asked). */
export async function HomeBanner({ items, locale }: { items: AnnouncementListItem[]; locale: string }) {
  if (items.length === 0) return null;
  const t = await getTranslations('home');
  return (
    <section role="alert" aria-labelledby="urgent-h" className="rounded-lg border border-red-200 bg-red-50 p-4" data-testid="urgent-banner">
      <h2 id="urgent-h" className="mb-2 flex items-center gap-2 font-semibold text-red-800">
        <span aria-hidden>⚠</span>{t('urgent.title')}
      </h2>
      <ul className="space-y-2">
        {items.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center justify-between gap-2">
            <Link href={`/announcements/${i.id}`} className="font-medium text-red-900 underline-offset-2 hover:underline" data-testid="urgent-item">
              {displayTitle(i, locale)}
            </Link>
            <Link href={`/announcements/${i.id}`} className="btn-danger py-1 text-xs">{i.ackRequired ? t('urgent.acknowledge') : t('urgent.read')}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
