import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { FieldError, Form, SelectField, Submit, TextArea, TextField } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { getMinutesForm } from '@/lib/meetings/queries';
import { MINUTES_MAX } from '@/lib/meetings/schema';
import { priorities } from '@/lib/tasks/schema';
import { saveMinutesAction } from '../../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('meetings.detail'))('minutes') };
}

/**
 * The organiser or the named minute-taker writes the minutes: notes, decisions and action items (owner, due date,
 * priority, collaborators). Publishing turns each new item into one task. Three blank rows are
 * drawn each time (no JavaScript needed); save to get more.
 */
export default async function MinutesPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  const { id } = await params;
  const f = await guard(getMinutesForm(db(), viewer, id));
  const t = await getTranslations('meetings.minutes');
  const tt = await getTranslations('tasks');
  const labels = await pickerLabels();
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link href={`/meetings/${f.id}`} className="text-sm text-brand-600 hover:underline">← {f.title}</Link>
      <h1 className="page-title">{t('title', { title: f.title })}</h1>
      {f.published ? <p className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">{t('republishNote')}</p> : null}
      <Form action={saveMinutesAction} testId="minutes-form" className="space-y-4">
        <input type="hidden" name="meetingId" value={f.id} />
        <div className="card space-y-4 p-4">
          <TextArea name="notes" label={t('notes')} rows={6} maxLength={MINUTES_MAX} defaultValue={f.notes} testId="minutes-notes" />
          <TextArea name="decisions" label={t('decisions')} rows={4} maxLength={MINUTES_MAX} defaultValue={f.decisions} testId="minutes-decisions" />
        </div>
        <section className="card space-y-4 p-4" aria-labelledby="items-h">
          <div>
            <h2 id="items-h" className="font-semibold">{t('items')}</h2>
            <p className="text-xs text-slate-500">{t('itemsHint')}</p>
            <FieldError name="items" />
          </div>
          {f.locked.length > 0 ? (
            <div>
              <h3 className="text-sm font-medium">{t('lockedItems')}</h3>
              <ul className="text-sm text-slate-700">
                {f.locked.map((i) => <li key={i.id}>{i.title} — {i.ownerName} · {i.dueOn} {i.taskId ? <Link href={`/tasks/${i.taskId}`} className="text-brand-600 hover:underline">→</Link> : null}</li>)}
              </ul>
            </div>
          ) : null}
          {f.rows.map((row, n) => (
            <fieldset key={row.id} className="space-y-3 rounded-md border border-slate-200 p-3" data-testid={`item-${n}`}>
              <legend className="px-1 text-sm font-medium">{t('item', { n: n + 1 })}</legend>
              <input type="hidden" name={`items.${n}.id`} value={row.id} />
              <TextField name={`items.${n}.title`} label={t('itemTitle')} maxLength={200} defaultValue={row.title} testId={`item-${n}-title`} />
              <Picker name={`items.${n}.owner`} kind="person" label={t('owner')} labels={labels} initial={row.owner} testId={`item-${n}-owner`} />
              <Picker name={`items.${n}.partnerOwner`} kind="partnerPerson" label={t('partnerOwner')} hint={t('partnerOwnerHint')} labels={labels} testId={`item-${n}-partner-owner`} />
              <div className="grid gap-3 sm:grid-cols-2">
                <TextField name={`items.${n}.dueOn`} type="date" label={t('dueOn')} defaultValue={row.dueOn} testId={`item-${n}-due`} />
                <SelectField name={`items.${n}.priority`} label={t('priority')} defaultValue={row.priority} options={priorities.map((p) => ({ value: p, label: tt(`priorities.${p}`) }))} />
              </div>
              <Picker name={`items.${n}.collaborators`} kind="person" multiple label={t('collaborators')} labels={labels} initial={row.collaborators} />
            </fieldset>
          ))}
        </section>
        <div className="card p-4">
          <Picker name="alsoTell" kind="unit" multiple label={t('alsoTell')} hint={t('alsoTellHint')} labels={labels} initial={f.alsoTell} testId="minutes-also-tell" />
        </div>
        <div className="flex flex-wrap gap-2">
          <Submit name="intent" value="save" variant="secondary" testId="minutes-save">{t('save')}</Submit>
          <Submit name="intent" value="publish" testId="minutes-publish">{t('publish')}</Submit>
        </div>
      </Form>
    </div>
  );
}
