/**
 * A local OpenID Provider for development and tests, built on oidc-provider (a certified
 * implementation): authorization code + PKCE, a token endpoint, signed ID tokens. Plaza talks to it
 * exactly as to Keycloak, Entra or Okta; nothing here is a shortcut into Plaza.
 *
 * It knows every employee in the Plaza database (active AND deactivated: the company directory
 * doesn't know Plaza's status, Plaza must refuse them itself) plus 钱多多, who is not in Plaza.
 * Subjects are the provider's own ids ('dev-' + a hash of the address), not Plaza person ids,
 * so a first sign-in goes through Plaza's linking by verified e-mail.
 *
 * Started in-process by scripts/start.ts and scripts/idp.ts (tsx). Never import it from app code:
 * oidc-provider is ESM-only and listed in next.config.js serverExternalPackages, and this module
 * does not belong in a web bundle.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import pg from 'pg';
import { demoPeople } from '../../db/seed/demo';

export type DevIdpClient = { clientId: string; clientSecret: string; redirectUris: string[] };
export type DevIdpOptions = {
  port: number;
  /** e.g. http://localhost:3001 — must equal Plaza's OIDC_ISSUER exactly. */
  issuer: string;
  databaseUrl: string;
  clients: DevIdpClient[];
  /** Listen address; defaults to 127.0.0.1 (never exposed beyond this machine by default). */
  host?: string;
};
export type DevIdp = { url: string; close(): Promise<void> };

export type DevAccount = { sub: string; email: string; name: string; locale: string };

/** People the provider knows although Plaza does not. */
const EXTRA_ACCOUNTS = [{ email: 'qian.duoduo@xinghai.example', name: '钱多多', locale: 'zh-CN' }];

/** The provider's own, stable subject for an address. */
export function devSubject(email: string): string {
  return `dev-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 24)}`;
}

/** One-click people on the sign-in page (the rest are reachable through the e-mail field). */
const QUICK_PICKS: { email: string; name: string; nameEn: string; role: string; roleEn: string }[] = [
  ...demoPeople.filter((p) => p.email.endsWith('@xinghai.example')),
  { email: 'qian.duoduo@xinghai.example', name: '钱多多', nameEn: 'Qian Duoduo', role: '不在 Plaza 中的员工', roleEn: 'Employee unknown to Plaza' },
];

class AccountStore {
  constructor(private readonly pool: pg.Pool) {}

  private fromRow(r: { email: string; name: string; locale: string | null }): DevAccount {
    const email = r.email.toLowerCase();
    return { sub: devSubject(email), email, name: r.name, locale: r.locale ?? 'zh-CN' };
  }

  async byEmail(raw: string): Promise<DevAccount | null> {
    const email = raw.normalize('NFKC').trim().toLowerCase();
    const extra = EXTRA_ACCOUNTS.find((a) => a.email === email);
    if (extra) return this.fromRow(extra);
    const { rows } = await this.pool.query<{ email: string; name: string; locale: string | null }>(
      `select email, name, locale from person where kind = 'employee' and lower(email) = $1`,
      [email],
    );
    return rows[0] ? this.fromRow(rows[0]) : null;
  }

  async bySubject(sub: string): Promise<DevAccount | null> {
    const extra = EXTRA_ACCOUNTS.find((a) => devSubject(a.email) === sub);
    if (extra) return this.fromRow(extra);
    const { rows } = await this.pool.query<{ email: string; name: string; locale: string | null }>(
      `select email, name, locale from person
        where kind = 'employee' and 'dev-' || left(encode(sha256(convert_to(lower(email), 'UTF8')), 'hex'), 24) = $1`,
      [sub],
    );
    return rows[0] ? this.fromRow(rows[0]) : null;
  }
}

export async function startDevIdp(opts: DevIdpOptions): Promise<DevIdp> {
  // oidc-provider is ESM-only; a dynamic import works whether tsx runs this file as CJS or ESM.
  const { default: Provider, interactionPolicy } = await import('oidc-provider');
  const issuer = opts.issuer.replace(/\/$/, '');
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 3 });
  const accounts = new AccountStore(pool);

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: `dev-${randomBytes(4).toString('hex')}`, use: 'sig', alg: 'RS256' };

  // A development provider asks who you are on every sign-in, so switching demo people is one click.
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  login?.checks.push(
    new interactionPolicy.Check('dev_always_pick', 'the development provider asks on every sign-in', 'login_required', (ctx: KoaContextWithOIDC) =>
      ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
    ),
  );

  const configuration: Configuration = {
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'locale'] },
    // Put the scope's claims into the ID token itself (Auth.js reads the ID token).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}`, policy },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    jwks: { keys: [signingKey] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 900, Session: 3600, Grant: 3600 },
    async findAccount(_ctx, sub) {
      const a = await accounts.bySubject(sub);
      if (!a) return undefined;
      return {
        accountId: a.sub,
        async claims() {
          return { sub: a.sub, email: a.email, email_verified: true, name: a.name, locale: a.locale };
        },
      };
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Error · 错误', `<h1>Sign-in error · 登录出错</h1><pre>${esc(String(out.error))}: ${esc(String(out.error_description ?? ''))}</pre>`);
    },
  };

  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const m = url.pathname.match(/^\/interaction\/([\w-]+)(\/login|\/abort)?$/);
    if (!m) {
      callback(req, res);
      return;
    }
    handleInteraction(req, res, m[2] ?? '').catch((e) => {
      console.error('[dev-idp]', e);
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Error · 错误', `<h1>Sign-in error · 登录出错</h1><p>${esc(e instanceof Error ? e.message : String(e))}</p><p>Start again from Plaza · 请从 Plaza 重新开始登录。</p>`));
    });
  });

  async function handleInteraction(req: http.IncomingMessage, res: http.ServerResponse, action: string) {
    res.setHeader('cache-control', 'no-store');
    const details = await provider.interactionDetails(req, res);
    if (action === '/abort') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person cancelled' }, { mergeWithLastSubmission: false });
      return;
    }
    if (details.prompt.name === 'consent') {
      // Plaza is the company's own application: consent is implied.
      const { Grant } = provider;
      const grant = details.grantId ? await Grant.find(details.grantId) : new Grant({ accountId: details.session?.accountId, clientId: String(details.params.client_id) });
      if (!grant) throw new Error('grant not found');
      const d = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (d.missingOIDCScope?.length) grant.addOIDCScope(d.missingOIDCScope.join(' '));
      if (d.missingOIDCClaims?.length) grant.addOIDCClaims(d.missingOIDCClaims);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    if (details.prompt.name !== 'login') throw new Error(`unsupported prompt ${details.prompt.name}`);

    if (req.method === 'POST' && action === '/login') {
      const form = new URLSearchParams(await readBody(req));
      const email = (form.get('email') ?? '').trim();
      const account = email ? await accounts.byEmail(email) : null;
      if (!account) {
        sendHtml(res, 200, loginPage(details.uid, email, true));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: account.sub, remember: false } }, { mergeWithLastSubmission: false });
      return;
    }
    sendHtml(res, 200, loginPage(details.uid, '', false));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024) reject(new Error('request too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendHtml(res: http.ServerResponse, status: number, html: string) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'x-frame-options': 'DENY',
    // No form-action: browsers apply it to the redirects after the POST too (back to the client).
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  });
  res.end(html);
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>
body{margin:0;background:#f1f5f9;font-family:-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#0f172a}
main{max-width:560px;margin:0 auto;padding:24px 16px}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:20px}
.banner{background:#fef3c7;border:1px solid #fde68a;color:#78350f;border-radius:8px;padding:10px 12px;font-size:13px;margin-bottom:16px}
h1{font-size:20px;margin:0 0 4px}p.sub{color:#475569;font-size:14px;margin:0 0 16px}
.pick{display:flex;width:100%;text-align:left;gap:12px;align-items:center;background:#fff;border:1px solid #cbd5e1;border-radius:8px;padding:10px 12px;margin:0 0 8px;cursor:pointer;font:inherit}
.pick:hover{border-color:#1f5bc4;background:#eef6ff}.who{font-weight:600}.role{color:#475569;font-size:13px}.mail{color:#64748b;font-size:12px}
label{display:block;font-size:14px;font-weight:600;margin:16px 0 6px}
input{box-sizing:border-box;width:100%;padding:9px 10px;border:1px solid #cbd5e1;border-radius:6px;font:inherit}
.btn{margin-top:10px;background:#1f5bc4;color:#fff;border:0;border-radius:6px;padding:9px 14px;font:inherit;font-weight:600;cursor:pointer}
.err{color:#b91c1c;font-size:14px;margin:8px 0 0}a{color:#1f5bc4;font-size:13px}
</style></head><body><main>${body}</main></body></html>`;
}

function loginPage(uid: string, email: string, notFound: boolean): string {
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  // The one-click people submit their address as the button's value, so the page has exactly one
  // e-mail input (the field for anyone else).
  const picks = QUICK_PICKS.map(
    (p) => `<button class="pick" type="submit" name="email" value="${esc(p.email)}" data-email="${esc(p.email)}" formnovalidate><span><span class="who">${esc(p.name)} ${esc(p.nameEn)}</span><br>
<span class="role">${esc(p.role)} · ${esc(p.roleEn)}</span><br><span class="mail">${esc(p.email)}</span></span></button>`,
  ).join('\n');
  return page(
    'Company sign-in · 公司统一登录',
    `<div class="banner">开发用身份提供方 — 不校验密码，仅用于本地开发和测试。<br>Development identity provider — no passwords; for local development and tests only.</div>
<div class="card"><h1>公司统一登录 · Company sign-in</h1><p class="sub">选择要登录的人员 · Choose who signs in</p>
<form method="post" action="${action}">${picks}</form>
<form method="post" action="${action}"><label for="email">其他员工的邮箱 · Another employee's e-mail</label>
<input id="email" name="email" type="email" autocomplete="off" value="${esc(email)}" placeholder="name@xinghai.example" required>
${notFound ? `<p class="err" role="alert">没有这个账号 · No such account at this identity provider</p>` : ''}
<button class="btn" type="submit" data-testid="idp-submit">登录 · Sign in</button></form>
<p><a href="/interaction/${encodeURIComponent(uid)}/abort">取消 · Cancel</a></p></div>`,
  );
}
