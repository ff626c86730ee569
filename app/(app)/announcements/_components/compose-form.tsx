'use client';

import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { FieldError, Form, Submit, useField, useFormResult, type FormActionFn } from '@/app/_components/form';
import { AttachmentFields, type ExistingAttachment } from './attachment-fields';
import { AudienceFields, type AudienceOptions } from './audience-fields';
import { proseClass } from './prose';
type Template = { kind: string; bodyZh: string; bodyEn: string; titleZh?: string; titleEn?: string };
const kinds = ['notice', 'collab_request', 'decision', 'feedback_request'] as const;
/** Kinds that may collect responses (lib/announcements/response-schema.ts RESPONSE_KINDS). */
const requestKinds: readonly string[] = ['collab_request', 'feedback_request'];

/** The cover image: the one in place (a draft being revised) or chosen in a refused submission (kept, by id), and a file input for images. */
function CoverField({ values, cover }: { values: Record<string, string | string[]>; cover: ExistingAttachment | null }) {
  const t = useTranslations('announcements.compose');
  let pending: ExistingAttachment | null = null;
  if (typeof values.pendingCoverFile === 'string') {
    try { pending = JSON.parse(values.pendingCoverFile) as ExistingAttachment; } catch { pending = null; }
  }
  const shown = pending ?? cover;
  return (
    <div data-testid="compose-cover-field">
      <label htmlFor="f-cover" className="label">{t('cover')}</label>
      {shown ? (
        <div className="mb-2 flex flex-wrap items-center gap-3" data-testid="compose-cover-current">
          {pending ? <input type="hidden" name="pendingCover" value={pending.id} /> : null}
          {/* eslint-disable-next-line @next/next/no-img-element -- a stored file, shown through the authorised file route */}
          <img src={`/api/files/${shown.id}?inline=1`} alt={shown.filename} className="h-16 w-28 rounded object-cover" />
          <span className="min-w-0 break-all text-sm text-slate-700">{shown.filename}</span>
          <label className="flex items-center gap-1 text-xs text-red-700">
            <input type="checkbox" name="removeCover" defaultChecked={values.removeCover === 'on'} data-testid="compose-cover-remove" />
            {t('coverRemove')}
          </label>
        </div>
      ) : null}
      <input id="f-cover" name="cover" type="file" accept=".png,.jpg,.jpeg,.gif,.webp" aria-describedby="f-cover-hint" data-testid="compose-cover"
        className="block w-full max-w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200" />
      <p id="f-cover-hint" className="mt-1 text-xs text-slate-500">{t('coverHint')}</p>
      <FieldError name="cover" />
    </div>
  );
}

export function ComposeForm({ action, preview, options, templates, initial, locale, timeZone, attachments = [], cover = null }: {
  action: FormActionFn;
  preview: (body: string) => Promise<string>;
  options: AudienceOptions;
  templates: Template[];
  initial: Record<string, string | string[]>;
  locale: string;
  timeZone: string;
  /** Files already attached (revising a draft). */
  attachments?: ExistingAttachment[];
  /** The cover image in place (revising a draft). */
  cover?: ExistingAttachment | null;
}) {
  return (
    <Form action={action} className="space-y-5" testId="compose-form">
      <ComposeBody initial={initial} options={options} templates={templates} locale={locale} timeZone={timeZone} preview={preview} attachments={attachments} cover={cover} />
    </Form>
  );
}

/** Re-mounts the fields on every submission with what was sent back (or the initial values). */
function ComposeBody({ initial, ...rest }: Omit<Parameters<typeof ComposeFields>[0], 'values'> & { initial: Record<string, string | string[]> }) {
  const state = useFormResult();
  return <ComposeFields key={state.seq} values={state.values ?? initial} {...rest} />;
}

function ComposeFields({ values, options, templates, locale, timeZone, preview, attachments, cover }: {
  values: Record<string, string | string[]>; options: AudienceOptions; templates: Template[]; locale: string; timeZone: string; preview: (body: string) => Promise<string>;
  attachments: ExistingAttachment[]; cover: ExistingAttachment | null;
}) {
  const t = useTranslations('announcements.compose');
  const tr = useTranslations('announcements.responses.compose');
  const str = (k: string, d = '') => (typeof values[k] === 'string' ? (values[k] as string) : d);
  const templateFor = (kind: string) => {
    const tpl = templates.find((x) => x.kind === kind);
    return tpl ? (locale === 'en' ? tpl.bodyEn : tpl.bodyZh) : '';
  };
  const [kind, setKind] = useState(str('kind', 'notice'));
  const [body, setBody] = useState(values.body !== undefined ? str('body') : templateFor(str('kind', 'notice')));
  const [html, setHtml] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const isTemplate = (b: string) => b.trim() === '' || templates.some((x) => x.bodyZh === b || x.bodyEn === b);
  const title = useField('title');
  const bodyField = useField('body');
  // Kind and "collect responses" are uncontrolled (defaultValue/defaultChecked + state for what
  // to show): React resets the form after each action, and a controlled field would then send the
  // reset value while its state still showed the chosen one.
  const [collect, setCollect] = useState(values.collectResponses === 'on');
  const otherOpen = !!(str('titleEn') || str('bodyEn'));
  /** A template's titles (and its other-language body) go into the fields still empty: nothing typed is replaced. */
  const fillOthers = (k: string) => {
    const tpl = templates.find((x) => x.kind === k);
    if (!tpl) return;
    const fill = (id: string, v: string | undefined) => {
      const el = document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null;
      if (el && !el.value.trim() && v) el.value = v;
    };
    fill('f-title', locale === 'en' ? tpl.titleEn : tpl.titleZh);
    if (locale !== 'en') { fill('f-titleEn', tpl.titleEn); fill('f-bodyEn', tpl.bodyEn); }
  };

  return (
    <>
      {values.id ? <input type="hidden" name="id" value={str('id')} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="f-kind" className="label">{t('kind')}</label>
          <select id="f-kind" name="kind" className="input" defaultValue={kind} data-testid="compose-kind"
            onChange={(e) => { setKind(e.target.value); if (isTemplate(body)) setBody(templateFor(e.target.value)); }}>
            {kinds.map((k) => <option key={k} value={k}>{t(`kinds.${k}`)}</option>)}
          </select>
          <FieldError name="kind" />
        </div>
        <div>
          <span className="label">{t('urgency')}</span>
          <div className="flex gap-4 py-2 text-sm">
            {(['normal', 'urgent'] as const).map((u) => (
              <label key={u} className="flex items-center gap-2">
                <input type="radio" name="urgency" value={u} defaultChecked={str('urgency', 'normal') === u} data-testid={`compose-urgency-${u}`} />
                {t(`urgencies.${u}`)}
              </label>
            ))}
          </div>
          <FieldError name="urgency" />
        </div>
      </div>
      <div>
        <label htmlFor="f-title" className="label">{t('title')} <span aria-hidden className="text-red-600">*</span></label>
        <input id="f-title" name="title" className="input" maxLength={200} defaultValue={str('title')} aria-invalid={title.error ? true : undefined} data-testid="compose-title" />
        <p className="mt-1 text-xs text-slate-500">{t('titleHint')}</p>
        <FieldError name="title" />
      </div>
      <div>
        <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
          <label htmlFor="f-body" className="label mb-0">{t('body')} <span aria-hidden className="text-red-600">*</span></label>
          <div className="flex gap-2">
            <button type="button" className="btn-secondary py-1 text-xs" onClick={() => { setBody(templateFor(kind)); fillOthers(kind); }} data-testid="compose-template">{t('useTemplate')}</button>
            <button type="button" className="btn-secondary py-1 text-xs" disabled={pending} data-testid="compose-preview"
              onClick={() => (html === null ? start(async () => setHtml(await preview(body))) : setHtml(null))}>
              {html === null ? t('preview') : t('edit')}
            </button>
          </div>
        </div>
        <textarea id="f-body" name="body" rows={12} className={`input font-mono ${html !== null ? 'hidden' : ''}`} value={body} onChange={(e) => setBody(e.target.value)}
          aria-invalid={bodyField.error ? true : undefined} data-testid="compose-body" />
        {html !== null ? <div className={`card min-h-40 p-4 ${proseClass}`} data-testid="compose-preview-pane" dangerouslySetInnerHTML={{ __html: html }} /> : null}
        <p className="mt-1 text-xs text-slate-500">{t('bodyHint')}</p>
        <FieldError name="body" />
      </div>
      <details className="rounded-md border border-slate-200 p-3" open={otherOpen || undefined} data-testid="compose-other-language">
        <summary className="cursor-pointer text-sm font-medium text-slate-700">{t('otherLanguage')}</summary>
        <p className="mt-2 text-xs text-slate-500">{t('otherLanguageHint')}</p>
        <div className="mt-3 space-y-3">
          <div>
            <label htmlFor="f-titleEn" className="label">{t('titleEn')}</label>
            <input id="f-titleEn" name="titleEn" lang="en" className="input" maxLength={200} defaultValue={str('titleEn')} data-testid="compose-title-en" />
            <FieldError name="titleEn" />
          </div>
          <div>
            <label htmlFor="f-bodyEn" className="label">{t('bodyEn')}</label>
            <textarea id="f-bodyEn" name="bodyEn" lang="en" rows={8} className="input font-mono" defaultValue={str('bodyEn')} data-testid="compose-body-en" />
            <FieldError name="bodyEn" />
          </div>
        </div>
      </details>
      {requestKinds.includes(kind) ? (
        <fieldset className="space-y-3 rounded-md border border-slate-200 p-3" data-testid="compose-responses">
          <legend className="px-1 text-sm font-medium text-slate-700">{tr('legend')}</legend>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="collectResponses" className="mt-1" defaultChecked={collect} onChange={(e) => setCollect(e.target.checked)} data-testid="compose-collect" />
            <span>{tr('collect')}<span className="block text-xs text-slate-500">{tr('collectHint')}</span></span>
          </label>
          <FieldError name="collectResponses" />
          {collect ? (
            <div className="space-y-3">
              <div>
                <label htmlFor="f-responsePrompt" className="label">{tr('prompt')} <span aria-hidden className="text-red-600">*</span></label>
                <textarea id="f-responsePrompt" name="responsePrompt" rows={2} className="input" maxLength={600} defaultValue={str('responsePrompt')} data-testid="compose-response-prompt" />
                <p className="mt-1 text-xs text-slate-500">{tr('promptHint')}</p>
                <FieldError name="responsePrompt" />
              </div>
              <div className="flex flex-wrap gap-x-5 gap-y-2 text-sm">
                {(['responseAskDate', 'responseAskNumber', 'responseAskFile'] as const).map((k) => (
                  <label key={k} className="flex items-center gap-2">
                    <input type="checkbox" name={k} defaultChecked={values[k] === 'on'} data-testid={`compose-${k}`} />
                    {tr(k === 'responseAskDate' ? 'askDate' : k === 'responseAskNumber' ? 'askNumber' : 'askFile')}
                  </label>
                ))}
              </div>
              <div>
                <label htmlFor="f-responseOptions" className="label">{tr('options')}</label>
                <textarea id="f-responseOptions" name="responseOptions" rows={3} className="input" defaultValue={str('responseOptions')} data-testid="compose-response-options" />
                <p className="mt-1 text-xs text-slate-500">{tr('optionsHint')}</p>
                <FieldError name="responseOptions" />
              </div>
              <div className="sm:w-1/2">
                <label htmlFor="f-responseDeadline" className="label">{tr('deadline')} ({timeZone})</label>
                <input id="f-responseDeadline" name="responseDeadline" type="datetime-local" className="input" defaultValue={str('responseDeadline')} data-testid="compose-response-deadline" />
                <FieldError name="responseDeadline" />
              </div>
            </div>
          ) : null}
        </fieldset>
      ) : null}
      <div>
        <label htmlFor="f-summary" className="label">{t('summary')}</label>
        <input id="f-summary" name="summary" className="input" maxLength={200} defaultValue={str('summary')} data-testid="compose-summary" />
        <p className="mt-1 text-xs text-slate-500">{t('summaryHint')}</p>
        <FieldError name="summary" />
      </div>
      <CoverField values={values} cover={cover} />
      <AttachmentFields existing={attachments} values={values} locale={locale} />
      <AudienceFields options={options} values={values} locale={locale} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="ackRequired" defaultChecked={values.ackRequired === 'on'} data-testid="compose-ack" />
        {t('ackRequired')}
      </label>
      <fieldset className="grid gap-4 rounded-md border border-slate-200 p-3 sm:grid-cols-2">
        <legend className="px-1 text-sm font-medium text-slate-700">{t('timing', { tz: timeZone })}</legend>
        {(['publishAt', 'pinnedUntil', 'expiresAt', 'reachDeadline'] as const).map((k) => (
          <div key={k}>
            <label htmlFor={`f-${k}`} className="label">{t(k)}</label>
            <input id={`f-${k}`} name={k} type="datetime-local" className="input" defaultValue={str(k)} data-testid={`compose-${k}`} />
            <FieldError name={k} />
          </div>
        ))}
        <div>
          <label htmlFor="f-targetReach" className="label">{t('targetReach')}</label>
          <input id="f-targetReach" name="targetReach" type="number" min={1} max={100} step={1} className="input" defaultValue={str('targetReach', '95')} />
          <FieldError name="targetReach" />
        </div>
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <Submit name="intent" value="send" testId="compose-send">{t('send')}</Submit>
        <Submit name="intent" value="draft" variant="secondary" testId="compose-draft">{t('saveDraft')}</Submit>
      </div>
      <p className="text-xs text-slate-500">{options.publishesAnywhere ? t('sendHintAnywhere') : t('sendHint')}</p>
    </>
  );
}
