import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { CheckboxGroup, Form, Submit, TextField } from '@/app/_components/form';
import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { guard } from '@/lib/http/page-guard';
import { integrationScopes } from '@/lib/integrations/schema';
import { listTokens } from '@/lib/integrations/tokens';
import { createTokenAction, revokeTokenAction } from './actions';
import { NewToken } from './new-token';

export async function generateMetadata() {
  return { title: (await getTranslations('integrations.admin'))('title') };
}

/** Ninety days from today: the suggested expiry. */
function defaultExpiry(): string {
  return new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
}

const stateStyle = { active: 'bg-emerald-50 text-emerald-700', expired: 'bg-slate-100 text-slate-600', revoked: 'bg-red-50 text-red-700' } as const;

/** Integration tokens: create (shown once), list (keyset pages), revoke. Admins only (lib decides). */
export default async function IntegrationsPage({ searchParams }: { searchParams: Promise<{ after?: string }> }) {
  const viewer = await getViewer();
  const { after } = await searchParams;
  const { items, next } = await guard(listTokens(db(), viewer, { after }));
  const t = await getTranslations('integrations.admin');
  const f = await getFormatter();
  const tz = viewer?.timezone ?? 'Asia/Shanghai';
  const when = (d: Date) => f.dateTime(d, { dateStyle: 'medium', timeStyle: 'short', timeZone: tz });
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="page-title">{t('title')}</h1>
        <p className="mt-1 text-slate-600">{t('intro')}</p>
        <p className="mt-1 text-sm text-slate-500">{t('docs')}</p>
      </div>

      <section className="card p-4" aria-labelledby="new-token-h">
        <h2 id="new-token-h" className="font-semibold">{t('newToken')}</h2>
        <Form action={createTokenAction} className="mt-3 grid gap-4 sm:grid-cols-2" testId="token-form" resetOnSuccess refreshOnSuccess>
          <TextField name="name" label={t('name')} placeholder={t('namePlaceholder')} required maxLength={100} testId="token-name" />
          <TextField name="expiresOn" type="date" label={t('expiresOn')} defaultValue={defaultExpiry()} required testId="token-expires" />
          <CheckboxGroup name="scopes" label={t('scopes')} className="sm:col-span-2" options={integrationScopes.map((s) => ({ value: s, label: t(`scopeNames.${s}`) }))} defaultValue={['orders:read']} />
          <div className="sm:col-span-2 space-y-3">
            <Submit testId="token-create">{t('create')}</Submit>
            <NewToken label={t('tokenShown')} />
          </div>
        </Form>
      </section>

      <section aria-labelledby="tokens-h">
        <h2 id="tokens-h" className="font-semibold">{t('list')}</h2>
        {items.length === 0 ? (
          <p className="mt-2 text-slate-500" data-testid="tokens-empty">{t('empty')}</p>
        ) : (
          <div className="card mt-2 overflow-x-auto">
            <table className="table table-stack sm:min-w-[48rem]">
              <thead>
                <tr>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('prefix')}</th>
                  <th scope="col">{t('scopes')}</th>
                  <th scope="col">{t('state')}</th>
                  <th scope="col">{t('expires')}</th>
                  <th scope="col">{t('lastUsed')}</th>
                  <th scope="col">{t('createdBy')}</th>
                  <th scope="col"><span className="sr-only">{t('revoke')}</span></th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id} data-testid="token-row" data-state={i.state}>
                    <td data-label={t('name')} className="font-medium">{i.name}</td>
                    <td data-label={t('prefix')}><code className="font-mono text-xs">{i.prefix}_…</code></td>
                    <td data-label={t('scopes')} className="text-xs">{i.scopes.join(', ')}</td>
                    <td data-label={t('state')}><span className={`badge ${stateStyle[i.state]}`}>{t(`states.${i.state}`)}</span></td>
                    <td data-label={t('expires')} className="whitespace-nowrap text-sm">{when(i.expiresAt)}</td>
                    <td data-label={t('lastUsed')} className="whitespace-nowrap text-sm">{i.lastUsedAt ? when(i.lastUsedAt) : t('never')}</td>
                    <td data-label={t('createdBy')} className="text-sm">{i.createdByName}</td>
                    <td>
                      {i.can.revoke ? (
                        <Form action={revokeTokenAction} refreshOnSuccess showMessage={false} aria-label={`${t('revoke')} ${i.name}`}>
                          <input type="hidden" name="id" value={i.id} />
                          <Submit variant="danger" testId="token-revoke">{t('revoke')}</Submit>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {next ? <Link href={`/admin/integrations?after=${next}`} className="mt-3 inline-block text-brand-700 underline">{t('more')}</Link> : null}
      </section>
    </div>
  );
}
