import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Form, Submit } from '@/app/_components/form';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getVersion } from '@/lib/kb/queries';
import { Crumbs } from '../../../../_components/crumbs';
import { proseClass } from '../../../../_components/prose';
import { restoreVersionAction } from '../../../../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('history') };
}

/** One old version as it read then; editors may restore it (as a new version). */
export default async function VersionPage({ params }: { params: Promise<{ id: string; version: string }> }) {
  const { id, version } = await params;
  const v = await guard(getVersion(db(), await getViewer(), id, Number(version)));
  const t = await getTranslations('kb');
  const format = await getFormatter();
  return (
    <div className="space-y-4">
      <Crumbs crumbs={[]} current={v.title} />
      <p className="rounded-md bg-slate-100 px-3 py-2 text-sm">{t('viewingOld', { version: v.version, current: v.current })}</p>
      <h1 className="page-title">{v.title}</h1>
      <p className="text-xs text-slate-500">{t('version', { version: v.version })} · {v.authorName} · {format.dateTime(v.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</p>
      <div className="flex flex-wrap gap-2">
        <Link href={`/kb/articles/${id}/compare?from=${v.version}&to=latest`} className="btn-secondary">{t('compare')}</Link>
        <Link href={`/kb/articles/${id}/history`} className="btn-secondary">{t('history')}</Link>
      </div>
      {v.can.edit && v.version !== v.current ? (
        <Form action={restoreVersionAction} testId="restore-form" className="card space-y-2 p-4">
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="version" value={v.version} />
          <p className="text-sm text-slate-600">{t('restoreHint')}</p>
          <Submit variant="secondary" testId="restore">{t('restore')}</Submit>
        </Form>
      ) : null}
      <article className={`card p-4 sm:p-6 ${proseClass}`} dangerouslySetInnerHTML={{ __html: v.html }} />
    </div>
  );
}
