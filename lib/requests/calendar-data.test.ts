import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import holidaysData from 'chinese-days/dist/chinese-days.json';
import { createTestDb, type TestDb } from '@/db/testing';
import { dayNumber, dayString, isWorkingDay, isoWeekday } from './calendar';
import { loadDefaultCalendar } from './calendar-store';

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t.drop(); });

describe('the shipped calendar (migration data)', () => {
  it('matches chinese-days 1.5.7 for every day of 2025 and 2026', async () => {
    const data = holidaysData as { holidays: Record<string, string>; workdays: Record<string, string> };
    const cal = await loadDefaultCalendar(t.db);
    expect(cal.timeZone).toBe('Asia/Shanghai');
    const wrong: string[] = [];
    for (let d = dayNumber('2025-01-01'); d <= dayNumber('2026-12-31'); d++) {
      const s = dayString(d);
      const expected = s in data.workdays ? true : s in data.holidays ? false : isoWeekday(d) <= 5;
      if (isWorkingDay(cal, d) !== expected) wrong.push(s);
    }
    expect(wrong).toEqual([]);
  });
});
