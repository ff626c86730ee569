import 'server-only';
import { randomBytes } from 'node:crypto';
import { render, toPlainText } from '@react-email/render';
import { digestMail, type DigestProps } from '@/emails/digest';
import { env } from '@/lib/env';
import type { AppLocale } from '@/lib/i18n/config';
import { mailTranslator, type MailT } from '@/lib/mail/translator';

/**
 * Renders digests fast enough for 50,000 a run (see docs/decisions/0800). The same react-email
 * template as everywhere (emails/digest.tsx), but:
 * - one translator per language for the whole run (not one per mail);
 * - one React render per mail: the plain-text part is converted from that HTML with the same
 *   converter and options react-email uses (`toPlainText`), not rendered a second time;
 * - digests with the same content (same language, period, date and sections — typically everyone
 *   who got the same announcements and has not read them) are rendered once: the template is
 *   rendered with per-run random placeholders for the two personal parts (the name and the
 *   unsubscribe token), which are then substituted — HTML-escaped in the HTML part, as React
 *   would. The cache is bounded, so memory stays flat however many people there are.
 */
export type RenderedDigest = { subject: string; html: string; text: string };
export type DigestRenderStats = { renders: number; hits: number };

const CACHE_MAX = 500;

/** What React does to text content (react-dom's escapeTextForBrowser). */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#x27;'));
}

export function createDigestRenderer(opts: { cache?: boolean } = {}) {
  const useCache = opts.cache ?? true;
  const translators = new Map<AppLocale, Promise<MailT>>();
  const cache = new Map<string, { html: string; text: string }>();
  const nonce = randomBytes(9).toString('hex');
  const NAME = `plz${nonce}n`;
  const TOKEN = `plz${nonce}t`;
  const stats: DigestRenderStats = { renders: 0, hits: 0 };
  const baseUrl = env().AUTH_URL;

  const translator = (locale: AppLocale) => {
    let t = translators.get(locale);
    if (!t) translators.set(locale, (t = mailTranslator(locale)));
    return t;
  };

  async function renderDigest(locale: AppLocale, props: DigestProps): Promise<RenderedDigest> {
    const t = await translator(locale);
    const ctx = { t, locale, baseUrl };
    const subject = digestMail.subject(props, ctx);
    const key = useCache ? JSON.stringify([locale, props.frequency, props.date, props.sections]) : '';
    let shell = useCache ? cache.get(key) : undefined;
    if (shell) {
      stats.hits += 1;
    } else {
      stats.renders += 1;
      const html = await render(digestMail.render({ ...props, name: NAME, unsubscribeToken: TOKEN }, ctx));
      shell = { html, text: toPlainText(html) };
      if (useCache) {
        if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
        cache.set(key, shell);
      }
    }
    const token = encodeURIComponent(props.unsubscribeToken);
    return {
      subject,
      html: shell.html.replaceAll(NAME, escapeHtml(props.name)).replaceAll(TOKEN, escapeHtml(token)),
      text: shell.text.replaceAll(NAME, props.name).replaceAll(TOKEN, token),
    };
  }

  return { renderDigest, stats };
}
