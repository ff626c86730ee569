'use client';

import Link from 'next/link';
import { useId, useState } from 'react';

export type SavedReplyOption = { id: string; title: string; bodyZh: string; bodyEn: string; group: string };

/**
 * Inserts a saved reply into the message box of the same form, at the cursor, in the chosen
 * language (the customer's by default). Strings come translated from the server.
 */
export function SavedReplyInsert({ replies, target, defaultLanguage, labels }: {
  replies: SavedReplyOption[];
  /** data-testid of the textarea to insert into. */
  target: string;
  defaultLanguage: 'zh' | 'en';
  labels: { choose: string; language: string; zh: string; en: string; insert: string; empty: string; manage: string };
}) {
  const id = useId();
  const [choice, setChoice] = useState('');
  const [lang, setLang] = useState<'zh' | 'en'>(defaultLanguage);
  const groups = [...new Set(replies.map((r) => r.group))];
  const insert = () => {
    const r = replies.find((x) => x.id === choice);
    const box = document.querySelector<HTMLTextAreaElement>(`textarea[data-testid="${target}"]`);
    if (!r || !box) return;
    const text = (lang === 'en' ? r.bodyEn || r.bodyZh : r.bodyZh || r.bodyEn);
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? box.value.length;
    box.value = box.value.slice(0, start) + text + box.value.slice(end);
    box.focus();
    box.setSelectionRange(start + text.length, start + text.length);
  };
  return (
    <div className="flex flex-wrap items-end gap-2" data-testid="saved-reply-insert">
      <div className="min-w-0 flex-1">
        <label htmlFor={`${id}-r`} className="label">{labels.choose}</label>
        <select id={`${id}-r`} className="input" value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="saved-reply-select">
          <option value="">{replies.length ? '—' : labels.empty}</option>
          {groups.map((g) => (
            <optgroup key={g} label={g}>
              {replies.filter((r) => r.group === g).map((r) => <option key={r.id} value={r.id}>{r.title}</option>)}
            </optgroup>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-l`} className="label">{labels.language}</label>
        <select id={`${id}-l`} className="input" value={lang} onChange={(e) => setLang(e.target.value === 'en' ? 'en' : 'zh')} data-testid="saved-reply-language">
          <option value="zh">{labels.zh}</option>
          <option value="en">{labels.en}</option>
        </select>
      </div>
      <button type="button" className="btn-secondary" onClick={insert} disabled={!choice} data-testid="saved-reply-insert-button">{labels.insert}</button>
      <Link href="/requests/saved-replies" className="text-sm text-brand-600 hover:underline">{labels.manage}</Link>
    </div>
  );
}
