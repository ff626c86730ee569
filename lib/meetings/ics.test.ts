import { describe, expect, it } from 'vitest';
import { meetingIcs, type IcsMeeting } from './ics';

const m: IcsMeeting = {
  id: '7f0c3f4e-3a52-4a51-9d0f-2d7c1d3b2a10', title: '质量周会', startsAt: '2026-12-01T02:00:00.000Z', endsAt: '2026-12-01T03:30:00.000Z',
  timezone: 'Asia/Shanghai', place: '3F 会议室', onlineUrl: 'https://meet.example/q', description: '议程', organiser: { name: '张伟', email: 'zhang.wei@x.example' },
  sequence: 0, method: 'REQUEST', url: 'http://localhost/meetings/7f0c',
};
const lines = (s: string) => s.replace(/\r\n[ \t]/g, '').split(/\r?\n/);

describe('meetingIcs', () => {
  it('REQUEST: UID is the meeting, times in the organiser zone with its VTIMEZONE, UTC stamp', () => {
    const l = lines(meetingIcs(m, new Date('2026-11-29T04:00:00Z')));
    expect(l).toContain('METHOD:REQUEST');
    expect(l).toContain(`UID:${m.id}@plaza`);
    expect(l).toContain('SEQUENCE:0');
    expect(l).toContain('DTSTART;TZID=Asia/Shanghai:20261201T100000');
    expect(l).toContain('DTEND;TZID=Asia/Shanghai:20261201T113000');
    expect(l).toContain('BEGIN:VTIMEZONE');
    expect(l).toContain('TZID:Asia/Shanghai');
    expect(l).toContain('DTSTAMP:20261129T040000Z');
    expect(l).toContain('STATUS:CONFIRMED');
    expect(l.some((x) => x.startsWith('ORGANIZER') && x.includes('mailto:zhang.wei@x.example'))).toBe(true);
  });

  it('CANCEL keeps the UID with a higher SEQUENCE; other zones convert', () => {
    const l = lines(meetingIcs({ ...m, method: 'CANCEL', sequence: 3, timezone: 'Europe/Berlin' }));
    expect(l).toContain('METHOD:CANCEL');
    expect(l).toContain(`UID:${m.id}@plaza`);
    expect(l).toContain('SEQUENCE:3');
    expect(l).toContain('STATUS:CANCELLED');
    expect(l).toContain('DTSTART;TZID=Europe/Berlin:20261201T030000');
  });
});
