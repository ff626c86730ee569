import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import type { Viewer } from '@/lib/authz/viewer';
import { countUnread, UNREAD_CAP } from '@/lib/notifications/queries';

/** The header's bell: a server-rendered unread count (one capped, indexed count), linking to the centre. */
export async function NotificationBell({ viewer }: { viewer: Viewer }) {
  const t = await getTranslations('notifications.bell');
  const n = await countUnread(db(), viewer).catch(() => 0);
  const shown = n >= UNREAD_CAP ? `${UNREAD_CAP - 1}+` : String(n);
  return (
    <Link href="/notifications" className="relative grid h-9 w-9 place-items-center rounded-md text-slate-600 hover:bg-slate-100" aria-label={n > 0 ? t('unread', { count: shown }) : t('label')} data-testid="notification-bell">
      <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {n > 0 ? (
        <span aria-hidden className="absolute -right-0.5 -top-0.5 min-w-[1.125rem] rounded-full bg-red-600 px-1 text-center text-[11px] font-semibold leading-[1.125rem] text-white" data-testid="notification-count">{shown}</span>
      ) : null}
    </Link>
  );
}
