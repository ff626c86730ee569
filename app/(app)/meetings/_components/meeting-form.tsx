import { getLocale, getTranslations } from 'next-intl/server';
import { CheckboxGroup, FieldError, Form, Submit, TextArea, TextField } from '@/app/_components/form';
import { Picker, type PickedOption } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { formatBytes } from '@/lib/files/format';
import { ACCEPT_ATTRIBUTE, MAX_FILE_BYTES, MAX_FILES_PER_ITEM } from '@/lib/files/limits';
import type { MeetingFile } from '@/lib/meetings/files';
import { AGENDA_MAX } from '@/lib/meetings/schema';
import { saveMeetingAction } from '../actions';

export type MeetingFormValues = {
  id: string; title: string; startsAt: string; endsAt: string; place: string | null; onlineUrl: string | null; agenda: string;
  attendees: PickedOption[]; partners: PickedOption[]; units: PickedOption[]; minuteTaker: PickedOption[]; files: MeetingFile[];
};

/**
 * Schedule or change a meeting: attendees, units, partner contacts and the minute-taker chosen with
 * the picker (server search); agenda documents as files (checked by lib/files on the server; a
 * plain file input that works without JavaScript), existing ones can be taken off.
 */
export async function MeetingForm({ initial, timezone }: { initial?: MeetingFormValues; timezone: string }) {
  const t = await getTranslations('meetings.form');
  const locale = await getLocale();
  const labels = await pickerLabels();
  const files = initial?.files ?? [];
  return (
    <Form action={saveMeetingAction} testId="meeting-form" className="card space-y-4 p-4 sm:p-6">
      {initial ? <input type="hidden" name="id" value={initial.id} /> : null}
      <TextField name="title" label={t('title')} required maxLength={200} defaultValue={initial?.title} testId="meeting-title" />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="startsAt" type="datetime-local" label={t('startsAt')} required defaultValue={initial?.startsAt} hint={t('timesHint', { tz: timezone })} testId="meeting-start" />
        <TextField name="endsAt" type="datetime-local" label={t('endsAt')} required defaultValue={initial?.endsAt} testId="meeting-end" />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="place" label={t('place')} maxLength={200} defaultValue={initial?.place} testId="meeting-place" />
        <TextField name="onlineUrl" type="url" label={t('onlineUrl')} maxLength={500} defaultValue={initial?.onlineUrl} testId="meeting-url" />
      </div>
      <Picker name="attendees" kind="person" multiple label={t('attendees')} labels={labels} initial={initial?.attendees} testId="meeting-attendees" />
      <Picker name="units" kind="unit" multiple label={t('units')} labels={labels} initial={initial?.units} testId="meeting-units" />
      <Picker name="partners" kind="partnerPerson" multiple label={t('partners')} labels={labels} initial={initial?.partners} testId="meeting-partners" />
      <Picker name="minuteTaker" kind="person" label={t('minuteTaker')} hint={t('minuteTakerHint')} labels={labels} initial={initial?.minuteTaker} testId="meeting-minute-taker" />
      <TextArea name="agenda" label={t('agenda')} hint={t('agendaHint')} rows={5} maxLength={AGENDA_MAX} defaultValue={initial?.agenda} testId="meeting-agenda" />
      <fieldset className="space-y-3 rounded-md border border-slate-200 p-3" data-testid="meeting-files-fieldset">
        <legend className="px-1 text-sm font-medium text-slate-700">{t('attachments')}</legend>
        {files.length > 0 ? (
          <>
            <ul className="divide-y divide-slate-100 text-sm" data-testid="meeting-existing-files">
              {files.map((f) => (
                <li key={f.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                  <a href={`/api/files/${f.id}`} className="min-w-0 break-all text-brand-600 hover:underline">{f.filename}</a>
                  <span className="text-xs text-slate-500">{formatBytes(f.size, locale)}</span>
                </li>
              ))}
            </ul>
            <CheckboxGroup name="removeAttachments" label={t('removeFile')} options={files.map((f) => ({ value: f.id, label: f.filename }))} testId="meeting-remove-files" />
          </>
        ) : null}
        <div>
          <label htmlFor="meeting-files" className="label">{t('attachments')}</label>
          <input id="meeting-files" name="attachments" type="file" multiple accept={ACCEPT_ATTRIBUTE} aria-describedby="meeting-files-hint"
            className="block w-full max-w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200"
            data-testid="meeting-files" />
          <p id="meeting-files-hint" className="mt-1 text-xs text-slate-500">{t('attachmentsHint', { maxFiles: MAX_FILES_PER_ITEM, maxSize: MAX_FILE_BYTES / (1024 * 1024) })}</p>
          <FieldError name="attachments" />
        </div>
      </fieldset>
      <Submit testId="meeting-save">{initial ? t('save') : t('create')}</Submit>
    </Form>
  );
}
