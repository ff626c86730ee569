'use client';

import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { formatBytes, typeLabelOf } from '@/lib/files/format';
import { ACCEPT_ATTRIBUTE, MAX_FILE_BYTES, MAX_FILES_PER_ITEM, MAX_UPLOAD_BYTES_PER_REQUEST } from '@/lib/files/limits';
import { FieldError, useField } from '@/app/_components/form';

export type ExistingAttachment = { id: string; filename: string; contentType: string; size: number };

const MB = 1024 * 1024;

/** Files chosen in a refused submission, stored meanwhile (lib/announcements/attachments.ts stashPendingUploads). */
function pendingOf(values: Record<string, string | string[]>): ExistingAttachment[] {
  const raw = ([] as string[]).concat(values.pendingFiles ?? []);
  const out: ExistingAttachment[] = [];
  for (const r of raw) {
    try {
      const f = JSON.parse(r) as Partial<ExistingAttachment>;
      if (typeof f.id === 'string' && typeof f.filename === 'string') out.push({ id: f.id, filename: f.filename, contentType: String(f.contentType ?? ''), size: Number(f.size ?? 0) });
    } catch { /* not ours: ignored */ }
  }
  return out;
}

/**
 * Attachments in the compose form: the files already attached (each can be marked for removal),
 * the files chosen in a submission that was refused (stored on the server meanwhile, listed as
 * attached, sent again as hidden ids; each can be removed) and a file input. The limits are
 * checked here only to spare an upload that would be refused; the server checks everything
 * again, by content. Works without JavaScript: removal is a checkbox.
 */
export function AttachmentFields({ existing, values, locale }: { existing: ExistingAttachment[]; values: Record<string, string | string[]>; locale: string }) {
  const t = useTranslations('announcements.attachments');
  const field = useField('attachments');
  const removed = new Set(Array.isArray(values.removeAttachments) ? values.removeAttachments : []);
  const [removing, setRemoving] = useState(removed);
  const [warning, setWarning] = useState<string | null>(null);
  const pending = pendingOf(values);
  const shown = [...existing, ...pending];
  const pendingIds = new Set(pending.map((f) => f.id));
  const kept = shown.filter((f) => !removing.has(f.id)).length;

  function onChoose(e: React.ChangeEvent<HTMLInputElement>) {
    const files = [...(e.target.files ?? [])];
    const big = files.find((f) => f.size > MAX_FILE_BYTES);
    let message: string | null = null;
    if (kept + files.length > MAX_FILES_PER_ITEM) message = t('tooMany', { max: MAX_FILES_PER_ITEM });
    else if (big) message = t('tooLarge', { name: big.name, max: MAX_FILE_BYTES / MB });
    else if (files.reduce((n, f) => n + f.size, 0) > MAX_UPLOAD_BYTES_PER_REQUEST) message = t('requestTooLarge', { max: MAX_UPLOAD_BYTES_PER_REQUEST / MB });
    setWarning(message);
    if (message) e.target.value = '';
  }

  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-3" data-testid="compose-attachments-fieldset">
      <legend className="px-1 text-sm font-medium text-slate-700">{t('legend')}</legend>
      {shown.length > 0 ? (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="compose-existing-attachments">
          {shown.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid={pendingIds.has(f.id) ? 'compose-pending-attachment' : 'compose-attachment'}>
              {pendingIds.has(f.id) ? <input type="hidden" name="pendingAttachments" value={f.id} /> : null}
              <a href={`/api/files/${f.id}`} download className={`min-w-0 break-all text-brand-600 hover:underline ${removing.has(f.id) ? 'line-through opacity-60' : ''}`}>{f.filename}</a>
              <span className="flex flex-wrap items-center gap-3 text-xs text-slate-500">
                {pendingIds.has(f.id) ? <span className="badge bg-emerald-50 text-emerald-800" data-testid="compose-pending-note">{t('pendingNote')}</span> : null}
                <span>{formatBytes(f.size, locale)} · {typeLabelOf(f.contentType)}</span>
                <label className="flex items-center gap-1 text-red-700">
                  <input type="checkbox" name="removeAttachments" value={f.id} defaultChecked={removed.has(f.id)} data-testid="compose-attachment-remove"
                    onChange={(e) => setRemoving((s) => { const n = new Set(s); if (e.target.checked) n.add(f.id); else n.delete(f.id); return n; })} />
                  {t('remove')}
                </label>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      <div>
        <label htmlFor="f-attachments" className="label">{t('choose')}</label>
        <input id="f-attachments" name="attachments" type="file" multiple accept={ACCEPT_ATTRIBUTE} onChange={onChoose}
          className="block w-full max-w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200"
          aria-invalid={field.error ? true : undefined} aria-describedby="f-attachments-hint" data-testid="compose-attachments" />
        <p id="f-attachments-hint" className="mt-1 text-xs text-slate-500">{t('hint', { maxFiles: MAX_FILES_PER_ITEM, maxSize: MAX_FILE_BYTES / MB })}</p>
        {warning ? <p className="field-error" role="alert" data-testid="attachments-warning">{warning}</p> : null}
        <FieldError name="attachments" />
        {field.error ? <p className="mt-1 text-xs text-slate-600" data-testid="attachments-reselect">{t('reselect')}</p> : null}
      </div>
    </fieldset>
  );
}
