import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { listChannels, type ChannelRow } from '@/lib/im/channels';
import { imProviders } from '@/lib/im/providers';
import { CheckboxField, Form, SelectField, Submit, TextArea, TextField } from '@/app/_components/form';
import { Picker } from '@/app/_components/picker/picker';
import { pickerLabels } from '@/app/_components/picker/labels';
import { saveChannelAction } from './actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('notifications.im'))('title') };
}

/** Admins: the IM channel registry (沟通渠道登记表) and how each channel's posts went (lib/im). */
export default async function ChannelsPage() {
  const { rows } = await guard(listChannels(db(), await getViewer()));
  const t = await getTranslations('notifications.im');
  const en = (await getLocale()) === 'en';
  const labels = await pickerLabels();
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="page-title">{t('title')}</h1>
        <p className="mt-1 text-sm text-slate-600">{t('intro')}</p>
      </div>
      {rows.length === 0 ? <p className="card p-4 text-sm text-slate-600">{t('empty')}</p> : (
        <ul className="space-y-3" data-testid="channels">
          {rows.map((c) => (
            <li key={c.id} className="card space-y-2 p-4" data-testid="channel">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold">{c.name} <span className="text-sm font-normal text-slate-500">· {t(`providers.${c.provider}`)} · {t(`scopes.${c.scope}`)}</span></h2>
                <span className={`badge ${c.active ? 'bg-green-100 text-green-800' : 'bg-slate-100 text-slate-700'}`}>{c.active ? t('active') : t('inactive')}</span>
              </div>
              <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                <dt className="text-slate-500">{t('columns.unit')}</dt><dd>{c.unitId ? ((en && c.unitNameEn) || c.unitName) : t('companyWide')}</dd>
                <dt className="text-slate-500">{t('fields.webhookUrl')}</dt><dd className="break-all">{c.host} · {c.hasSecret ? t('secretSet') : t('noSecret')}{c.placeholder ? <span className="block text-amber-800" data-testid="channel-placeholder">{t('placeholder')}</span> : null}</dd>
                {c.purpose ? (<><dt className="text-slate-500">{t('fields.purpose')}</dt><dd>{c.purpose}</dd></>) : null}
                {c.ownerName || c.contact ? (<><dt className="text-slate-500">{t('columns.owner')}</dt><dd>{[c.ownerName, c.contact].filter(Boolean).join(' · ')}</dd></>) : null}
                {c.rules ? (<><dt className="text-slate-500">{t('fields.rules')}</dt><dd className="whitespace-pre-line">{c.rules}</dd></>) : null}
                <dt className="text-slate-500">{t('columns.posts')}</dt>
                <dd data-testid="channel-posts">
                  {t('posts', { sent: c.sent24h, failed: c.failed24h, pending: c.pending })}
                  {c.lastError ? <span className="block break-all text-red-700">{t('lastError', { error: c.lastError })}</span> : null}
                </dd>
              </dl>
              <details>
                <summary className="cursor-pointer text-sm font-medium text-brand-700">{t('edit')}</summary>
                <ChannelForm channel={c} labels={labels} />
              </details>
            </li>
          ))}
        </ul>
      )}
      <section className="card space-y-3 p-4" aria-labelledby="add-channel">
        <h2 id="add-channel" className="font-semibold">{t('add')}</h2>
        <ChannelForm labels={labels} />
      </section>
    </div>
  );
}

async function ChannelForm({ channel, labels }: { channel?: ChannelRow; labels: Awaited<ReturnType<typeof pickerLabels>> }) {
  const t = await getTranslations('notifications.im');
  const en = (await getLocale()) === 'en';
  return (
    <Form action={saveChannelAction} testId={channel ? `channel-form-${channel.id}` : 'channel-form-new'} refreshOnSuccess resetOnSuccess={!channel} className="mt-3 grid gap-3 sm:grid-cols-2">
      {channel ? <input type="hidden" name="id" value={channel.id} /> : null}
      <TextField name="name" label={t('fields.name')} defaultValue={channel?.name} required />
      <SelectField name="provider" label={t('fields.provider')} defaultValue={channel?.provider ?? 'dingtalk'} options={imProviders.map((p) => ({ value: p, label: t(`providers.${p}`) }))} />
      <TextField name="webhookUrl" label={t('fields.webhookUrl')} type="url" hint={channel ? t('fields.webhookUrlKeep') : undefined} className="sm:col-span-2" />
      <TextField name="secret" label={t('fields.secret')} type="password" autoComplete="off" hint={channel?.hasSecret ? t('fields.secretKeep') : undefined} />
      {channel?.hasSecret ? <CheckboxField name="clearSecret" label={t('fields.clearSecret')} /> : <span />}
      <Picker name="unitId" kind="unit" label={t('fields.unit')} labels={labels} initial={channel?.unitId ? [{ id: channel.unitId, label: (en && channel.unitNameEn) || channel.unitName || '' }] : []} />
      <SelectField name="scope" label={t('fields.scope')} defaultValue={channel?.scope ?? 'internal'} options={(['internal', 'external'] as const).map((s) => ({ value: s, label: t(`scopes.${s}`) }))} />
      <TextField name="purpose" label={t('fields.purpose')} defaultValue={channel?.purpose} />
      <Picker name="ownerId" kind="person" label={t('fields.owner')} labels={labels} initial={channel?.ownerId ? [{ id: channel.ownerId, label: channel.ownerName ?? '' }] : []} />
      <TextField name="contact" label={t('fields.contact')} defaultValue={channel?.contact} />
      <TextArea name="rules" label={t('fields.rules')} defaultValue={channel?.rules} rows={2} />
      {channel ? <CheckboxField name="active" label={t('fields.active')} defaultChecked={channel.active} /> : null}
      <div className="sm:col-span-2"><Submit testId={channel ? undefined : 'channel-save'}>{t('save')}</Submit></div>
    </Form>
  );
}
