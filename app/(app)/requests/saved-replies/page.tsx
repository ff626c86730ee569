import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listSavedReplies, type SavedReply } from '@/lib/requests/saved-replies';
import { DESCRIPTION_MAX, SAVED_REPLY_TITLE_MAX } from '@/lib/requests/schema';
import { Form, SelectField, Submit, TextArea, TextField } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { Badge, Pager } from '../_components/bits';
import { deleteSavedReplyAction, saveSavedReplyAction } from '../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('requests.savedReplies'))('title') };
}

/**
 * Saved replies: the viewer's personal ones and those of the queues they work (their unit, the
 * trees they head; admins every unit's), each in Chinese and English. Heads and admins manage a
 * unit's replies; everyone manages their own. Paged.
 */
export default async function SavedRepliesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const list = await guard(listSavedReplies(db(), await getViewer(), sp));
  const t = await getTranslations('requests');
  const en = (await getLocale()) === 'en';
  const labels = await pickerLabels();
  const fields = (x?: SavedReply) => (
    <>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField name="title" label={t('savedReplies.titleZh')} required maxLength={SAVED_REPLY_TITLE_MAX} defaultValue={x?.title} testId={x ? undefined : 'saved-reply-title'} />
        <TextField name="titleEn" label={t('savedReplies.titleEn')} maxLength={SAVED_REPLY_TITLE_MAX} defaultValue={x?.titleEn} testId={x ? undefined : 'saved-reply-title-en'} />
      </div>
      <div className="grid gap-3 lg:grid-cols-2">
        <TextArea name="bodyZh" label={t('savedReplies.bodyZh')} rows={5} maxLength={DESCRIPTION_MAX} defaultValue={x?.bodyZh} testId={x ? undefined : 'saved-reply-body-zh'} />
        <TextArea name="bodyEn" label={t('savedReplies.bodyEn')} rows={5} maxLength={DESCRIPTION_MAX} defaultValue={x?.bodyEn} testId={x ? undefined : 'saved-reply-body-en'} />
      </div>
    </>
  );
  return (
    <div className="space-y-4">
      <Link href="/requests" className="text-sm text-brand-600 hover:underline">← {t('title')}</Link>
      <h1 className="page-title">{t('savedReplies.title')}</h1>
      <p className="text-sm text-slate-600">{t('savedReplies.intro')}</p>

      <section className="card space-y-3 p-4" aria-labelledby="new-reply-h">
        <h2 id="new-reply-h" className="font-semibold">{t('savedReplies.add')}</h2>
        <Form action={saveSavedReplyAction} testId="saved-reply-form" refreshOnSuccess resetOnSuccess className="space-y-3">
          {list.canManageUnits ? (
            <div className="grid gap-3 sm:grid-cols-2">
              <SelectField name="scope" label={t('savedReplies.scope')} defaultValue="personal" testId="saved-reply-scope"
                options={[{ value: 'personal', label: t('savedReplies.personal') }, { value: 'unit', label: t('savedReplies.forUnit') }]} />
              <Picker name="unit" kind="unit" label={t('savedReplies.unit')} labels={labels} testId="saved-reply-unit" />
            </div>
          ) : <input type="hidden" name="scope" value="personal" />}
          {fields()}
          <Submit testId="saved-reply-save">{t('savedReplies.save')}</Submit>
        </Form>
      </section>

      {list.items.length === 0 ? <p className="text-sm text-slate-500" data-testid="saved-replies-empty">{t('savedReplies.empty')}</p> : (
        <ul className="space-y-3" data-testid="saved-replies">
          {list.items.map((x) => (
            <li key={x.id} className="card p-4" data-testid="saved-reply-row">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="min-w-0">
                  <h3 className="break-words font-medium">{(en && x.titleEn) || x.title}</h3>
                  <Badge tone={x.personal ? 'bg-slate-100 text-slate-700' : 'bg-sky-100 text-sky-800'}>{x.personal ? t('savedReplies.personal') : (en && x.unitNameEn) || x.unitName}</Badge>
                </div>
              </div>
              <p className="mt-2 line-clamp-3 whitespace-pre-line break-words text-sm text-slate-700">{(en && x.bodyEn) || x.bodyZh || x.bodyEn}</p>
              {x.can.edit ? (
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm text-brand-600">{t('savedReplies.edit')}</summary>
                  <div className="mt-2 space-y-3">
                    <Form action={saveSavedReplyAction} refreshOnSuccess className="space-y-3">
                      <input type="hidden" name="id" value={x.id} />
                      {fields(x)}
                      <Submit variant="secondary">{t('savedReplies.save')}</Submit>
                    </Form>
                    <Form action={deleteSavedReplyAction} refreshOnSuccess>
                      <input type="hidden" name="id" value={x.id} />
                      <Submit variant="danger">{t('savedReplies.delete')}</Submit>
                    </Form>
                  </div>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pager base="/requests/saved-replies" params={{}} page={list.page} hasMore={list.hasMore} labels={{ prev: t('list.prev'), next: t('list.next'), page: t('list.page', { page: list.page }) }} />
    </div>
  );
}
