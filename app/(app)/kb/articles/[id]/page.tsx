import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { CheckboxField, FieldError, Form, SelectField, Submit, TextField } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { ACCEPT_ATTRIBUTE, MAX_FILES_PER_ITEM } from '@/lib/files/limits';
import { maxDocumentBytes } from '@/lib/files/stream';
import { formatBytes } from '@/lib/files/format';
import { PdfPreview } from '@/app/_components/pdf-preview';
import { isPreviewableImage } from '@/lib/files/http';
import { guard } from '@/lib/http/page-guard';
import { changesSinceAck, getArticle, listEditableTargets } from '@/lib/kb/queries';
import { Crumbs } from '../../_components/crumbs';
import { DiffView } from '../../_components/diff-view';
import { proseClass } from '../../_components/prose';
import { StreamedUploads } from '../../_components/streamed-uploads';
import { acknowledgeAction, addArticleFilesAction, deleteArticleAction, markRequiredAction, moveArticleAction, removeArticleFileAction, unmarkRequiredAction } from '../../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('kb'))('title') };
}

export default async function ArticlePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await getViewer();
  const a = await guard(getArticle(db(), viewer, id));
  const t = await getTranslations('kb');
  const format = await getFormatter();
  const locale = await getLocale();
  const tAll = await getTranslations();
  const maxMb = maxDocumentBytes() / 1024 / 1024;
  const [changes, targets] = await Promise.all([
    a.me?.due && a.me.ackedVersion ? changesSinceAck(db(), viewer, id) : Promise.resolve(null),
    a.can.edit ? listEditableTargets(db(), viewer) : Promise.resolve([]),
  ]);
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="space-y-4">
      <Crumbs crumbs={a.crumbs} current={a.title} />
      {a.me?.due ? (
        <section className="card space-y-3 border-amber-300 bg-amber-50 p-4" data-testid="required-banner" aria-labelledby="req-h">
          <h2 id="req-h" className="font-semibold text-amber-900">{t('required.title')}</h2>
          <p className="text-sm text-amber-900">{t('required.youMust')}</p>
          {changes ? (
            <>
              <p className="text-sm text-amber-900">{t('required.changedSince', { version: changes.from.version })}</p>
              <DiffView parts={changes.parts} labels={{ added: t('added'), removed: t('removed') }} testId="ack-diff" />
            </>
          ) : null}
          <Form action={acknowledgeAction} refreshOnSuccess testId="ack-form">
            <input type="hidden" name="id" value={a.id} />
            <input type="hidden" name="version" value={a.version} />
            <Submit testId="ack">{t('required.acknowledge', { version: a.version })}</Submit>
          </Form>
        </section>
      ) : a.me?.ackedAt ? (
        <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="ack-done">{t('required.youAcked', { version: a.me.ackedVersion ?? 0, time: when(a.me.ackedAt) })}</p>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="page-title" data-testid="article-heading">{a.title}</h1>
          <p className="mt-1 text-xs text-slate-500">{t('version', { version: a.version })} · {t('updatedBy', { time: when(a.updatedAt), name: a.updatedByName })}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {a.can.edit ? <Link href={`/kb/articles/${a.id}/edit`} className="btn-primary" data-testid="article-edit">{t('edit')}</Link> : null}
          <Link href={`/kb/articles/${a.id}/history`} className="btn-secondary" data-testid="article-history">{t('history')}</Link>
          {a.requiredReading ? <Link href={`/kb/articles/${a.id}/acks`} className="btn-secondary" data-testid="article-acks">{t('required.report')}</Link> : null}
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-4">
        {a.outline.length > 0 ? (
          <nav aria-label={t('outline')} className="order-first text-sm lg:order-last lg:col-span-1">
            <div className="lg:sticky lg:top-20">
              <div className="mb-1 font-medium text-slate-600">{t('outline')}</div>
              <ul className="space-y-1" data-testid="article-outline">
                {a.outline.map((o) => <li key={o.anchor} style={{ paddingLeft: `${(o.level - 1) * 0.75}rem` }}><a href={`#${o.anchor}`} className="text-brand-700 hover:underline">{o.text}</a></li>)}
              </ul>
            </div>
          </nav>
        ) : null}
        <article className={`card p-4 sm:p-6 ${a.outline.length ? 'lg:col-span-3' : 'lg:col-span-4'} ${proseClass}`} data-testid="article-body-html" dangerouslySetInnerHTML={{ __html: a.html }} />
      </div>
      {a.files.length > 0 || a.can.edit ? (
        <section aria-labelledby="files-h" className="space-y-2" data-testid="article-files">
          <h2 id="files-h" className="font-semibold">{t('attachments')}</h2>
          {a.files.length > 0 ? (
            <ul className="card divide-y divide-slate-100 px-3">
              {a.files.map((f) => (
                <li key={f.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="article-file">
                  <span className="flex min-w-0 items-center gap-3 break-all">
                    {isPreviewableImage(f.contentType) ? (
                      // A preview of a raster image (never SVG): served inline with nosniff and a sandbox CSP.
                      // eslint-disable-next-line @next/next/no-img-element -- an authorized download, not a static asset
                      <img src={`/api/files/${f.id}?inline=1`} alt="" loading="lazy" className="h-12 w-12 shrink-0 rounded border border-slate-200 object-cover" data-testid="article-file-preview" />
                    ) : null}
                    <span>
                      <a href={`/api/files/${f.id}`} className="text-brand-700 hover:underline" download data-testid="article-file-link">{f.filename}</a>
                      <span className="ml-2 text-xs text-slate-500">{formatBytes(f.size, locale)}</span>
                    </span>
                  </span>
                  {a.can.edit ? (
                    <Form action={removeArticleFileAction} refreshOnSuccess className="shrink-0">
                      <input type="hidden" name="id" value={a.id} />
                      <input type="hidden" name="fileId" value={f.id} />
                      <Submit variant="secondary" testId="article-file-remove">{t('removeFile', { name: f.filename })}</Submit>
                    </Form>
                  ) : null}
                  <PdfPreview file={f} label={t('previewFile')} testId="article-pdf-preview" />
                </li>
              ))}
            </ul>
          ) : <p className="text-sm text-slate-500">{t('noFiles')}</p>}
          {a.can.edit && a.files.length < MAX_FILES_PER_ITEM ? (
            <StreamedUploads
              articleId={a.id}
              maxBytes={maxDocumentBytes()}
              labels={{ uploading: t('uploading', { name: '%name%' }), tooLarge: tAll('errors.files.fileTooLarge', { name: '%name%', max: maxMb }), failed: t('uploadFailed', { name: '%name%' }) }}
            >
              <Form action={addArticleFilesAction} refreshOnSuccess encType="multipart/form-data" testId="files-form" className="card space-y-2 p-3">
                <input type="hidden" name="id" value={a.id} />
                <label htmlFor="kb-files" className="label">{t('addFiles')}</label>
                <input id="kb-files" name="files" type="file" multiple accept={ACCEPT_ATTRIBUTE} className="block w-full text-sm" data-testid="files-input" aria-describedby="kb-files-hint" />
                <p id="kb-files-hint" className="text-xs text-slate-500">{t('filesHint', { max: maxMb, count: MAX_FILES_PER_ITEM })}</p>
                <FieldError name="files" />
                <Submit variant="secondary" testId="files-submit">{t('upload')}</Submit>
              </Form>
            </StreamedUploads>
          ) : null}
        </section>
      ) : null}
      {a.can.edit && targets.length > 0 ? (
        <details className="card p-4">
          <summary className="cursor-pointer font-medium">{t('move')}</summary>
          <Form action={moveArticleAction} refreshOnSuccess testId="move-form" className="mt-3 space-y-3">
            <input type="hidden" name="id" value={a.id} />
            <SelectField name="target" label={t('moveTo')} options={targets} defaultValue={a.folderId ? `folder:${a.folderId}` : `space:${a.spaceId}`} testId="move-target" />
            <Submit variant="secondary" testId="move">{t('move')}</Submit>
          </Form>
        </details>
      ) : null}
      {a.can.require ? (
        <details className="card p-4" data-testid="required-panel">
          <summary className="cursor-pointer font-medium">{t('required.title')}{a.requiredReading ? ` · ${t('version', { version: a.requiredReading.requiredVersion })}` : ''}</summary>
          <Form action={markRequiredAction} refreshOnSuccess testId="required-form" className="mt-3 space-y-3">
            <input type="hidden" name="id" value={a.id} />
            <fieldset className="space-y-2">
              <legend className="label">{t('required.audience')}</legend>
              <CheckboxField name="everyone" label={t('audience.everyone')} testId="required-everyone" />
              <Picker name="units" kind="unit" multiple label={t('audience.units')} labels={await pickerLabels()} />
              <Picker name="people" kind="person" multiple label={t('audience.people')} labels={await pickerLabels()} />
              <Picker name="partnerOrgs" kind="partnerOrg" multiple label={t('audience.partnerOrgs')} labels={await pickerLabels()} />
            </fieldset>
            <TextField name="renewalDays" type="number" label={t('required.renewalDays')} inputMode="numeric" defaultValue={a.requiredReading?.renewalDays ? String(a.requiredReading.renewalDays) : ''} />
            <Submit testId="required-submit">{t('required.markSubmit')}</Submit>
          </Form>
          {a.requiredReading ? (
            <Form action={unmarkRequiredAction} refreshOnSuccess className="mt-3">
              <input type="hidden" name="id" value={a.id} />
              <Submit variant="secondary">{t('required.unmark')}</Submit>
            </Form>
          ) : null}
        </details>
      ) : null}
      {a.can.manage ? (
        <details className="card border-red-200 p-4" data-testid="delete-panel">
          <summary className="cursor-pointer font-medium text-red-800">{t('deleteArticle')}</summary>
          <Form action={deleteArticleAction} testId="delete-form" className="mt-3 space-y-3">
            <input type="hidden" name="id" value={a.id} />
            <p className="text-sm text-slate-700">{t('deleteHint', { versions: a.version })}</p>
            <TextField name="confirmTitle" label={t('deleteConfirm', { title: a.title })} required testId="delete-confirm" autoComplete="off" />
            <Submit variant="danger" testId="delete-submit">{t('deleteArticle')}</Submit>
          </Form>
        </details>
      ) : null}
    </div>
  );
}
