import { describe, expect, it } from 'vitest';
import holidaysData from 'chinese-days/dist/chinese-days.json';
import { addWorkingTime, buildCalendar, dayNumber, dayString, isWorkingDay, parsePeriods, workingMinutesBetween, type CalendarEntry } from './calendar';

// The official calendar as the chinese-days package has it, day by day (the migration's ranges are
// checked against the same data in calendar-data.test.ts).
const data = holidaysData as { holidays: Record<string, string>; workdays: Record<string, string> };
const entries: CalendarEntry[] = [
  ...Object.keys(data.holidays).filter((d) => d >= '2025').map((d) => ({ kind: 'holiday' as const, startDay: d, endDay: d })),
  ...Object.keys(data.workdays).filter((d) => d >= '2025').map((d) => ({ kind: 'workday' as const, startDay: d, endDay: d })),
];
const cn = buildCalendar({ timeZone: 'Asia/Shanghai', weekdays: [1, 2, 3, 4, 5], periods: [[540, 720], [780, 1080]], entries });
const sh = (s: string) => new Date(`${s}+08:00`);

describe('addWorkingTime (Asia/Shanghai, 9–12 and 13–18, Monday to Friday)', () => {
  it('counts within a day and skips the lunch break', () => {
    expect(addWorkingTime(sh('2026-03-10T09:00:00'), 60, cn)).toEqual(sh('2026-03-10T10:00:00'));
    expect(addWorkingTime(sh('2026-03-10T11:30:00'), 60, cn)).toEqual(sh('2026-03-10T13:30:00'));
  });
  it('carries overnight, and a request filed at night starts the next morning', () => {
    expect(addWorkingTime(sh('2026-03-10T17:00:00'), 120, cn)).toEqual(sh('2026-03-11T10:00:00'));
    expect(addWorkingTime(sh('2026-03-10T22:15:00'), 30, cn)).toEqual(sh('2026-03-11T09:30:00'));
  });
  it('ends exactly at the end of a period rather than the next morning', () => {
    expect(addWorkingTime(sh('2026-03-10T17:00:00'), 60, cn)).toEqual(sh('2026-03-10T18:00:00'));
  });
  it('skips a weekend', () => {
    expect(addWorkingTime(sh('2026-03-13T17:30:00'), 60, cn)).toEqual(sh('2026-03-16T09:30:00'));
  });
  it('counts a make-up Saturday (2026-02-28) as a working day', () => {
    expect(isWorkingDay(cn, dayNumber('2026-02-28'))).toBe(true);
    expect(addWorkingTime(sh('2026-02-27T18:00:00'), 60, cn)).toEqual(sh('2026-02-28T10:00:00'));
  });
  it('jumps the Spring Festival block (2026-02-15 … 02-23), after the make-up Saturday before it', () => {
    expect(addWorkingTime(sh('2026-02-13T17:00:00'), 120, cn)).toEqual(sh('2026-02-14T10:00:00'));
    expect(addWorkingTime(sh('2026-02-14T17:00:00'), 120, cn)).toEqual(sh('2026-02-24T10:00:00'));
  });
  it('files on the evening before National Day: 24 working hours end on the make-up Saturday 2026-10-10', () => {
    // 10-01 … 10-07 off; 10-08 Thu, 10-09 Fri, 10-10 Sat (make-up) — 3 × 8 h.
    expect(addWorkingTime(sh('2026-09-30T18:30:00'), 24 * 60, cn)).toEqual(sh('2026-10-10T18:00:00'));
  });
  it('treats a weekday holiday as off (Qingming 2026-04-06 is a Monday)', () => {
    expect(isWorkingDay(cn, dayNumber('2026-04-06'))).toBe(false);
    expect(addWorkingTime(sh('2026-04-03T18:00:00'), 30, cn)).toEqual(sh('2026-04-07T09:30:00'));
  });
  it('takes instants in any zone and answers in instants', () => {
    expect(addWorkingTime(new Date('2026-03-10T01:00:00Z'), 60, cn)).toEqual(new Date('2026-03-10T02:00:00Z'));
  });
  it('works in a zone with daylight saving (New York, across the March switch)', () => {
    const ny = buildCalendar({ timeZone: 'America/New_York', weekdays: [1, 2, 3, 4, 5], periods: [[540, 1020]], entries: [] });
    // Friday 2026-03-06 16:00 EST (21:00Z) + 120 min → Monday 2026-03-09 10:00 EDT (14:00Z).
    expect(addWorkingTime(new Date('2026-03-06T21:00:00Z'), 120, ny)).toEqual(new Date('2026-03-09T14:00:00Z'));
  });
  it('refuses negative minutes and returns the start for zero', () => {
    expect(() => addWorkingTime(sh('2026-03-10T09:00:00'), -1, cn)).toThrow(RangeError);
    expect(addWorkingTime(sh('2026-03-10T20:00:00'), 0, cn)).toEqual(sh('2026-03-10T20:00:00'));
  });
});

describe('workingMinutesBetween', () => {
  it('counts working minutes only', () => {
    expect(workingMinutesBetween(sh('2026-03-10T08:00:00'), sh('2026-03-10T20:00:00'), cn)).toBe(480);
    expect(workingMinutesBetween(sh('2026-03-13T17:00:00'), sh('2026-03-16T10:00:00'), cn)).toBe(120);
    expect(workingMinutesBetween(sh('2026-03-16T10:00:00'), sh('2026-03-13T17:00:00'), cn)).toBe(0);
  });
  it('counts nothing across the Spring Festival block but the make-up Saturdays', () => {
    expect(workingMinutesBetween(sh('2026-02-13T18:00:00'), sh('2026-02-24T09:00:00'), cn)).toBe(480);
  });
  it('subtracts a pause (waiting for the customer) and resumes after it', () => {
    const a = sh('2026-03-09T09:00:00');
    const b = sh('2026-03-10T18:00:00');
    expect(workingMinutesBetween(a, b, cn)).toBe(960);
    expect(workingMinutesBetween(a, b, cn, [{ from: sh('2026-03-09T13:00:00'), to: sh('2026-03-10T09:00:00') }])).toBe(660);
    // overlapping pauses are not subtracted twice; an open pause runs to the end
    expect(workingMinutesBetween(a, b, cn, [{ from: sh('2026-03-09T13:00:00'), to: sh('2026-03-09T15:00:00') }, { from: sh('2026-03-09T14:00:00'), to: sh('2026-03-09T16:00:00') }])).toBe(780);
    expect(workingMinutesBetween(a, b, cn, [{ from: sh('2026-03-10T17:00:00'), to: null }])).toBe(900);
  });
  it('is the inverse of addWorkingTime across the year', () => {
    let t = sh('2026-01-01T08:00:00').getTime();
    for (let i = 0; i < 200; i++) {
      const start = new Date(t);
      const minutes = (i * 137) % 6000 + 1;
      const due = addWorkingTime(start, minutes, cn);
      expect(workingMinutesBetween(start, due, cn)).toBeCloseTo(minutes, 6);
      t += 43 * 3600_000 + 17 * 60_000;
    }
  });
  it('computes a due time across a year in well under a millisecond (micro-benchmark)', () => {
    const starts = Array.from({ length: 2000 }, (_, i) => new Date(sh('2026-01-01T00:00:00').getTime() + i * 4.38 * 3600_000));
    addWorkingTime(starts[0], 60, cn); // warm the zone formatter
    const t0 = performance.now();
    for (const s of starts) {
      addWorkingTime(s, 250 * 8 * 60, cn); // a whole working year ahead: the worst case
      workingMinutesBetween(s, new Date(s.getTime() + 365 * 86_400_000), cn);
    }
    const perRequest = (performance.now() - t0) / starts.length;
    console.info(`[bench] due time + elapsed across a year: ${(perRequest * 1000).toFixed(1)} µs per request`);
    expect(perRequest).toBeLessThan(1);
  });
});

describe('parsePeriods and day helpers', () => {
  it('parses, and refuses inverted or overlapping periods', () => {
    expect(parsePeriods('09:00-12:00, 13:00-18:00')).toEqual([[540, 720], [780, 1080]]);
    expect(parsePeriods('18:00-09:00')).toBeNull();
    expect(parsePeriods('09:00-13:00,12:00-18:00')).toBeNull();
    expect(parsePeriods('nine to five')).toBeNull();
  });
  it('round-trips day numbers', () => {
    expect(dayString(dayNumber('2026-10-10'))).toBe('2026-10-10');
  });
});
