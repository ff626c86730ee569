import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getImportTarget } from '@/lib/kb/import';
import { IMPORT_LIMITS } from '@/lib/kb/import-read';
import { MAX_UPLOAD_BYTES_PER_REQUEST } from '@/lib/files/limits';
import { Colon } from '@/app/_components/colon';
import { Crumbs } from '../../../_components/crumbs';
import { KbImportForm } from './import-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb.import'))('action') };
}

const MB = 1024 * 1024;

/** Import into a space (or, with ?folder=, one of its folders): its editors only (lib/kb/import.ts). */
export default async function KbImportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ folder?: string }> }) {
  const { id } = await params;
  const { folder } = await searchParams;
  const target = await guard(getImportTarget(db(), await getViewer(), id, typeof folder === 'string' ? folder : null));
  const t = await getTranslations('kb.import');
  const where = target.folderName ?? target.spaceName;
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <Crumbs
        crumbs={[{ kind: 'space', id: target.spaceId, name: target.spaceName }, ...(target.folderId ? [{ kind: 'folder' as const, id: target.folderId, name: target.folderName }] : [])]}
        current={t('action')}
      />
      <h1 className="page-title" data-testid="kb-import-title">{t('title', { name: where })}</h1>
      <p className="text-sm text-slate-600">{t('intro')}</p>
      <p className="text-sm text-slate-700">{t('target')}<Colon /><span className="font-medium">{target.folderName ? `${target.spaceName} › ${target.folderName}` : target.spaceName}</span></p>
      <KbImportForm
        spaceId={target.spaceId}
        folderId={target.folderId}
        labels={{
          files: t('files'),
          hint: t('filesHint', { max: MAX_UPLOAD_BYTES_PER_REQUEST / MB, unpacked: IMPORT_LIMITS.maxUnpackedBytes / MB, entries: IMPORT_LIMITS.maxEntries }),
          submit: t('submit'),
          report: t('report'),
          open: t('open'),
          columns: { line: '#', outcome: t('colOutcome'), path: t('colPath'), kind: t('colKind'), reasons: t('colReasons') },
        }}
      />
    </div>
  );
}
