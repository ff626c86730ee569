import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { ResponsePanel } from '@/lib/announcements/responses';
import { FieldError, Form, SelectField, Submit, TextArea, TextField } from '@/app/_components/form';
import { submitResponseAction } from '../actions';

/**
 * "Your response" on a collaboration or feedback request: what the author asks, the deadline, and
 * the form (prefilled with the viewer's answer, changeable until the deadline). After a refusal the
 * kit shows each field's message and keeps what was typed.
 */
export async function ResponsePanelSection({ id, panel }: { id: string; panel: ResponsePanel }) {
  const t = await getTranslations('announcements.responses.panel');
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const { setup, mine } = panel;
  if (!panel.addressed && !panel.can.viewResponses) return null;
  return (
    <section id="respond" className="card space-y-3 border-brand-200 p-4 sm:p-5" aria-labelledby="respond-h" data-testid="response-panel">
      <h2 id="respond-h" className="font-semibold">{panel.addressed ? t('title') : t('titleOthers')}</h2>
      <p className="whitespace-pre-line break-words text-sm text-slate-800" data-testid="response-prompt">{setup.prompt}</p>
      <p className="text-xs text-slate-500" data-testid="response-deadline">
        {setup.deadline ? (panel.open ? t('deadline', { when: when(setup.deadline) }) : t('closed', { when: when(setup.deadline) })) : t('noDeadline')}
      </p>
      {panel.can.respond ? (
        <Form action={submitResponseAction} className="space-y-3" refreshOnSuccess encType="multipart/form-data" testId="response-form">
          <input type="hidden" name="id" value={id} />
          {setup.options.length > 0 ? (
            <SelectField name="choice" label={t('choice')} required defaultValue={mine?.choice ?? ''} testId="response-choice"
              options={[{ value: '', label: t('choose') }, ...setup.options.map((o) => ({ value: o, label: o }))]} />
          ) : null}
          <div className="grid gap-3 sm:grid-cols-2">
            {setup.askNumber ? <TextField name="number" label={t('number')} required inputMode="decimal" defaultValue={mine?.number ?? ''} testId="response-number" /> : null}
            {setup.askDate ? <TextField name="date" type="date" label={t('date')} required defaultValue={mine?.date ?? ''} testId="response-date" /> : null}
          </div>
          <TextArea name="text" label={t('text')} rows={4} maxLength={4000} defaultValue={mine?.text ?? ''} testId="response-text"
            required={!setup.askDate && !setup.askNumber && setup.options.length === 0 && !setup.askFile} />
          {setup.askFile ? (
            <div>
              <label htmlFor="response-file" className="label">{t('file')}</label>
              <input id="response-file" name="file" type="file" className="block w-full text-sm" data-testid="response-file" />
              <FieldError name="file" />
              {mine?.file ? (
                <div className="mt-1 flex flex-wrap items-center gap-3 text-xs text-slate-600">
                  <a href={`/api/files/${mine.file.id}`} className="break-all text-brand-600 hover:underline">{t('currentFile', { name: mine.file.filename })}</a>
                  <label className="flex items-center gap-1"><input type="checkbox" name="removeFile" />{t('removeFile')}</label>
                </div>
              ) : null}
            </div>
          ) : null}
          <div className="flex flex-wrap items-center gap-3">
            <Submit testId="response-submit">{mine ? t('update') : t('submit')}</Submit>
            {mine ? <span className="text-xs text-slate-500" data-testid="response-saved-at">{t('lastChanged', { when: when(mine.updatedAt) })}</span> : null}
          </div>
        </Form>
      ) : panel.addressed ? (
        mine ? (
          <dl className="space-y-1 text-sm" data-testid="response-readonly">
            {mine.choice ? <div><dt className="inline font-medium">{t('choice')}: </dt><dd className="inline">{mine.choice}</dd></div> : null}
            {mine.number ? <div><dt className="inline font-medium">{t('number')}: </dt><dd className="inline">{mine.number}</dd></div> : null}
            {mine.date ? <div><dt className="inline font-medium">{t('date')}: </dt><dd className="inline">{mine.date}</dd></div> : null}
            {mine.text ? <div><dt className="inline font-medium">{t('text')}: </dt><dd className="inline whitespace-pre-line break-words">{mine.text}</dd></div> : null}
            <p className="text-xs text-slate-500">{t('lastChanged', { when: when(mine.updatedAt) })}</p>
          </dl>
        ) : <p className="text-sm text-slate-600">{t('noResponse')}</p>
      ) : null}
      {panel.can.viewResponses ? (
        <Link href={`/announcements/${id}/responses`} className="btn-secondary inline-block" data-testid="responses-open">{t('viewAll')}</Link>
      ) : null}
    </section>
  );
}
