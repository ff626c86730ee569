import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listSpaces } from '@/lib/kb/queries';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('title') };
}

/** The knowledge base: every space the viewer reaches (partners: those shared with their organisation). */
export default async function KbHome() {
  const viewer = await getViewer();
  const { items, canCreate } = await guard(listSpaces(db(), viewer));
  const t = await getTranslations('kb');
  const format = await getFormatter();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="page-title">{viewer?.kind === 'partner' ? t('partnerSpaces') : t('title')}</h1>
        {canCreate ? <Link href="/kb/new" className="btn-primary" data-testid="kb-new-space">{t('newSpace')}</Link> : null}
      </div>
      {items.length === 0 ? <p className="text-slate-600">{t('noSpaces')}</p> : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="kb-spaces">
          {items.map((s) => (
            <li key={s.id}>
              <Link href={`/kb/spaces/${s.id}`} className="card block h-full p-4 hover:border-brand-500">
                <div className="flex items-center gap-2 font-medium">
                  {s.name}
                  {s.status === 'archived' ? <span className="badge">{t('archived')}</span> : null}
                </div>
                {s.description ? <p className="mt-1 line-clamp-2 text-sm text-slate-600">{s.description}</p> : null}
                {s.updatedAt ? <p className="mt-2 text-xs text-slate-500">{format.dateTime(s.updatedAt, { dateStyle: 'medium' })}</p> : null}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
