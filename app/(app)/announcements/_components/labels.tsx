import { getTranslations } from 'next-intl/server';
import { displayTitle } from '@/lib/announcements/title';
import type { AnnouncementKind, AnnouncementStatus, Urgency } from '@/lib/announcements/schema';

export function titleOf(a: { urgency: string; title: string; titleEn?: string | null; unitName: string | null; unitNameEn: string | null }, locale: string) {
  return displayTitle(a, locale);
}

/** Small badges: kind, urgency, read / acknowledged state. */
export async function ItemBadges({ item }: { item: { kind: AnnouncementKind; urgency: Urgency; read?: boolean; acked?: boolean; ackRequired: boolean; addressed?: boolean; status?: AnnouncementStatus } }) {
  const t = await getTranslations('announcements');
  return (
    <span className="flex flex-wrap items-center gap-1">
      <span className="badge bg-slate-100 text-slate-700">{t(`compose.kinds.${item.kind}`)}</span>
      {item.urgency === 'urgent' ? <span className="badge bg-red-100 text-red-700">{t('compose.urgencies.urgent')}</span> : null}
      {item.status && item.status !== 'published' ? <span className="badge bg-amber-100 text-amber-800" data-testid="status-badge">{t(`status.${item.status}`)}</span> : null}
      {item.addressed !== false && item.status === 'published' ? (
        item.read ? <span className="badge bg-emerald-50 text-emerald-700">{t('list.read')}</span> : <span className="badge bg-brand-100 text-brand-700" data-testid="unread-badge">{t('list.unread')}</span>
      ) : null}
      {item.ackRequired && item.addressed !== false && item.status === 'published' ? (
        item.acked ? <span className="badge bg-emerald-50 text-emerald-700">{t('list.acked')}</span> : <span className="badge bg-amber-100 text-amber-800">{t('list.ackNeeded')}</span>
      ) : null}
    </span>
  );
}
