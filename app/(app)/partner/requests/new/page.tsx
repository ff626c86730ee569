import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { requireArea } from '@/lib/requests/access';
import { priorities, requestTypes, DESCRIPTION_MAX, SUBJECT_MAX } from '@/lib/requests/schema';
import { CheckboxField, Form, SelectField, Submit, TextArea, TextField } from '@/app/_components/form';
import { AttachmentsField } from '@/app/(app)/requests/_components/request-view';
import { submitRequestAction } from '../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('requests.portal'))('new') };
}

/** A customer files a request: type, topic, suggested priority, subject, Markdown description, attachments. */
export default async function NewRequestPage() {
  await guard(requireArea(db(), await getViewer(), 'submit'));
  const t = await getTranslations('requests');
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link href="/partner/requests" className="text-sm text-brand-600 hover:underline">← {t('portal.back')}</Link>
      <h1 className="page-title">{t('portal.new')}</h1>
      <Form action={submitRequestAction} testId="request-form" encType="multipart/form-data" className="card space-y-4 p-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField name="type" label={t('fields.type')} required testId="request-type" defaultValue="feedback" options={requestTypes.map((v) => ({ value: v, label: t(`types.${v}`) }))} />
          <SelectField name="priority" label={t('fields.suggestedPriority')} required testId="request-priority" defaultValue="normal" options={priorities.map((v) => ({ value: v, label: t(`priorities.${v}`) }))} />
        </div>
        <TextField name="topic" label={t('fields.topic')} hint={t('fields.topicHint')} testId="request-topic" />
        <TextField name="subject" label={t('fields.subject')} required testId="request-subject" maxLength={SUBJECT_MAX} />
        <TextArea name="description" label={t('fields.description')} required rows={8} maxLength={DESCRIPTION_MAX} hint={t('fields.descriptionHint')} testId="request-description" />
        <AttachmentsField id="request-attachments" label={t('fields.attachments')} hint={t('fields.attachmentsHint')} testId="request-attachments" />
        <CheckboxField name="share" label={t('fields.share')} hint={t('fields.shareHint')} testId="request-share" />
        <Submit testId="request-submit">{t('portal.submit')}</Submit>
      </Form>
    </div>
  );
}
