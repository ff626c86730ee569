import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Form, SelectField, Submit, TextField } from '@/app/_components/form';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getFolderSettings, listSpaceFolders } from '@/lib/kb/queries';
import { AudienceFields } from '../../../_components/audience-fields';
import { Crumbs } from '../../../_components/crumbs';
import { moveFolderAction, saveFolderAction } from '../../../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('folderSettings') };
}

export default async function FolderSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await getViewer();
  const f = await guard(getFolderSettings(db(), viewer, id));
  const folders = await guard(listSpaceFolders(db(), viewer, f.spaceId));
  const t = await getTranslations('kb');
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Crumbs crumbs={[{ kind: 'folder', id: f.id, name: f.name }]} current={t('folderSettings')} />
      <h1 className="page-title">{t('folderSettings')}</h1>
      <Form action={saveFolderAction} testId="folder-form" className="card space-y-4 p-4 sm:p-6">
        <input type="hidden" name="id" value={f.id} />
        <input type="hidden" name="spaceId" value={f.spaceId} />
        {f.parentId ? <input type="hidden" name="parentId" value={f.parentId} /> : null}
        <TextField name="name" label={t('name')} defaultValue={f.name} maxLength={80} required testId="folder-name" />
        <AudienceFields prefix="view" current={f.view} inheritable />
        <AudienceFields prefix="edit" current={f.edit} inheritable />
        <Submit testId="folder-save">{t('saveFolder')}</Submit>
      </Form>
      <Form action={moveFolderAction} testId="folder-move-form" className="card space-y-4 p-4 sm:p-6">
        <h2 className="font-semibold">{t('moveFolder')}</h2>
        <input type="hidden" name="id" value={f.id} />
        <SelectField name="parentId" label={t('moveFolderTo')} defaultValue={f.parentId ?? ''} testId="folder-move-target"
          options={[{ value: '', label: t('spaceRoot') }, ...folders]} />
        <Submit variant="secondary" testId="folder-move">{t('moveFolder')}</Submit>
      </Form>
    </div>
  );
}
