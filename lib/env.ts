import { z } from 'zod';

/**
 * All configuration, validated once. Nothing else reads process.env (eslint enforces it).
 * Parsed on first use so that `next build` does not need runtime secrets, and validated eagerly
 * when a process starts: `npm start` (scripts/start.ts), `npm run worker` (scripts/worker.ts) and
 * the web server (instrumentation.ts `register()`) call `validateEnvOrExit()` before serving
 * anything, so a bad setting stops the process with one line naming the variable.
 */
const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.string().url({ message: 'must be a postgres:// URL' }),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    AUTH_SECRET: z.string().min(32, { message: 'must be at least 32 characters (openssl rand -base64 32)' }),
    AUTH_URL: z.string().url().default('http://localhost:3000'),
    OIDC_ISSUER: z.string().url({ message: 'must be the issuer URL of your OpenID Connect provider' }),
    OIDC_CLIENT_ID: z.string().min(1),
    OIDC_CLIENT_SECRET: z.string().min(1),
    OIDC_DISPLAY_NAME: z.string().default(''),
    PLAZA_DEV_IDP: bool,
    PLAZA_SELF_REGISTRATION: bool,
    PLAZA_SELF_REGISTRATION_UNIT: z.string().optional(),
    MAIL_FROM: z.string().default('Plaza <plaza@localhost>'),
    RESEND_API_KEY: z.string().optional(),
    RESEND_BASE_URL: z.string().url().optional(),
    /** Signing secret of the Resend webhook (whsec_…): /api/webhooks/resend verifies every event with it. */
    /**
     * SMTP instead of a hosted provider (companies that cannot use one): smtp://user:pass@host:587
     * (STARTTLS required) or smtps://user:pass@host:465. Not together with RESEND_API_KEY.
     */
    SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s/]+(:\d{1,5})?\/?$/, { message: 'must look like smtp://user:password@host:587 or smtps://user:password@host:465' }).optional(),
    RESEND_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, { message: 'must be the whsec_… signing secret shown on the webhook page' }).optional(),
    /**
     * The quick-start demo only: signed-in people (not just admins) may open /outbox, with a demo
     * banner. Refused with real mail delivery and in production outside the embedded demo database.
     */
    PLAZA_OUTBOX_VIEWER: bool,
    /** Set by `npm start` when it runs the embedded database (the demo); not for operators. */
    PLAZA_EMBEDDED_DB: bool,
    /** Rendered mail bodies are kept this many days in the outbox, then only the metadata. */
    PLAZA_OUTBOX_RETENTION_DAYS: z.coerce.number({ message: 'must be a whole number of days (1–3650)' }).int({ message: 'must be a whole number of days (1–3650)' }).min(1, { message: 'must be a whole number of days (1–3650)' }).max(3650, { message: 'must be a whole number of days (1–3650)' }).default(30),
    /**
     * Whom people refused at sign-in (deactivated, unknown) should contact, shown as written on the
     * refusal page, e.g. "IT 服务台 it-help@example.com / 8000". Unset: a general text naming the IT department.
     */
    PLAZA_SUPPORT_CONTACT: z
      .string()
      .trim()
      .max(200, { message: 'must be at most 200 characters' })
      .refine((s) => !/[<>\p{Cc}]/u.test(s), { message: 'must be plain text on one line (no < > or control characters)' })
      .optional()
      .transform((s) => s || undefined),
    /** Deprecated: true means PLAZA_TRUSTED_PROXIES=1. */
    PLAZA_TRUST_PROXY: bool,
    /**
     * How many reverse proxies in front of Plaza append to X-Forwarded-For. The client is the
     * address that many hops from the right; 0 (no proxy): the connection's own address.
     */
    PLAZA_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).optional(),
    /** Largest knowledge-base document, in MB (streamed: lib/files/stream.ts). Default 100. */
    PLAZA_MAX_DOCUMENT_MB: z.coerce.number({ message: 'must be a whole number of MB (1–2000)' }).int({ message: 'must be a whole number of MB (1–2000)' }).min(1, { message: 'must be a whole number of MB (1–2000)' }).max(2000, { message: 'must be a whole number of MB (1–2000)' }).default(100),
    /** Where file bytes live: PostgreSQL (default) or an S3-compatible bucket (lib/files/s3.ts). */
    PLAZA_FILE_STORE: z.enum(['postgres', 's3']).default('postgres'),
    S3_ENDPOINT: z.string().url().optional(),
    S3_REGION: z.string().default('us-east-1'),
    S3_BUCKET: z.string().optional(),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    S3_FORCE_PATH_STYLE: bool,
    S3_PREFIX: z.string().default(''),
    /**
     * The background worker yields the machine to the web app: its process runs at this nice
     * level (0 = as the web server, 19 = lowest; default 10), and the digest job pauses this many
     * milliseconds after each batch of 100 mails (default 0). docs/decisions/0800, "Digest speed".
     */
    PLAZA_WORKER_NICE: z.coerce.number({ message: 'must be a whole number from 0 to 19' }).int({ message: 'must be a whole number from 0 to 19' }).min(0, { message: 'must be a whole number from 0 to 19' }).max(19, { message: 'must be a whole number from 0 to 19' }).default(10),
    PLAZA_DIGEST_PAUSE_MS: z.coerce.number({ message: 'must be a whole number of milliseconds (0–60000)' }).int({ message: 'must be a whole number of milliseconds (0–60000)' }).min(0, { message: 'must be a whole number of milliseconds (0–60000)' }).max(60_000, { message: 'must be a whole number of milliseconds (0–60000)' }).default(0),
    /** Hard cap on a session, from sign-in, in hours (fractions allowed). Default 7 days. */
    PLAZA_SESSION_MAX_HOURS: z.coerce.number().positive().max(24 * 90).default(7 * 24),
    /** A session unused this long ends, in hours (fractions allowed). Default 8 hours. */
    PLAZA_SESSION_IDLE_HOURS: z.coerce.number().positive().max(24 * 90).default(8),
  })
  .superRefine((v, ctx) => {
    if (v.PLAZA_FILE_STORE === 's3' && !v.S3_BUCKET) {
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'must name the bucket when PLAZA_FILE_STORE=s3' });
    }
    if (v.PLAZA_SESSION_IDLE_HOURS > v.PLAZA_SESSION_MAX_HOURS) {
      ctx.addIssue({ code: 'custom', path: ['PLAZA_SESSION_IDLE_HOURS'], message: 'must not be longer than PLAZA_SESSION_MAX_HOURS' });
    }
    if (v.SMTP_URL && v.RESEND_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'must not be set together with RESEND_API_KEY: choose one way to deliver mail' });
    }
    if (v.PLAZA_OUTBOX_VIEWER && (v.RESEND_API_KEY || v.SMTP_URL)) {
      ctx.addIssue({ code: 'custom', path: ['PLAZA_OUTBOX_VIEWER'], message: 'must not be on when RESEND_API_KEY or SMTP_URL delivers real mail (admins always see /outbox): unset it' });
    } else if (v.PLAZA_OUTBOX_VIEWER && v.NODE_ENV === 'production' && !v.PLAZA_EMBEDDED_DB) {
      ctx.addIssue({ code: 'custom', path: ['PLAZA_OUTBOX_VIEWER'], message: 'is for the quick-start demo on the embedded database only, not with DATABASE_URL in production (admins always see /outbox): unset it' });
    }
    if (v.NODE_ENV === 'production' && v.PLAZA_DEV_IDP === false && /\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(v.OIDC_ISSUER ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUER'], message: 'points at the local development identity provider; set PLAZA_DEV_IDP=true to allow it in production' });
    }
  });

export type Env = z.infer<typeof schema> & {
  mailTransport: 'resend' | 'smtp' | 'outbox';
  /** The quick-start demo's open outbox: signed-in people may read it (lib/mail/outbox.ts). */
  demoOutbox: boolean;
  /** PLAZA_TRUSTED_PROXIES, or 1 with the older PLAZA_TRUST_PROXY=true, else 0. */
  trustedProxies: number;
  /** Session lifetimes in seconds (absolute from sign-in, idle). */
  sessionMaxAgeSec: number;
  sessionIdleSec: number;
};

let cached: Env | undefined;

/** A bad setting: one line naming each variable and what is wrong with it. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')} (README, "Configuration").`);
    this.name = 'EnvError';
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) throw new EnvError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'} ${i.message}`));
  const d = parsed.data;
  return {
    ...d,
    mailTransport: d.RESEND_API_KEY ? 'resend' : d.SMTP_URL ? 'smtp' : 'outbox',
    demoOutbox: d.PLAZA_OUTBOX_VIEWER && !d.RESEND_API_KEY && !d.SMTP_URL && (d.PLAZA_EMBEDDED_DB || d.NODE_ENV !== 'production'),
    trustedProxies: d.PLAZA_TRUSTED_PROXIES ?? (d.PLAZA_TRUST_PROXY ? 1 : 0),
    sessionMaxAgeSec: Math.round(d.PLAZA_SESSION_MAX_HOURS * 3600),
    sessionIdleSec: Math.round(d.PLAZA_SESSION_IDLE_HOURS * 3600),
  };
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * Validates the configuration now; on a bad setting prints one line (`[who] Invalid
 * configuration: NAME …`) and exits with status 1 — never a stack trace.
 */
export function validateEnvOrExit(who: string): Env {
  try {
    return env();
  } catch (e) {
    console.error(`[${who}] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

/** For code that runs inside child processes started by scripts/ (they pass env explicitly). */
export function resetEnvForTests(): void {
  cached = undefined;
}

/**
 * True only inside a vitest run outside production (read live, never cached): the one switch for
 * test-only stand-ins such as lib/im/providers.ts `allowTestEndpoint`. No setting turns it on.
 */
export function underTestRunner(): boolean {
  return process.env.VITEST === 'true' && process.env.NODE_ENV !== 'production';
}
