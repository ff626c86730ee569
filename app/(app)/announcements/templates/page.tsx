import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listTemplates } from '@/lib/announcements/queries';
import { saveTemplateAction } from '../actions';
import { Form, Submit, TextArea, TextField } from '@/app/_components/form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('announcements.templates'))('title') };
}

/** Communications officers maintain the skeleton of each kind in both languages. */
export default async function TemplatesPage() {
  const viewer = await getViewer();
  const templates = await guard(listTemplates(db(), viewer));
  const t = await getTranslations('announcements');
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <h1 className="page-title">{t('templates.title')}</h1>
      <p className="text-sm text-slate-600">{t('templates.intro')}</p>
      {templates.map((tpl) => (
        <section key={tpl.kind} className="card p-4">
          <h2 className="mb-2 font-semibold">{t(`compose.kinds.${tpl.kind}`)}</h2>
          <Form action={saveTemplateAction} className="grid gap-3 sm:grid-cols-2">
            <input type="hidden" name="kind" value={tpl.kind} />
            <TextField name="titleZh" label={t('templates.titleZh')} defaultValue={tpl.titleZh} maxLength={120} />
            <TextField name="titleEn" label={t('templates.titleEn')} defaultValue={tpl.titleEn} maxLength={120} />
            <TextArea name="bodyZh" label={t('templates.bodyZh')} rows={8} defaultValue={tpl.bodyZh} />
            <TextArea name="bodyEn" label={t('templates.bodyEn')} rows={8} defaultValue={tpl.bodyEn} />
            <div><Submit>{t('templates.save')}</Submit></div>
          </Form>
        </section>
      ))}
    </div>
  );
}
