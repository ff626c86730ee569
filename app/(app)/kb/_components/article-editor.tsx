'use client';

import Link from 'next/link';
import { useEffect, useRef, useState, useTransition } from 'react';
import { CheckboxField, Form, Submit, TextField, useField, type FormActionFn } from '@/app/_components/form';
import type { OutlineEntry } from '@/lib/kb/outline';
import { proseClass } from './prose';

export type EditorLabels = {
  title: string; body: string; bodyHint: string; preview: string; outline: string; summary: string; material: string; save: string;
  seeOtherChange: string; conflictHint: string;
};

/**
 * The article editor: Markdown on the left, a live preview (rendered on the server by the same
 * sanitiser as the article page) and the headings outline beside it. Strings arrive as props.
 */
export function ArticleEditor({ action, preview, labels, hidden, initial, baseVersion, articleId, showMaterial }: {
  action: FormActionFn;
  preview: (body: string) => Promise<{ html: string; outline: OutlineEntry[] }>;
  labels: EditorLabels;
  hidden: Record<string, string>;
  initial: { title: string; body: string };
  baseVersion?: number;
  articleId?: string;
  showMaterial?: boolean;
}) {
  return (
    <Form action={action} testId="article-form">
      {Object.entries(hidden).map(([k, val]) => <input key={k} type="hidden" name={k} value={val} />)}
      {baseVersion ? <input type="hidden" name="baseVersion" value={baseVersion} /> : null}
      {baseVersion && articleId ? <Conflict articleId={articleId} base={baseVersion} labels={labels} /> : null}
      <TextField name="title" label={labels.title} defaultValue={initial.title} maxLength={200} required testId="article-title" />
      <Body labels={labels} initial={initial.body} preview={preview} />
      <TextField name="summary" label={labels.summary} maxLength={300} testId="article-summary" />
      {showMaterial ? <CheckboxField name="material" label={labels.material} testId="article-material" /> : null}
      <Submit testId="article-save">{labels.save}</Submit>
    </Form>
  );
}

/** After a refused save: the reason, a link to what the other person changed, and the typed text kept. */
function Conflict({ articleId, base, labels }: { articleId: string; base: number; labels: EditorLabels }) {
  const f = useField('baseVersion');
  if (!f.error) return null;
  return (
    <div role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="article-conflict">
      <p>{f.error}</p>
      <p className="mt-1">{labels.conflictHint}</p>
      <Link href={`/kb/articles/${articleId}/compare?from=${base}&to=latest`} target="_blank" className="mt-1 inline-block font-medium text-brand-700 underline" data-testid="conflict-compare">
        {labels.seeOtherChange.replace('{base}', String(base))}
      </Link>
    </div>
  );
}

function Body({ labels, initial, preview }: { labels: EditorLabels; initial: string; preview: EditorProps['preview'] }) {
  const f = useField('body', initial);
  const [text, setText] = useState(typeof f.value === 'string' ? f.value : initial);
  const [rendered, setRendered] = useState<{ html: string; outline: OutlineEntry[] }>({ html: '', outline: [] });
  const [, start] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => start(async () => setRendered(await preview(text))), 300);
    return () => { if (timer.current) clearTimeout(timer.current); };
  }, [text, preview]);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div>
        <label htmlFor={f.id} className="label">{labels.body}</label>
        <textarea key={f.key} id={f.id} name="body" rows={20} className="input font-mono text-sm" defaultValue={text} maxLength={200000}
          onChange={(e) => setText(e.target.value)} aria-describedby={`${f.id}-hint${f.error ? ` ${f.id}-err` : ''}`} aria-invalid={f.error ? true : undefined} data-testid="article-body" />
        <p id={`${f.id}-hint`} className="mt-1 text-xs text-slate-500">{labels.bodyHint}</p>
        {f.error ? <p id={`${f.id}-err`} className="field-error" data-testid="error-body">{f.error}</p> : null}
      </div>
      <div className="space-y-2">
        <h2 className="label">{labels.preview}</h2>
        {rendered.outline.length > 0 ? (
          <nav aria-label={labels.outline} className="rounded-md border border-slate-200 p-2 text-xs">
            <div className="font-medium text-slate-600">{labels.outline}</div>
            <ul>{rendered.outline.map((o) => <li key={o.anchor} style={{ paddingLeft: `${(o.level - 1) * 0.75}rem` }}>{o.text}</li>)}</ul>
          </nav>
        ) : null}
        <div className={`card min-h-40 p-4 ${proseClass}`} data-testid="article-preview" dangerouslySetInnerHTML={{ __html: rendered.html }} />
      </div>
    </div>
  );
}

type EditorProps = Parameters<typeof ArticleEditor>[0];
