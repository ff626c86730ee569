import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { FieldError, Form, SelectField, Submit, TextArea, TextField } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getNewTaskContext } from '@/lib/tasks/queries';
import { DESCRIPTION_MAX, priorities, TITLE_MAX } from '@/lib/tasks/schema';
import { createTaskAction } from '../actions';
import { Colon } from '@/app/_components/colon';
import { AttachmentField } from '../_components/attachment-field';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('tasks'))('newTask') };
}

/** Create a task directly: owner and collaborators chosen with the picker (server search). */
export default async function NewTaskPage({ searchParams }: { searchParams: Promise<{ announcement?: string }> }) {
  const viewer = await getViewer();
  const sp = await searchParams;
  const ctx = await guard(getNewTaskContext(db(), viewer, sp.announcement));
  const t = await getTranslations('tasks');
  const labels = await pickerLabels();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link href="/tasks" className="text-sm text-brand-600 hover:underline">← {t('title')}</Link>
      <h1 className="page-title">{t('newTask')}</h1>
      <Form action={createTaskAction} testId="task-form" className="card space-y-4 p-4 sm:p-6">
        <TextField name="title" label={t('form.title')} required maxLength={TITLE_MAX} testId="task-title" />
        <TextArea name="description" label={t('form.description')} hint={t('form.descriptionHint')} rows={6} maxLength={DESCRIPTION_MAX} testId="task-description" />
        <Picker name="owner" kind="person" label={t('form.owner')} labels={labels} required testId="task-owner" />
        <Picker name="collaborators" kind="person" label={t('form.collaborators')} labels={labels} multiple testId="task-collaborators" />
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField name="priority" label={t('form.priority')} defaultValue="medium" options={priorities.map((p) => ({ value: p, label: t(`priorities.${p}`) }))} testId="task-priority" />
          <TextField name="startsOn" type="date" label={t('form.startsOn')} testId="task-starts" />
          <TextField name="dueOn" type="date" label={t('form.dueOn')} hint={t('form.dueHint')} testId="task-due" />
        </div>
        <TextField name="tags" label={t('form.tags')} hint={t('form.tagsHint')} maxLength={300} testId="task-tags" />
        {ctx.announcement ? (
          <p className="text-sm text-slate-600">
            {t('form.announcement')}<Colon /><Link href={`/announcements/${ctx.announcement.id}`} className="text-brand-600 hover:underline">{ctx.announcement.title}</Link>
            <input type="hidden" name="announcementId" value={ctx.announcement.id} />
          </p>
        ) : null}
        <FieldError name="announcementId" />
        <AttachmentField />
        <Submit testId="task-create">{t('form.create')}</Submit>
      </Form>
    </div>
  );
}
