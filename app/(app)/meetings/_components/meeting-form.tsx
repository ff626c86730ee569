import { getTranslations } from 'next-intl/server';
import { Form, Submit, TextArea, TextField } from '@/app/_components/form';
import { Picker, type PickedOption } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { AGENDA_MAX } from '@/lib/meetings/schema';
import { saveMeetingAction } from '../actions';

export type MeetingFormValues = {
  id: string; title: string; startsAt: string; endsAt: string; place: string | null; onlineUrl: string | null; agenda: string;
  attendees: PickedOption[]; partners: PickedOption[]; units: PickedOption[];
};

/** Schedule or change a meeting: attendees, units and partner contacts chosen with the picker. */
export async function MeetingForm({ initial, timezone }: { initial?: MeetingFormValues; timezone: string }) {
  const t = await getTranslations('meetings.form');
  const labels = await pickerLabels();
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
      <TextArea name="agenda" label={t('agenda')} hint={t('agendaHint')} rows={5} maxLength={AGENDA_MAX} defaultValue={initial?.agenda} testId="meeting-agenda" />
      <Submit testId="meeting-save">{initial ? t('save') : t('create')}</Submit>
    </Form>
  );
}
