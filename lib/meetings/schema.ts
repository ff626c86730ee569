import { z } from 'zod';
import { choice, idSchema, list, longText, optionalText, requiredText } from '@/lib/forms/schema';
import { COLLABORATORS_MAX, optionalDate, priorities } from '@/lib/tasks/schema';

export const AGENDA_MAX = 20000;
export const MINUTES_MAX = 50000;
export const ACTION_ITEMS_MAX = 30;
export const ATTENDEES_MAX = 500;

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
/** A wall-clock time from <input type="datetime-local">, read in the organiser's time zone by lib. */
const localDateTime = z
  .string({ error: 'errors.validation.required' })
  .transform((s) => s.trim())
  .pipe(z.string().min(1, { error: 'errors.validation.required' }).regex(LOCAL, { error: 'meetings.errors.timeInvalid' }));

const httpUrl = optionalText(500).refine((s) => s === null || /^https?:\/\/[^\s]+$/i.test(s), { error: 'meetings.errors.urlInvalid' });

const ids = (max: number) => list(idSchema).pipe(z.array(z.string()).max(max, { error: 'meetings.errors.tooManyAttendees' }));

const oneId = list(idSchema).pipe(z.array(z.string()).max(1, { error: 'meetings.errors.oneMinuteTaker' })).transform((v) => v[0] ?? null);

/** The meeting page's small form: the organiser or an admin names (or clears) the minute-taker. */
export const minuteTakerSchema = z.object({ meetingId: idSchema, minuteTaker: oneId });

export const meetingSchema = z.object({
  /** Empty for a new meeting. */
  id: z.string().optional().transform((v) => (v ? v : undefined)),
  title: requiredText(200),
  startsAt: localDateTime,
  endsAt: localDateTime,
  place: optionalText(200),
  onlineUrl: httpUrl,
  attendees: ids(ATTENDEES_MAX),
  units: ids(50),
  partners: ids(100),
  agenda: longText(AGENDA_MAX),
  /** At most one employee who may write the minutes besides the organiser (none: empty). */
  minuteTaker: oneId,
  /** Agenda documents to take off (new ones arrive as files in `attachments`). */
  removeAttachments: list(idSchema),
});
export type MeetingInput = z.output<typeof meetingSchema>;

export const actionItemSchema = z.object({
  /** Given when the form is drawn: a resubmitted form adds no second item (nor task). */
  id: idSchema,
  title: requiredText(200),
  owner: list(idSchema).pipe(z.array(z.string()).min(1, { error: 'tasks.errors.ownerRequired' }).max(1, { error: 'tasks.errors.ownerRequired' })).transform((v) => v[0]),
  dueOn: optionalDate.pipe(z.string({ error: 'errors.validation.required' })),
  priority: z.preprocess((v) => (v === undefined || v === null || v === '' ? 'medium' : v), choice(priorities)),
  collaborators: list(idSchema).pipe(z.array(z.string()).max(COLLABORATORS_MAX, { error: 'tasks.errors.tooManyCollaborators' })),
});

export const minutesSchema = z.object({
  meetingId: idSchema,
  notes: longText(MINUTES_MAX),
  decisions: longText(MINUTES_MAX),
  intent: z.preprocess((v) => v || 'save', choice(['save', 'publish'] as const)),
  /** The optional wider audience: units whose people are told when the minutes are published (and may read them). */
  alsoTell: list(idSchema).pipe(z.array(z.string()).max(20, { error: 'meetings.errors.tooManyAttendees' })),
});

/**
 * Action item rows arrive as flat fields `items.<n>.title`, `items.<n>.owner` …; a row with
 * nothing typed is skipped. Returns the rows by their form index (for field messages).
 */
export function actionItemRows(values: Record<string, unknown>): { index: number; raw: Record<string, unknown> }[] {
  const rows = new Map<number, Record<string, unknown>>();
  for (const [k, v] of Object.entries(values)) {
    const m = /^items\.(\d{1,2})\.(id|title|owner|partnerOwner|dueOn|priority|collaborators)$/.exec(k);
    if (!m) continue;
    const i = Number(m[1]);
    rows.set(i, { ...(rows.get(i) ?? {}), [m[2]]: v });
  }
  const filled = (r: Record<string, unknown>) => ['title', 'owner', 'dueOn'].some((k) => ([] as unknown[]).concat(r[k] ?? []).some((x) => typeof x === 'string' && x.trim() !== ''));
  // The owner is chosen among employees or, in a second picker, among partner contacts.
  const merged = [...rows.entries()].map(([i, r]) => {
    const { partnerOwner, ...rest } = r;
    const empty = (x: unknown) => x === undefined || x === null || x === '' || (Array.isArray(x) && x.length === 0);
    return [i, empty(rest.owner) && !empty(partnerOwner) ? { ...rest, owner: partnerOwner } : rest] as const;
  });
  return merged.sort((a, b) => a[0] - b[0]).filter(([, r]) => filled(r)).map(([index, raw]) => ({ index, raw }));
}

export const meetingTabs = ['upcoming', 'past', 'mine'] as const;
/** Keyset cursor of the meetings list: the last row's start instant and id. */
export const meetingCursor = {
  encode: (startsAt: Date, id: string) => `${startsAt.toISOString()}_${id}`,
  decode: (s: string | undefined): { startsAt: Date; id: string } | null => {
    const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/i.exec(s ?? '');
    if (!m) return null;
    const d = new Date(m[1]);
    return Number.isNaN(d.getTime()) ? null : { startsAt: d, id: m[2] };
  },
};
export type MeetingTab = (typeof meetingTabs)[number];
