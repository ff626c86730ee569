import { tzOffset } from '@date-fns/tz';

/**
 * Working time on a calendar that knows public holidays and make-up workdays (调休): pure
 * functions, no database. The calendar's data (time zone, working weekdays and hours, dated
 * entries) lives in work_calendar / work_calendar_entry and is loaded by lib/requests/calendar-store.ts.
 *
 * Internally every instant is turned into "local wall-clock milliseconds" (UTC ms + the zone's
 * offset at that instant) once at each end; days and working periods are then plain arithmetic,
 * so a year of calendar costs a few microseconds. The offset is taken at the two ends only: a
 * working period that spans a daylight-saving switch (none in China) would be off by the shift.
 */

export type CalendarEntry = { kind: 'holiday' | 'workday'; startDay: string; endDay: string };

export type WorkCalendarSpec = {
  timeZone: string;
  /** ISO weekdays that are normally working days: 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
  /** Working periods of a day in minutes after midnight, ascending, not overlapping: [[540, 720], [780, 1080]]. */
  periods: readonly (readonly [number, number])[];
  /** Holidays (weekdays off) and make-up workdays (weekend days on). */
  entries: readonly CalendarEntry[];
};

export type WorkCalendar = {
  timeZone: string;
  weekdays: ReadonlySet<number>;
  periods: readonly (readonly [number, number])[];
  /** Day number (days since 1970-01-01 in local time) → working or not, where an entry says so. */
  overrides: ReadonlyMap<number, boolean>;
};

const DAY = 86_400_000;
const MIN = 60_000;
/** No target in this product is longer than ten years of calendar. */
const MAX_DAYS = 3660;

/** '2026-02-15' → days since 1970-01-01. */
export function dayNumber(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / DAY);
}

export function dayString(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number (1970-01-01 was a Thursday). */
export const isoWeekday = (n: number) => (((n + 3) % 7) + 7) % 7 + 1;

export function buildCalendar(spec: WorkCalendarSpec): WorkCalendar {
  const overrides = new Map<number, boolean>();
  for (const e of spec.entries) {
    const a = dayNumber(e.startDay);
    const b = dayNumber(e.endDay);
    for (let d = a; d <= b; d++) overrides.set(d, e.kind === 'workday');
  }
  const periods = [...spec.periods].filter(([s, e]) => e > s).sort((x, y) => x[0] - y[0]);
  return { timeZone: spec.timeZone, weekdays: new Set(spec.weekdays), periods, overrides };
}

export function isWorkingDay(cal: WorkCalendar, day: number): boolean {
  const o = cal.overrides.get(day);
  return o ?? cal.weekdays.has(isoWeekday(day));
}

/** Local wall-clock ms of an instant in the calendar's zone. */
function toLocal(cal: WorkCalendar, at: Date): number {
  return at.getTime() + tzOffset(cal.timeZone, at) * MIN;
}

/** The instant of a local wall-clock time (the offset is checked twice, for zones that move). */
function toInstant(cal: WorkCalendar, local: number): Date {
  const guess = tzOffset(cal.timeZone, new Date(local));
  const off = tzOffset(cal.timeZone, new Date(local - guess * MIN));
  return new Date(local - off * MIN);
}

/**
 * The instant `minutes` working minutes after `start`. Started outside working hours, the clock
 * starts at the next working period; a result that lands exactly on the end of a period stays
 * there (due 18:00, not 09:00 the next working day).
 */
export function addWorkingTime(start: Date, minutes: number, cal: WorkCalendar): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError('minutes must be a non-negative number');
  if (minutes === 0) return new Date(start.getTime());
  if (cal.periods.length === 0) throw new RangeError('the calendar has no working hours');
  const local = toLocal(cal, start);
  let day = Math.floor(local / DAY);
  let minuteOfDay = (local - day * DAY) / MIN;
  let remaining = minutes;
  for (let i = 0; i < MAX_DAYS; i++, day++, minuteOfDay = 0) {
    if (!isWorkingDay(cal, day)) continue;
    for (const [ps, pe] of cal.periods) {
      const s = Math.max(ps, minuteOfDay);
      if (pe <= s) continue;
      const available = pe - s;
      if (remaining <= available) return toInstant(cal, day * DAY + (s + remaining) * MIN);
      remaining -= available;
    }
  }
  throw new RangeError('no working time within ten years: check the calendar');
}

function spanLocal(cal: WorkCalendar, la: number, lb: number): number {
  if (lb <= la) return 0;
  let total = 0;
  const first = Math.floor(la / DAY);
  const last = Math.floor(lb / DAY);
  for (let day = first; day <= last; day++) {
    if (!isWorkingDay(cal, day)) continue;
    const base = day * DAY;
    for (const [ps, pe] of cal.periods) {
      const s = Math.max(base + ps * MIN, la);
      const e = Math.min(base + pe * MIN, lb);
      if (e > s) total += e - s;
    }
  }
  return total / MIN;
}

export type Pause = { from: Date; to: Date | null };

/**
 * Working minutes between a and b (0 when b is not after a), less the working minutes of the
 * pauses (e.g. waiting for the customer) that fall inside; an open pause (to = null) runs to b.
 */
export function workingMinutesBetween(a: Date, b: Date, cal: WorkCalendar, pauses: readonly Pause[] = []): number {
  const la = toLocal(cal, a);
  const lb = toLocal(cal, b);
  let total = spanLocal(cal, la, lb);
  if (pauses.length === 0 || total === 0) return total;
  // Merge the pauses clipped to [a, b], so overlapping pauses are not subtracted twice.
  const clipped = pauses
    .map((p) => [Math.max(p.from.getTime(), a.getTime()), Math.min((p.to ?? b).getTime(), b.getTime())] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const p of clipped) {
    const top = merged[merged.length - 1];
    if (top && p[0] <= top[1]) top[1] = Math.max(top[1], p[1]);
    else merged.push([...p]);
  }
  for (const [s, e] of merged) total -= spanLocal(cal, toLocal(cal, new Date(s)), toLocal(cal, new Date(e)));
  return Math.max(0, total);
}

/** Parses "09:00-12:00, 13:00-18:00" into periods; null when malformed, inverted or overlapping. */
export function parsePeriods(text: string): [number, number][] | null {
  const parts = text.split(/[,，;；\s]+/).filter(Boolean);
  if (parts.length === 0 || parts.length > 6) return null;
  const out: [number, number][] = [];
  for (const p of parts) {
    const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(p);
    if (!m) return null;
    const s = Number(m[1]) * 60 + Number(m[2]);
    const e = Number(m[3]) * 60 + Number(m[4]);
    if (Number(m[2]) > 59 || Number(m[4]) > 59 || e > 1440 || e <= s) return null;
    out.push([s, e]);
  }
  out.sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < out.length; i++) if (out[i][0] < out[i - 1][1]) return null;
  return out;
}

const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
export const formatPeriods = (periods: readonly (readonly [number, number])[]) => periods.map(([s, e]) => `${hm(s)}-${hm(e)}`).join(', ');
