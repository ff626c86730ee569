import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { Form, SelectField, Submit, TextArea, TextField } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getTaskForEdit } from '@/lib/tasks/queries';
import { DESCRIPTION_MAX, NOTE_MAX, priorities, TITLE_MAX } from '@/lib/tasks/schema';
import { editTaskAction } from '../../actions';
import { AttachmentField } from '../../_components/attachment-field';
import { nameIn } from '../../_components/labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('tasks'))('edit.title') };
}

/** The creator edits an open task; choosing another owner reassigns it (history, notice to the new owner). */
export default async function EditTaskPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  const { id } = await params;
  const task = await guard(getTaskForEdit(db(), viewer, id));
  const t = await getTranslations('tasks');
  const locale = await getLocale();
  const labels = await pickerLabels();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <Link href={`/tasks/${task.id}`} className="text-sm text-brand-600 hover:underline">← {task.title}</Link>
      <h1 className="page-title">{t('edit.title')}</h1>
      <Form action={editTaskAction} testId="task-edit-form" className="card space-y-4 p-4 sm:p-6">
        <input type="hidden" name="id" value={task.id} />
        <TextField name="title" label={t('form.title')} required maxLength={TITLE_MAX} defaultValue={task.title} testId="task-title" />
        <TextArea name="description" label={t('form.description')} hint={t('form.descriptionHint')} rows={6} maxLength={DESCRIPTION_MAX} defaultValue={task.descriptionMd} testId="task-description" />
        <Picker name="owner" kind="person" label={t('form.owner')} hint={t('edit.ownerHint')} labels={labels} required testId="task-owner"
          initial={[{ id: task.ownerId, label: nameIn(locale, { name: task.ownerName, nameEn: task.ownerNameEn }) }]} />
        <TextArea name="reassignNote" label={t('edit.reassignNote')} hint={t('edit.reassignNoteHint')} rows={2} maxLength={NOTE_MAX} testId="task-reassign-note" />
        <Picker name="collaborators" kind="person" label={t('form.collaborators')} labels={labels} multiple testId="task-collaborators"
          initial={task.collaborators.map((c) => ({ id: c.id, label: nameIn(locale, c) }))} />
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField name="priority" label={t('form.priority')} defaultValue={task.priority} options={priorities.map((p) => ({ value: p, label: t(`priorities.${p}`) }))} testId="task-priority" />
          <TextField name="startsOn" type="date" label={t('form.startsOn')} defaultValue={task.startsOn ?? ''} testId="task-starts" />
          <TextField name="dueOn" type="date" label={t('form.dueOn')} hint={t('form.dueHint')} defaultValue={task.dueOn ?? ''} testId="task-due" />
        </div>
        <TextField name="tags" label={t('form.tags')} hint={t('form.tagsHint')} maxLength={300} defaultValue={task.tags.join(', ')} testId="task-tags" />
        <AttachmentField />
        <div className="flex flex-wrap gap-2">
          <Submit testId="task-save">{t('edit.save')}</Submit>
          <Link href={`/tasks/${task.id}`} className="btn-secondary">{t('edit.cancel')}</Link>
        </div>
      </Form>
    </div>
  );
}
