import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { QuickLink, QuickLinkIcon } from '@/lib/quicklinks/queries';

/** A small mark per icon (text, so it renders with any font) and its colour. */
export const iconMark: Record<QuickLinkIcon, { glyph: string; className: string }> = {
  link: { glyph: '↗', className: 'bg-slate-600' },
  mail: { glyph: '@', className: 'bg-sky-600' },
  hr: { glyph: 'HR', className: 'bg-emerald-600' },
  erp: { glyph: 'ERP', className: 'bg-indigo-600' },
  oa: { glyph: 'OA', className: 'bg-brand-600' },
  calendar: { glyph: '31', className: 'bg-rose-600' },
  docs: { glyph: '≡', className: 'bg-amber-600' },
  chart: { glyph: '▦', className: 'bg-violet-600' },
  support: { glyph: '?', className: 'bg-teal-600' },
  travel: { glyph: '✈', className: 'bg-cyan-700' },
};

export function IconMark({ icon }: { icon: QuickLinkIcon }) {
  const m = iconMark[icon];
  return <span aria-hidden className={`grid h-9 w-9 shrink-0 place-items-center rounded-lg text-xs font-bold text-white ${m.className}`}>{m.glyph}</span>;
}

/** The launcher: tiles for the company's other systems that this person's audience includes. */
export async function QuickLinks({ links, canManage, locale }: { links: QuickLink[]; canManage: boolean; locale: string }) {
  if (links.length === 0 && !canManage) return null;
  const t = await getTranslations('home.quickLinks');
  return (
    <section className="card" aria-labelledby="quick-links-title" data-testid="quick-links">
      <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-3">
        <h2 id="quick-links-title" className="font-semibold">{t('title')}</h2>
        {canManage ? <Link href="/quick-links" className="text-sm text-brand-700 hover:underline">{t('manage')}</Link> : null}
      </div>
      {links.length === 0 ? (
        <p className="px-4 py-5 text-sm text-slate-500">{t('none')}</p>
      ) : (
        <ul className="grid grid-cols-2 gap-2 p-3 sm:grid-cols-3 lg:grid-cols-4">
          {links.map((l) => (
            <li key={l.id}>
              <a
                href={l.url}
                target="_blank"
                rel="noopener noreferrer"
                className="flex items-center gap-2 rounded-md border border-slate-200 p-2 text-sm hover:border-brand-500 hover:bg-brand-50"
                data-testid="quick-link"
              >
                <IconMark icon={l.icon} />
                <span className="min-w-0 break-words font-medium text-slate-800">{locale === 'en' && l.nameEn ? l.nameEn : l.name}</span>
                <span className="sr-only">{t('opensNewTab')}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
