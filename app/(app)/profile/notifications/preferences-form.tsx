import { getTranslations } from 'next-intl/server';
import { CheckboxField, CheckboxGroup, Form, SelectField, Submit, type FormActionFn } from '@/app/_components/form';
import type { Preferences } from '@/lib/notifications/preferences';
import type { NotificationKind } from '@/lib/notifications/kinds';

type Props = {
  action: FormActionFn;
  prefs: Preferences;
  sections: { key: string; heading: string }[];
  switchable: readonly NotificationKind[];
  forced: readonly NotificationKind[];
  timezone?: string;
  hidden?: Record<string, string>;
  testId: string;
};

const AREAS = ['announcement', 'tasks', 'meetings', 'kb', 'request', 'other'] as const;
type Area = (typeof AREAS)[number];
/** Kinds are named `<area>.<event>`; emergencies sit with announcements; an area not listed here yet shows under "Other". */
function areaOf(kind: NotificationKind): Area {
  const prefix = kind.slice(0, kind.indexOf('.'));
  if (prefix === 'emergency') return 'announcement';
  return (AREAS as readonly string[]).includes(prefix) ? (prefix as Area) : 'other';
}
function groupByArea(switchable: readonly NotificationKind[], forced: readonly NotificationKind[]) {
  const all = [...switchable.map((kind) => ({ kind, forced: false })), ...forced.map((kind) => ({ kind, forced: true }))];
  return AREAS.map((area) => ({ area, kinds: all.filter((k) => areaOf(k.kind) === area) })).filter((g) => g.kinds.length > 0);
}

/** The preferences fields, for a person's own settings and for the company defaults (labels from the server). */
export async function PreferencesForm({ action, prefs, sections, switchable, forced, timezone, hidden, testId }: Props) {
  const t = await getTranslations('notifications');
  const hours = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, '0')}:00` }));
  const weekdays = (['1', '2', '3', '4', '5', '6', '7'] as const).map((d) => ({ value: d, label: t(`preferences.weekdays.${d}`) }));
  return (
    <Form action={action} testId={testId} className="space-y-6">
      {hidden ? Object.entries(hidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />) : null}
      <section className="space-y-4">
        <h2 className="text-base font-semibold">{t('preferences.digest')}</h2>
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField name="frequency" label={t('preferences.frequency')} defaultValue={prefs.frequency} testId="pref-frequency"
            options={(['daily', 'weekly', 'off'] as const).map((f) => ({ value: f, label: t(`preferences.frequencies.${f}`) }))} />
          <SelectField name="hour" label={t('preferences.hour')} defaultValue={String(prefs.hour)} options={hours} testId="pref-hour"
            hint={timezone ? t('preferences.hourHint', { timezone }) : undefined} />
          <SelectField name="weekday" label={t('preferences.weekday')} defaultValue={String(prefs.weekday)} options={weekdays} testId="pref-weekday" />
        </div>
        <CheckboxField name="skipWeekends" label={t('preferences.skipWeekends')} defaultChecked={prefs.skipWeekends} testId="pref-skip-weekends" />
        <CheckboxGroup name="sections" label={t('preferences.sections')} testId="pref-sections"
          options={sections.map((s) => ({ value: s.key, label: s.heading }))}
          defaultValue={prefs.sections ?? sections.map((s) => s.key)} />
      </section>
      <section className="space-y-3">
        <h2 className="text-base font-semibold">{t('preferences.perKind')}</h2>
        {groupByArea(switchable, forced).map((g) => (
          <fieldset key={g.area} className="rounded-lg border border-slate-200 p-3" data-testid={`pref-area-${g.area}`}>
            <legend className="px-1 text-sm font-semibold text-slate-700">{t(`preferences.areas.${g.area}`)}</legend>
            <div className="grid gap-4 sm:grid-cols-2">
              {g.kinds.map(({ kind: k, forced: isForced }) => isForced ? (
                <div key={k}>
                  <div className="label">{t(`kinds.${k}`)}</div>
                  <p className="text-sm text-slate-600">{t('preferences.always')}</p>
                </div>
              ) : (
                <SelectField key={k} name={`mode.${k}`} label={t(`kinds.${k}`)} defaultValue={prefs.modes[k]} testId={`pref-mode-${k}`}
                  options={(['immediate', 'digest', 'in_app'] as const).map((m) => ({ value: m, label: t(`preferences.modes.${m}`) }))} />
              ))}
            </div>
          </fieldset>
        ))}
      </section>
      <Submit testId="pref-save">{t('preferences.save')}</Submit>
    </Form>
  );
}
