'use client';

import { useActionState } from 'react';
import { useFormStatus } from 'react-dom';
import { useTranslations } from 'next-intl';
import type { ImportState } from './import-state';

type Action = (state: ImportState, formData: FormData) => Promise<ImportState>;

function Submit() {
  const t = useTranslations('admin.import');
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="btn-primary" disabled={pending} aria-busy={pending}>
      {t('submit')}
    </button>
  );
}

const outcomeStyle: Record<string, string> = {
  created: 'bg-emerald-50 text-emerald-700',
  updated: 'bg-brand-50 text-brand-700',
  unchanged: 'bg-slate-100 text-slate-600',
  rejected: 'bg-red-50 text-red-700',
};

export function ImportForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, { seq: 0 });
  const t = useTranslations('admin');
  const r = state.result;
  return (
    <div className="space-y-6">
      <form action={formAction} className="card space-y-4 p-4" data-testid="import-form">
        <div>
          <label htmlFor="file" className="label">{t('import.file')}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv,text/plain"
            required
            className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:text-brand-700"
          />
        </div>
        <Submit />
      </form>

      {state.error ? (
        <div role="alert" className="rounded-md bg-red-50 p-4 text-sm text-red-800" data-testid="import-error">
          {state.error.key.startsWith('import.unreadable.') ? <p className="font-medium">{t('import.unreadable.title')}</p> : null}
          <p>{t(state.error.key as never, state.error.params as never)}</p>
        </div>
      ) : null}

      {r ? (
        <section aria-labelledby="result-h" className="space-y-3" data-testid="import-report">
          <h2 id="result-h" className="text-lg font-semibold">{t('import.result')}{state.fileName ? ` · ${state.fileName}` : ''}</h2>
          <p className="font-medium" data-testid="import-summary">{t('import.summary', r.counts)}</p>
          <p className="text-sm text-slate-600">
            {t('import.encodingUsed', { encoding: r.encoding.toUpperCase() })}{' '}
            {r.counts.created + r.counts.updated > 0 ? t('import.allApplied') : t('import.nothingApplied')}
          </p>
          {r.ignoredColumns.length ? <p className="text-sm text-slate-600">{t('import.ignoredColumns', { columns: r.ignoredColumns.join(', ') })}</p> : null}
          {r.rows.length < r.totalRows ? <p className="text-sm text-slate-600">{t('import.showing', { shown: r.rows.length, total: r.totalRows })}</p> : null}
          <div className="card overflow-x-auto">
            <table className="table min-w-[36rem]">
              <thead>
                <tr>
                  <th scope="col">{t('import.columns.line')}</th>
                  <th scope="col">{t('import.columns.outcome')}</th>
                  <th scope="col">{t('import.columns.name')}</th>
                  <th scope="col">{t('import.columns.email')}</th>
                  <th scope="col">{t('import.columns.reasons')}</th>
                </tr>
              </thead>
              <tbody>
                {r.rows.map((row) => (
                  <tr key={row.line} data-testid="import-row" data-line={row.line} data-outcome={row.outcome}>
                    <td className="tabular-nums">{row.line}</td>
                    <td><span className={`badge ${outcomeStyle[row.outcome]}`}>{t(`import.outcomes.${row.outcome}`)}</span></td>
                    <td>{row.name}</td>
                    <td className="break-all">{row.email}</td>
                    <td>
                      {row.reasons.map((reason, i) => (
                        <div key={i}>
                          {reason.field ? `${t(`import.columns.${reason.field}` as never)}: ` : ''}
                          {t(reason.key as never, reason.params as never)}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}
