import { render, toPlainText } from '@react-email/render';
import { describe, expect, it } from 'vitest';
import { digestMail, type DigestProps } from '@/emails/digest';
import { env } from '@/lib/env';
import { mailTranslator } from '@/lib/mail/translator';
import { createDigestRenderer } from './digest-render';

const sections: DigestProps['sections'] = [{ key: 'announcements.unread', heading: 'notifications.digest.sections.unread', total: 1, moreHref: '/announcements', entries: [{ title: '食堂 <菜单> & 调整', href: '/announcements/1' }] }];
const props = (name: string, token: string): DigestProps => ({ name, frequency: 'daily', date: '2026-12-01', sections, unsubscribeToken: token });

describe('digest renderer', () => {
  it('renders identical content once and fills in each person — the same mail a full render gives', async () => {
    const r = createDigestRenderer();
    const a = await r.renderDigest('zh-CN', props('O\'Brien <b>&', 'p1.123.sig-_A'));
    const b = await r.renderDigest('zh-CN', props('刘洋', 'p2.456.sig'));
    expect(r.stats).toEqual({ renders: 1, hits: 1 });
    const t = await mailTranslator('zh-CN');
    const full = await render(digestMail.render(props('刘洋', 'p2.456.sig'), { t, locale: 'zh-CN', baseUrl: env().AUTH_URL }));
    expect(b.html).toBe(full);
    expect(b.text).toBe(toPlainText(full));
    expect(a.html).toContain('O&#x27;Brien &lt;b&gt;&amp;');
    expect(a.html).not.toContain('<b>&');
    expect(a.text).toContain('O\'Brien <b>&');
    expect(a.html).toContain('/unsubscribe?token=p1.123.sig-_A');
    expect(a.html).not.toMatch(/plz[0-9a-f]{18}/);
    // Another language or other sections: rendered anew.
    await r.renderDigest('en', props('Liu', 'p3.1.s'));
    expect(r.stats.renders).toBe(2);
  });
});
