import { describe, expect, it } from 'vitest';
import { displayTitle } from './title';
import { checkComposeRules, parseLocalDateTime, toLocalDateTime, type ComposeInput } from './schema';

describe('displayTitle', () => {
  it('follows the naming rule in both languages', () => {
    const a = { urgency: 'urgent', title: '设备故障通知', unitName: '生产部', unitNameEn: 'Production' };
    expect(displayTitle(a, 'zh-CN')).toBe('【紧急】生产部-设备故障通知');
    expect(displayTitle({ ...a, title: 'Equipment failure' }, 'en')).toBe('[Urgent] Production – Equipment failure');
    expect(displayTitle({ ...a, urgency: 'normal' }, 'zh-CN')).toBe('生产部-设备故障通知');
    expect(displayTitle({ ...a, unitNameEn: null }, 'en')).toBe('[Urgent] 生产部 – 设备故障通知');
    expect(displayTitle({ urgency: 'normal', title: 'x' }, 'en')).toBe('x');
  });

  it('does not double what the author already typed', () => {
    const a = { urgency: 'urgent', title: '装配一组-设备故障通知', unitName: '装配一组', unitNameEn: 'Assembly Team 1' };
    expect(displayTitle(a, 'zh-CN')).toBe('【紧急】装配一组-设备故障通知');
    expect(displayTitle({ ...a, title: '【紧急】装配一组-设备故障通知' }, 'zh-CN')).toBe('【紧急】装配一组-设备故障通知');
    expect(displayTitle({ ...a, title: '[Urgent] Assembly Team 1 – Line stop' }, 'en')).toBe('[Urgent] Assembly Team 1 – Line stop');
    expect(displayTitle({ ...a, urgency: 'normal', title: '装配一组：周会' }, 'zh-CN')).toBe('装配一组：周会');
    expect(displayTitle({ ...a, urgency: 'normal', title: '装配一组新规' }, 'zh-CN')).toBe('装配一组-装配一组新规');
  });
});

describe('dates in the viewer time zone', () => {
  it('round-trips datetime-local values', () => {
    const d = parseLocalDateTime('2026-11-22T09:30', 'Asia/Shanghai');
    expect(d.toISOString()).toBe('2026-11-22T01:30:00.000Z');
    expect(toLocalDateTime(d, 'Asia/Shanghai')).toBe('2026-11-22T09:30');
    expect(toLocalDateTime(d, 'UTC')).toBe('2026-11-22T01:30');
  });
});

describe('checkComposeRules', () => {
  const now = new Date('2026-11-22T00:00:00Z');
  const base: ComposeInput = {
    kind: 'notice', urgency: 'normal', title: 't', bodyMd: 'b',
    audience: { everyone: true, units: [], roles: [], peopleEmails: [], partnerOrgs: [] },
    ackRequired: false, publishAt: null, pinnedUntil: null, expiresAt: null, targetReach: 0.95, reachDeadline: null,
  };
  const h = (n: number) => new Date(now.getTime() + n * 3600_000);
  it.each([
    ['empty audience', { audience: { ...base.audience, everyone: false } }, { audience: 'announcements.errors.audienceEmpty' }],
    ['publish in the past', { publishAt: h(-2) }, { publishAt: 'announcements.errors.publishAtPast' }],
    ['pin in the past', { pinnedUntil: h(-1) }, { pinnedUntil: 'announcements.errors.pinnedUntilPast' }],
    ['expiry before publish', { publishAt: h(5), expiresAt: h(4) }, { expiresAt: 'announcements.errors.expiresAtPast' }],
    ['pin after expiry', { pinnedUntil: h(10), expiresAt: h(5) }, { pinnedUntil: 'announcements.errors.pinAfterExpiry' }],
    ['deadline in the past', { reachDeadline: h(-1) }, { reachDeadline: 'announcements.errors.reachDeadlinePast' }],
    ['fine', { publishAt: h(1), pinnedUntil: h(2), expiresAt: h(3), reachDeadline: h(2) }, {}],
  ] as const)('%s', (_n, patch, expected) => {
    expect(checkComposeRules({ ...base, ...patch } as ComposeInput, now)).toEqual(expected);
  });
});
