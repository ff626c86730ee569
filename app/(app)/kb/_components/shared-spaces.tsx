import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import type { Viewer } from '@/lib/authz/viewer';
import { listSpaces } from '@/lib/kb/queries';

/** The partner home's list of knowledge spaces shared with the viewer's organisation (nothing when none). */
export async function SharedSpaces({ viewer }: { viewer: Viewer }) {
  const { items } = await listSpaces(db(), viewer);
  if (items.length === 0) return null;
  const t = await getTranslations('kb');
  return (
    <section aria-labelledby="kb-shared-h" className="space-y-2" data-testid="partner-kb-spaces">
      <h2 id="kb-shared-h" className="font-semibold">{t('partnerSpaces')}</h2>
      <ul className="grid gap-3 sm:grid-cols-2">
        {items.map((s) => (
          <li key={s.id}><Link href={`/kb/spaces/${s.id}`} className="card block p-4 hover:border-brand-500">{s.name}</Link></li>
        ))}
      </ul>
    </section>
  );
}
