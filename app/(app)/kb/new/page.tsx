import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { Form, Submit, TextArea, TextField } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { getViewer } from '@/lib/auth/viewer';
import { requireEmployee } from '@/lib/authz/policies';
import { guard } from '@/lib/http/page-guard';
import { AudienceFields, emptyAudience } from '../_components/audience-fields';
import { Crumbs } from '../_components/crumbs';
import { saveSpaceAction } from '../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('newSpace') };
}

export default async function NewSpacePage() {
  await guard(async () => requireEmployee(await getViewer()));
  const t = await getTranslations('kb');
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Crumbs crumbs={[]} current={t('newSpace')} />
      <h1 className="page-title">{t('newSpace')}</h1>
      <Form action={saveSpaceAction} testId="space-form" className="card space-y-4 p-4 sm:p-6">
        <TextField name="name" label={t('name')} maxLength={80} required testId="space-name" />
        <TextArea name="description" label={t('description')} rows={2} maxLength={500} testId="space-description" />
        <Picker name="owners" kind="person" multiple label={t('owners')} hint={t('ownersHint')} labels={await pickerLabels()} testId="space-owners" />
        <AudienceFields prefix="view" current={{ ...emptyAudience, spec: { everyone: true, units: [], roles: [], people: [], partnerOrgs: [] } }} inheritable={false} />
        <AudienceFields prefix="edit" current={emptyAudience} inheritable={false} partnerHint />
        <Submit testId="space-save">{t('createSpace')}</Submit>
      </Form>
    </div>
  );
}
