import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Form, Submit, TextField } from '@/app/_components/form';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getSpaceSettings } from '@/lib/kb/queries';
import { AudienceFields, emptyAudience } from '../../_components/audience-fields';
import { Crumbs } from '../../_components/crumbs';
import { saveFolderAction } from '../../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('newFolder') };
}

/** A new folder in a space (at its top, or inside `parent`): the space's managers. */
export default async function NewFolderPage({ searchParams }: { searchParams: Promise<{ space?: string; parent?: string }> }) {
  const sp = await searchParams;
  const s = await guard(getSpaceSettings(db(), await getViewer(), String(sp.space ?? '')));
  const t = await getTranslations('kb');
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Crumbs crumbs={[{ kind: 'space', id: s.id, name: s.name }]} current={t('newFolder')} />
      <h1 className="page-title">{t('newFolder')}</h1>
      <Form action={saveFolderAction} testId="folder-form" className="card space-y-4 p-4 sm:p-6">
        <input type="hidden" name="spaceId" value={s.id} />
        {sp.parent ? <input type="hidden" name="parentId" value={sp.parent} /> : null}
        <TextField name="name" label={t('name')} maxLength={80} required testId="folder-name" />
        <AudienceFields prefix="view" current={emptyAudience} inheritable />
        <AudienceFields prefix="edit" current={emptyAudience} inheritable />
        <Submit testId="folder-save">{t('createFolder')}</Submit>
      </Form>
    </div>
  );
}
