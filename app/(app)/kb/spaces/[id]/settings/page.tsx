import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Form, Submit, TextArea, TextField } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getSpaceSettings } from '@/lib/kb/queries';
import { AudienceFields } from '../../../_components/audience-fields';
import { Crumbs } from '../../../_components/crumbs';
import { saveSpaceAction } from '../../../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('spaceSettings') };
}

export default async function SpaceSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const s = await guard(getSpaceSettings(db(), await getViewer(), id));
  const t = await getTranslations('kb');
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Crumbs crumbs={[{ kind: 'space', id: s.id, name: s.name }]} current={t('spaceSettings')} />
      <h1 className="page-title">{t('spaceSettings')}</h1>
      <Form action={saveSpaceAction} testId="space-form" className="card space-y-4 p-4 sm:p-6">
        <input type="hidden" name="id" value={s.id} />
        <TextField name="name" label={t('name')} defaultValue={s.name} maxLength={80} required testId="space-name" />
        <TextArea name="description" label={t('description')} defaultValue={s.description} rows={2} maxLength={500} />
        <Picker name="owners" kind="person" multiple label={t('owners')} hint={t('ownersHint')} labels={await pickerLabels()} initial={s.owners} testId="space-owners" />
        <AudienceFields prefix="view" current={s.view} inheritable={false} />
        <AudienceFields prefix="edit" current={s.edit} inheritable={false} partnerHint />
        <Submit testId="space-save">{t('saveSpace')}</Submit>
      </Form>
    </div>
  );
}
