'use client';

import { useEffect, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { useFormResult } from '@/app/_components/form';
import { countAudienceAction } from '../actions';

const FIELDS = ['everyone', 'units', 'includeSubUnits', 'roles', 'people', 'partnerOrgs'] as const;

/** The audience fields of the form, as submitted (repeated names as arrays). */
function audienceValues(form: HTMLFormElement): Record<string, string | string[]> {
  const data = new FormData(form);
  const out: Record<string, string | string[]> = {};
  for (const k of FIELDS) {
    const all = data.getAll(k).filter((x): x is string => typeof x === 'string');
    if (all.length === 1) out[k] = all[0];
    else if (all.length > 1) out[k] = all;
  }
  return out;
}

/**
 * "This audience reaches N people", counted on the server (lib/announcements/audience-count.ts)
 * each time the audience changes: a checkbox, or a unit, person or organisation chosen in a
 * picker (its hidden fields change, seen by a MutationObserver). `initial` is the server's count
 * of what the page opened with (shown without JavaScript too).
 */
export function AudienceCount({ initial }: { initial: number | null }) {
  const t = useTranslations('announcements.compose.audience');
  const ref = useRef<HTMLParagraphElement>(null);
  const submitted = useFormResult().seq > 0;
  const [count, setCount] = useState<number | null>(submitted ? null : initial);
  useEffect(() => {
    const fieldset = ref.current?.closest('fieldset');
    const form = fieldset?.form ?? ref.current?.closest('form');
    if (!fieldset || !form) return;
    let last = JSON.stringify(audienceValues(form));
    let timer: ReturnType<typeof setTimeout> | undefined;
    let asked = 0;
    const check = () => {
      const values = audienceValues(form);
      const key = JSON.stringify(values);
      if (key === last) return;
      last = key;
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const mine = ++asked;
        const n = await countAudienceAction(values).catch(() => null);
        if (mine === asked) setCount(n);
      }, 300);
    };
    const observer = new MutationObserver(check);
    observer.observe(fieldset, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
    fieldset.addEventListener('change', check);
    // A refused submission re-mounts the fields with what was sent: count that once.
    if (submitted) { last = ''; check(); }
    return () => { observer.disconnect(); fieldset.removeEventListener('change', check); clearTimeout(timer); };
  }, [submitted]);
  return (
    <p ref={ref} className="text-sm font-medium text-slate-700" aria-live="polite" data-testid="audience-count" data-count={count ?? ''}>
      {count === null ? '' : count === 0 ? t('reachesNobody') : t('reaches', { count })}
    </p>
  );
}
