'use client';

import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useField } from '@/app/_components/form';

const noSubscribe = () => () => {};

export type PickerKind = 'person' | 'unit' | 'partnerOrg' | 'partnerPerson';
export type PickedOption = { id: string; label: string; hint?: string | null };

export type PickerLabels = {
  /** Shown when a search finds nothing. */
  noResults: string;
  /** "Remove" — read with the option's name by screen readers. */
  remove: string;
  /** "{count} results" for the live region; `#` is replaced by the number. */
  results: string;
  placeholder?: string;
};

/**
 * The one picker for people, units and partner organisations: an accessible combobox (WAI-ARIA
 * 1.2: arrow keys, Enter, Escape, Backspace) that asks the server as the person types
 * (/api/pickers/<kind>), so a page never ships the company. The chosen ids are submitted as
 * repeated hidden fields named `name` (read them with list() in lib); after a refusal the chosen
 * values come back and their labels are fetched again.
 */
export function Picker({
  name,
  kind,
  label,
  labels,
  multiple = false,
  initial = [],
  org,
  hint,
  required,
  testId,
  className,
  textFallback,
}: {
  name: string;
  kind: PickerKind;
  label: string;
  labels: PickerLabels;
  multiple?: boolean;
  initial?: PickedOption[];
  /** partnerPerson: only this organisation's people. */
  org?: string;
  hint?: string;
  required?: boolean;
  testId?: string;
  className?: string;
  /**
   * In a GET filter form: until the page's JavaScript runs (or without it), what is typed is
   * submitted as `<name>__text` and the page resolves it on the server to the best match
   * (lib/pickers `resolvePickerTexts`) — the filter works without JavaScript, as a select did.
   */
  textFallback?: boolean;
}) {
  const field = useField(name);
  const uid = useId();
  const listId = `${uid}-list`;
  const submittedIds = useMemo(() => (field.submitted ? ([] as string[]).concat(field.value ?? []).filter(Boolean) : null), [field.submitted, field.value]);
  const [chosen, setChosen] = useState<PickedOption[]>(initial);
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<PickedOption[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // False on the server and while hydrating, true once the page's JavaScript runs: from then on
  // the combobox submits ids only.
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false);
  const [searched, setSearched] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  // After a refusal the form re-renders with what was sent: show those choices again.
  useEffect(() => {
    if (!submittedIds) return;
    const known = new Map(chosen.map((c) => [c.id, c]));
    if (submittedIds.every((id) => known.has(id)) && submittedIds.length === chosen.length) return;
    const ctrl = new AbortController();
    const lookup = submittedIds.length === 0 ? Promise.resolve({ items: [] }) : fetch(`/api/pickers/${kind}?ids=${encodeURIComponent(submittedIds.join(','))}`, { signal: ctrl.signal, headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : { items: [] }));
    lookup
      .then((d: { items: PickedOption[] }) => setChosen(d.items))
      .catch(() => {});
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when a submission comes back
  }, [field.key]);

  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    const timer = setTimeout(() => {
      abort.current?.abort();
      const ctrl = new AbortController();
      abort.current = ctrl;
      const params = new URLSearchParams({ q });
      if (org) params.set('org', org);
      fetch(`/api/pickers/${kind}?${params}`, { signal: ctrl.signal, headers: { accept: 'application/json' } })
        .then((r) => (r.ok ? r.json() : { items: [] }))
        .then((d: { items: PickedOption[] }) => {
          const taken = new Set(chosen.map((c) => c.id));
          setOptions(d.items.filter((o) => !taken.has(o.id)));
          setActive(d.items.length > 0 ? 0 : -1);
          setSearched(true);
          setOpen(true);
        })
        .catch(() => {});
    }, 200);
    return () => clearTimeout(timer);
  }, [query, kind, org, chosen]);

  function pick(o: PickedOption) {
    setChosen((c) => (multiple ? [...c, o] : [o]));
    setQuery('');
    setOptions([]);
    setOpen(false);
    inputRef.current?.focus();
  }
  function unpick(id: string) {
    setChosen((c) => c.filter((x) => x.id !== id));
    inputRef.current?.focus();
  }
  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(options.length - 1, i + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && options[active]) {
        e.preventDefault();
        pick(options[active]);
      } else if (query) e.preventDefault();
    } else if (e.key === 'Escape') {
      setOpen(false);
    } else if (e.key === 'Backspace' && !query && chosen.length > 0) {
      unpick(chosen[chosen.length - 1].id);
    }
  }

  const showList = open && query.trim().length > 0;
  return (
    <div className={className} data-testid={testId}>
      <label htmlFor={field.id} className="label">
        {label}
        {required ? <span aria-hidden className="text-red-600"> *</span> : null}
      </label>
      {chosen.map((c) => <input key={c.id} type="hidden" name={name} value={c.id} />)}
      <div className={`input flex flex-wrap items-center gap-1 py-1 ${field.error ? 'border-red-500' : ''}`}>
        {chosen.map((c) => (
          <span key={c.id} className="inline-flex max-w-full items-center gap-1 rounded bg-brand-50 px-2 py-0.5 text-sm text-brand-800" data-testid="picker-chosen">
            <span className="truncate">{c.label}</span>
            <button type="button" onClick={() => unpick(c.id)} className="rounded px-1 text-brand-700 hover:bg-brand-100" aria-label={`${labels.remove} ${c.label}`}>
              ×
            </button>
          </span>
        ))}
        {multiple || chosen.length === 0 ? (
          <input
            ref={inputRef}
            id={field.id}
            type="text"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={showList}
            aria-controls={listId}
            aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
            aria-invalid={field.error ? true : undefined}
            aria-describedby={field.error ? `${field.id}-err` : hint ? `${field.id}-hint` : undefined}
            autoComplete="off"
            name={textFallback && !hydrated ? `${name}__text` : undefined}
            value={query}
            placeholder={labels.placeholder}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onKeyDown}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
            onFocus={() => query && setOpen(true)}
            className="min-w-[8rem] flex-1 border-0 p-1 text-sm outline-none focus:ring-0"
            data-testid={testId ? `${testId}-input` : undefined}
          />
        ) : null}
      </div>
      <div className="relative">
        {showList ? (
          <ul id={listId} role="listbox" aria-label={label} className="absolute z-30 mt-1 max-h-64 w-full overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
            {options.map((o, i) => (
              <li
                key={o.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(o)}
                className={`cursor-pointer px-3 py-1.5 ${i === active ? 'bg-brand-50' : ''}`}
                data-testid="picker-option"
              >
                <div className="font-medium">{o.label}</div>
                {o.hint ? <div className="text-xs text-slate-500">{o.hint}</div> : null}
              </li>
            ))}
            {searched && options.length === 0 ? <li className="px-3 py-1.5 text-slate-500" role="presentation">{labels.noResults}</li> : null}
          </ul>
        ) : null}
      </div>
      <span className="sr-only" aria-live="polite">{showList && searched ? labels.results.replace('#', String(options.length)) : ''}</span>
      {field.error ? <p id={`${field.id}-err`} className="field-error" data-testid={`error-${name}`}>{field.error}</p> : hint ? <p id={`${field.id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </div>
  );
}
