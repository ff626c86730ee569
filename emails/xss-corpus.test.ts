import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armPage, domFindings, loadPayloads, SENTINEL_SCRIPT } from '@/e2e/xss-guard';
import type { MailName, MailProps } from '@/lib/mail/registry';
import { mailRegistry } from '@/lib/mail/registry';
import { renderMail } from '@/lib/mail/send';

/**
 * The stored-XSS corpus (e2e/xss/payloads.txt) through every mail template in emails/: every
 * text a person or an item supplies (titles, names, organisation and unit names, excerpts,
 * details, reasons) carries a payload; the rendered HTML is loaded in Chromium with no CSP (a
 * mail client has none) and the test fails if anything runs or the DOM holds a handler, a
 * javascript: URL or a frame (e2e/xss-guard.ts). Links are built by Plaza from ids and its own
 * address, never from user text: they stay real links with the payload in their query string.
 */
const payloads = loadPayloads();
const url = (p: string) => `https://plaza.example/x?q=${encodeURIComponent(p)}`;
const id = '00000000-0000-4000-8000-000000000001';

const propsFor: { [N in MailName]: (p: string) => MailProps<N> } = {
  notice: (p) => ({ heading: p, paragraphs: [p, `before ${p} after`], actionLabel: p, actionUrl: url(p) }),
  'partner-sign-in': (p) => ({ url: url(p), expiresMinutes: 10 }),
  'partner-invitation': (p) => ({ inviterName: p, inviterNameEn: p, orgName: p, orgNameEn: p, recipientName: p, email: 'x@partner.example', role: 'member' }),
  'announcement-published': (p) => ({ purpose: 'publish', announcementId: id, urgency: 'urgent', title: p, titleEn: p, unitName: p, unitNameEn: p, excerpt: p, excerptEn: p, ackRequired: true }),
  'announcement-escalation': (p) => ({ announcementId: id, urgency: 'normal', title: p, unitName: p, unitNameEn: p, people: [{ name: p, nameEn: p, unit: p, unitEn: p }], total: 3 }),
  'announcement-response-reminder': (p) => ({ announcementId: id, title: p, titleEn: p, urgency: 'urgent', unitName: p, unitNameEn: p, deadline: '2026-12-01T01:00:00Z', timezone: 'Asia/Shanghai' }),
  'announcement-approval': (p) => ({ what: 'rejected', announcementId: id, urgency: 'normal', title: p, unitName: p, unitNameEn: p, authorName: p, summary: p, reason: p }),
  'emergency-alert': (p) => ({ announcementId: id, planName: p, title: p, unitName: p, unitNameEn: p, details: p, round: 2 }),
  digest: (p) => ({ name: p, frequency: 'daily', date: '2026-11-29', unsubscribeToken: p, sections: [{ key: 'announcements', heading: 'notifications.digest.sections.unread', total: 2, moreHref: '/announcements', entries: [{ title: p, href: '/announcements', urgent: true }, { title: `x ${p}`, href: '/announcements' }] }] }),
  'meeting-invitation': (p) => ({ id, title: p, startsAt: '2026-12-01T01:00:00Z', endsAt: '2026-12-01T02:00:00Z', timezone: 'Asia/Shanghai', place: p, onlineUrl: null, description: p, organiser: { name: p, email: 'org@xinghai.example' }, sequence: 1, method: 'REQUEST', agendaText: p, files: [{ id, filename: p, size: 10 }] }),
  'request-reply': (p) => ({ requestId: id, number: 7, subject: p, author: p, text: `${p}\n${p}`, status: 'open' }),
  'request-closed': (p) => ({ requestId: id, number: 7, subject: p }),
  'order-event': (p) => ({
    event: 'delay', orderId: id, orderNumber: p, supplier: p, supplierEn: p, path: `/orders/${id}`, actor: p, reason: p, urgent: true, version: 2, currency: 'CNY',
    lines: [{ lineNo: 10, itemCode: p, description: p, quantity: '5', unit: p, requiredDate: '2026-12-01', unitPrice: '1.5', change: 'changed', changes: [{ field: 'description', old: p, new: p }], oldDate: '2026-12-01', newDate: '2026-12-09', daysLate: 8 }],
  }),
  'task-reminder': (p) => ({ taskId: id, title: p, dueOn: '2026-12-01', kind: 'overdue' }),
};

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('mail templates × stored-XSS corpus', () => {
  it('the corpus is the public list, 300 payloads or more', () => {
    expect(payloads.length).toBeGreaterThanOrEqual(300);
  });

  it('the nets catch markup that was not escaped (a control: the test can fail)', async () => {
    const page = await browser.newPage();
    const hits = await armPage(page);
    await page.setContent(`<!doctype html><html><head><script>${SENTINEL_SCRIPT}</script></head><body>${payloads.slice(0, 3).join('')}<img src=x onerror=alert(1)><a href="javascript:alert(2)">x</a></body></html>`, { waitUntil: 'load' });
    await page.waitForTimeout(200);
    const inPage = await page.evaluate(() => (window as unknown as { __xssHits?: string[] }).__xssHits ?? []);
    const dom = await page.evaluate(domFindings);
    await page.close();
    expect(inPage.some((h) => h.startsWith('alert('))).toBe(true);
    expect(dom.some((f) => f.includes('onerror'))).toBe(true);
    expect(dom.some((f) => f.includes('javascript:'))).toBe(true);
    expect(hits).toEqual([]);
  });

  it.each(Object.keys(mailRegistry) as MailName[])('%s: no payload runs in Chromium', async (name) => {
    const page = await browser.newPage();
    const hits = await armPage(page);
    const findings: string[] = [];
    const BATCH = 80;
    for (let b = 0; b < payloads.length; b += BATCH) {
      const batch = payloads.slice(b, b + BATCH);
      const rendered = await Promise.all(batch.map(async (p, j) => {
        const locale = (b + j) % 2 === 0 ? 'en' : 'zh-CN';
        const m = await renderMail({ template: name, props: propsFor[name](p) } as never, locale);
        // The subject is shown by mail clients as text: it must stay the payload, unchanged.
        return `<section><h6>${escapeText(m.subject)}</h6>${m.html}</section>`;
      }));
      // Many mails in one document: the HTML parser folds the extra <html>/<body> into one body.
      // The sentinel goes first in <head> too: setContent replaces the document the init script armed.
      await page.setContent(`<!doctype html><html><head><script>${SENTINEL_SCRIPT}</script></head><body>${rendered.join('\n')}</body></html>`, { waitUntil: 'load' });
      await page.waitForTimeout(100);
      const inPage = await page.evaluate(() => (window as unknown as { __xssHits?: string[] }).__xssHits ?? []);
      const dom = await page.evaluate(domFindings);
      findings.push(...hits.splice(0), ...inPage, ...dom);
      // The payloads were really in the mail (as text).
      const text = await page.evaluate(() => document.body.innerText);
      if (name !== 'partner-sign-in') expect(text).toContain(batch[0].replace(/\s+/g, ' ').trim().slice(0, 10));
    }
    await page.close();
    expect(findings).toEqual([]);
  }, 120_000);
});

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
