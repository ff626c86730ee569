import { describe, expect, it } from 'vitest';
import { loadMessages } from '@/lib/i18n/messages';
import { viewerTranslator } from './translate';

describe('form answers put times in the viewer’s time zone (issue 14: the reminder cool-down showed UTC)', () => {
  // 02:30 UTC is 10:30 in Shanghai and 21:30 the day before in New York.
  const nextAt = Date.UTC(2026, 10, 22, 2, 30);
  it('zh-CN viewer in Asia/Shanghai, server in UTC', async () => {
    const t = viewerTranslator({ locale: 'zh-CN', messages: await loadMessages('zh-CN'), viewerTimeZone: 'Asia/Shanghai', fallbackTimeZone: 'UTC' });
    const text = t('announcements.errors.remindTooSoon', { nextAt });
    expect(text).toContain('10:30');
    expect(text).not.toContain('02:30');
  });
  it('en viewer in America/New_York', async () => {
    const t = viewerTranslator({ locale: 'en', messages: await loadMessages('en'), viewerTimeZone: 'America/New_York', fallbackTimeZone: 'UTC' });
    expect(t('announcements.errors.remindTooSoon', { nextAt })).toMatch(/9:30\s?PM/);
  });
  it('nobody signed in: the fallback zone', async () => {
    const t = viewerTranslator({ locale: 'en', messages: await loadMessages('en'), viewerTimeZone: null, fallbackTimeZone: 'Asia/Shanghai' });
    expect(t('announcements.errors.remindTooSoon', { nextAt })).toMatch(/10:30\s?AM/);
  });
});
