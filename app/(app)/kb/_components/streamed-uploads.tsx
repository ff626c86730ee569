'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent, type ReactNode } from 'react';

type Labels = { uploading: string; tooLarge: string; failed: string };

/**
 * Large documents go up as streams: with JavaScript, the attachment form's files are sent one by
 * one as request bodies to /api/uploads/kb-articles/<id> (the browser streams them from disk; the
 * server checks and stores them chunk by chunk), up to `maxBytes` each. Without JavaScript the
 * form's server action takes them (smaller files: lib/files/limits.ts MAX_FILE_BYTES).
 */
export function StreamedUploads({ articleId, maxBytes, labels, children }: { articleId: string; maxBytes: number; labels: Labels; children: ReactNode }) {
  const router = useRouter();
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLDivElement>) {
    const form = e.target as HTMLFormElement;
    const input = form.querySelector<HTMLInputElement>('input[type="file"]');
    const files = input?.files ? Array.from(input.files) : [];
    if (files.length === 0) return; // the server action says "choose a file"
    e.preventDefault();
    e.stopPropagation();
    setError(null);
    for (const file of files) {
      if (file.size > maxBytes) {
        setError(labels.tooLarge.replace('%name%', file.name));
        return;
      }
      setStatus(labels.uploading.replace('%name%', file.name));
      try {
        const res = await fetch(`/api/uploads/kb-articles/${articleId}?name=${encodeURIComponent(file.name)}`, {
          method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
        });
        if (!res.ok) {
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          setError(body?.error?.message ?? labels.failed.replace('%name%', file.name));
          setStatus(null);
          router.refresh();
          return;
        }
      } catch {
        setError(labels.failed.replace('%name%', file.name));
        setStatus(null);
        return;
      }
    }
    setStatus(null);
    if (input) input.value = '';
    router.refresh();
  }

  return (
    <div onSubmitCapture={onSubmit}>
      {children}
      <p aria-live="polite" className="mt-1 text-sm text-slate-600" data-testid="upload-status">{status}</p>
      {error ? <p role="alert" className="field-error" data-testid="error-files">{error}</p> : null}
    </div>
  );
}
