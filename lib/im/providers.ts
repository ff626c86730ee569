import 'server-only';
import { createHmac } from 'node:crypto';
import { underTestRunner } from '@/lib/env';

/**
 * The IM group-robot providers Plaza posts to, each with the ONE host its incoming webhooks live
 * on, the exact shape of a robot URL, its signing scheme and its rate limit. Nothing else is ever
 * requested: a URL is accepted only when it parses to https://<that host>/<that path> with the
 * provider's own query (no port, no user info, no fragment, no other parameters), and it is
 * checked again right before each request.
 *
 * - DingTalk 钉钉: https://oapi.dingtalk.com/robot/send?access_token=…; optional "加签" secret
 *   (SEC…): &timestamp=<ms>&sign=urlencode(base64(HMAC-SHA256(secret, "<ms>\n<secret>"))); 20 a minute.
 * - WeCom 企业微信: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=<uuid>; no signing; 20 a minute.
 * - Feishu 飞书 / Lark: https://open.feishu.cn (open.larksuite.com)/open-apis/bot/v2/hook/<id>;
 *   optional secret: body timestamp (s) + sign = base64(HMAC-SHA256(key "<s>\n<secret>", "")); 100 a minute.
 * - Slack: https://hooks.slack.com/services/T…/B…/…; the URL is the secret; 1 a second.
 *
 * Tests stand a local HTTP server in for a provider through `allowTestEndpoint`, which refuses
 * to work unless the process runs under vitest and not in production (see there).
 */
export const imProviders = ['dingtalk', 'wecom', 'feishu', 'lark', 'slack'] as const;
export type ImProvider = (typeof imProviders)[number];

type Spec = {
  host: string;
  path: RegExp;
  /** Query parameters the URL must have (name → value pattern); no others are allowed. */
  query: Record<string, RegExp>;
  perMinute: number;
  signing: boolean;
  secret?: RegExp;
};

export const providerSpecs: Record<ImProvider, Spec> = {
  dingtalk: { host: 'oapi.dingtalk.com', path: /^\/robot\/send$/, query: { access_token: /^[0-9a-f]{64}$/ }, perMinute: 20, signing: true, secret: /^SEC[0-9a-f]{64}$/ },
  wecom: { host: 'qyapi.weixin.qq.com', path: /^\/cgi-bin\/webhook\/send$/, query: { key: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ }, perMinute: 20, signing: false },
  feishu: { host: 'open.feishu.cn', path: /^\/open-apis\/bot\/v2\/hook\/[0-9a-zA-Z-]{8,64}$/, query: {}, perMinute: 100, signing: true, secret: /^[0-9A-Za-z]{8,64}$/ },
  lark: { host: 'open.larksuite.com', path: /^\/open-apis\/bot\/v2\/hook\/[0-9a-zA-Z-]{8,64}$/, query: {}, perMinute: 100, signing: true, secret: /^[0-9A-Za-z]{8,64}$/ },
  slack: { host: 'hooks.slack.com', path: /^\/services\/T[0-9A-Z]{6,12}\/B[0-9A-Z]{6,12}\/[0-9A-Za-z]{16,32}$/, query: {}, perMinute: 60, signing: false },
};

/**
 * The demo company's robots (db/seed/demo-channels.ts): addresses of the right shape on the right
 * hosts whose tokens are all zeros — registered switched off. They are never requested: a channel
 * cannot be switched on while it has one (saveChannel asks for the real address), and
 * prepareRequest refuses them before every request, whatever the database says.
 */
export const demoRobotUrls: Record<ImProvider, string> = {
  dingtalk: `https://oapi.dingtalk.com/robot/send?access_token=${'0'.repeat(64)}`,
  wecom: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-0000-0000-0000-000000000000',
  feishu: 'https://open.feishu.cn/open-apis/bot/v2/hook/00000000-0000-0000-0000-000000000000',
  lark: 'https://open.larksuite.com/open-apis/bot/v2/hook/00000000-0000-0000-0000-000000000000',
  slack: 'https://hooks.slack.com/services/T00000000/B00000000/000000000000000000000000',
};

/** Is this the demo's placeholder robot address (compared after parsing, so no spelling slips past)? */
export function isDemoRobotUrl(provider: ImProvider, url: string): boolean {
  try {
    return new URL(url).toString() === new URL(demoRobotUrls[provider]).toString();
  } catch {
    return false;
  }
}

// ---- the test-only stand-in -------------------------------------------------------------------
let testEndpoint: string | null = null;
const underTest = underTestRunner;

/**
 * Tests only: requests for `provider` URLs go to this local origin (http://127.0.0.1:<port>)
 * instead of the provider's host. Throws unless running under vitest outside production, and is
 * checked again before every request, so no setting can turn it on in a real deployment.
 */
export function allowTestEndpoint(origin: string | null): void {
  if (!underTest()) throw new Error('allowTestEndpoint is for tests only');
  if (origin !== null && !/^http:\/\/127\.0\.0\.1:\d{1,5}$/.test(origin)) throw new Error('the test endpoint must be http://127.0.0.1:<port>');
  testEndpoint = origin;
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: 'malformed' | 'foreignHost' | 'shape' };

/** Is this a robot URL of this provider (and nothing else)? */
export function checkWebhookUrl(provider: ImProvider, raw: string): UrlCheck {
  const spec = providerSpecs[provider];
  if (typeof raw !== 'string' || raw.length > 500 || /\s/.test(raw)) return { ok: false, reason: 'malformed' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (url.protocol !== 'https:' || url.hostname !== spec.host || url.port !== '' || url.username || url.password) return { ok: false, reason: 'foreignHost' };
  if (url.hash || !spec.path.test(url.pathname)) return { ok: false, reason: 'shape' };
  const names = [...url.searchParams.keys()];
  const wanted = Object.keys(spec.query);
  if (names.length !== wanted.length || new Set(names).size !== names.length) return { ok: false, reason: 'shape' };
  for (const [name, re] of Object.entries(spec.query)) {
    const v = url.searchParams.get(name);
    if (v === null || !re.test(v)) return { ok: false, reason: 'shape' };
  }
  return { ok: true, url };
}

export function checkSecret(provider: ImProvider, secret: string): boolean {
  const spec = providerSpecs[provider];
  return spec.signing && !!spec.secret?.test(secret);
}

export type ImMessage = { title: string; body: string; link: string | null };
export type PreparedRequest = { url: string; body: string };

/** The request for one post: the provider's message shape, signed when the channel has a secret. */
export function prepareRequest(provider: ImProvider, webhookUrl: string, secret: string | null, msg: ImMessage, now: Date): PreparedRequest {
  const check = checkWebhookUrl(provider, webhookUrl);
  if (!check.ok) throw new Error(`refused: not a ${provider} robot URL (${check.reason})`);
  if (isDemoRobotUrl(provider, check.url.toString())) throw new Error('refused: the demo placeholder address, not a real robot');
  const url = new URL(check.url.toString());
  const text = `${msg.title}\n\n${msg.body}${msg.link ? `\n\n${msg.link}` : ''}`;
  let body: unknown;
  switch (provider) {
    case 'dingtalk': {
      if (secret) {
        const ts = String(now.getTime());
        url.searchParams.set('timestamp', ts);
        url.searchParams.set('sign', createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'));
      }
      body = { msgtype: 'markdown', markdown: { title: msg.title, text: `### ${msg.title}\n\n${msg.body}${msg.link ? `\n\n[${msg.link}](${msg.link})` : ''}` } };
      break;
    }
    case 'wecom':
      body = { msgtype: 'markdown', markdown: { content: `**${msg.title}**\n${msg.body}${msg.link ? `\n[${msg.link}](${msg.link})` : ''}` } };
      break;
    case 'feishu':
    case 'lark': {
      const base = { msg_type: 'text', content: { text } };
      if (secret) {
        const ts = String(Math.floor(now.getTime() / 1000));
        body = { timestamp: ts, sign: createHmac('sha256', `${ts}\n${secret}`).update('').digest('base64'), ...base };
      } else body = base;
      break;
    }
    case 'slack':
      body = { text };
      break;
  }
  let target = url.toString();
  if (testEndpoint !== null) {
    if (!underTest()) throw new Error('test endpoint outside tests');
    target = `${testEndpoint}/${provider}${url.pathname}${url.search}`;
  }
  return { url: target, body: JSON.stringify(body) };
}

export type PostResult = { ok: true } | { ok: false; error: string; retryable: boolean; retryAfterMs: number | null };

/** Reads the provider's answer: HTTP status and, for the Chinese providers, the error code in the body. */
export function readAnswer(provider: ImProvider, status: number, text: string, retryAfter: string | null): PostResult {
  const ra = retryAfter && /^\d{1,5}$/.test(retryAfter) ? Number(retryAfter) * 1000 : null;
  if (status === 429) return { ok: false, error: `${provider} 429 rate limited`, retryable: true, retryAfterMs: ra };
  if (status >= 500) return { ok: false, error: `${provider} HTTP ${status}`, retryable: true, retryAfterMs: null };
  if (status < 200 || status >= 300) return { ok: false, error: `${provider} HTTP ${status}: ${text.slice(0, 200)}`, retryable: false, retryAfterMs: null };
  if (provider === 'slack') return text.trim() === 'ok' ? { ok: true } : { ok: false, error: `slack: ${text.slice(0, 200)}`, retryable: false, retryAfterMs: null };
  let j: { errcode?: number; errmsg?: string; code?: number; msg?: string; StatusCode?: number } = {};
  try {
    j = JSON.parse(text);
  } catch {
    return { ok: false, error: `${provider}: unreadable answer`, retryable: true, retryAfterMs: null };
  }
  const code = j.errcode ?? j.code ?? j.StatusCode ?? 0;
  if (code === 0) return { ok: true };
  // DingTalk 130101 / WeCom 45009: sending too fast — wait for the next minute.
  const tooFast = code === 130101 || code === 45009 || code === 11232;
  return { ok: false, error: `${provider} ${code}: ${(j.errmsg ?? j.msg ?? '').slice(0, 200)}`, retryable: tooFast, retryAfterMs: tooFast ? 60_000 : null };
}
