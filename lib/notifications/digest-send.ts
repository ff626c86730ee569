import 'server-only';
import { Resend } from 'resend';
import { env } from '@/lib/env';
import { configuredSmtp } from '@/lib/mail/transport';

/**
 * Sends digests in batches: with Resend, one call to the batch endpoint per ≤100 mails, with an
 * idempotency key per batch (the same batch sent again after a crash is not sent twice); 429 →
 * wait for Retry-After; 5xx and network errors → exponential back-off with jitter; other 4xx →
 * failed, not retried. Without Resend the outbox is the delivery (nothing leaves the machine).
 */
export const RESEND_BATCH_MAX = 100;

export type BatchMail = {
  from: string; to: string; subject: string; html: string; text: string; headers: Record<string, string>;
  /** The mail's own idempotency key (its outbox row's): SMTP derives the Message-ID from it. */
  key?: string;
};
export type BatchAttempt =
  | { ok: true; ids: (string | null)[] }
  | { ok: false; error: string; status: number | null; retryAfterMs: number | null; accepted?: (string | null)[] };

export interface BatchTransport {
  name: 'resend' | 'smtp' | 'outbox';
  sendBatch(mails: BatchMail[], idempotencyKey: string): Promise<BatchAttempt>;
}

export const outboxBatchTransport: BatchTransport = {
  name: 'outbox',
  async sendBatch(mails) {
    return { ok: true, ids: mails.map(() => null) };
  },
};

function retryAfterMs(headers: Record<string, string> | null | undefined): number | null {
  const v = headers?.['retry-after'];
  if (!v) return null;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

/** Resend's batch endpoint through the real SDK (RESEND_BASE_URL points it anywhere). */
export function resendBatchTransport(apiKey: string, baseUrl?: string): BatchTransport {
  const client = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  return {
    name: 'resend',
    async sendBatch(mails, idempotencyKey) {
      if (mails.length > RESEND_BATCH_MAX) throw new Error(`a Resend batch holds at most ${RESEND_BATCH_MAX} mails`);
      const r = await client.batch.send(
        mails.map((m) => ({ from: m.from, to: [m.to], subject: m.subject, html: m.html, text: m.text, headers: m.headers })),
        { idempotencyKey },
      );
      if (r.error) {
        const status = (r.error as { statusCode?: number | null }).statusCode ?? null;
        return { ok: false, error: `${r.error.name}: ${r.error.message}`, status, retryAfterMs: retryAfterMs(r.headers) };
      }
      const ids = (r.data?.data ?? []).map((d) => d.id ?? null);
      return { ok: true, ids: mails.map((_, i) => ids[i] ?? null) };
    },
  };
}

let cached: BatchTransport | undefined;
export function configuredBatchTransport(): BatchTransport {
  const e = env();
  cached ??= e.RESEND_API_KEY ? resendBatchTransport(e.RESEND_API_KEY, e.RESEND_BASE_URL) : e.SMTP_URL ? configuredSmtp().batch : outboxBatchTransport;
  return cached;
}

export type RetryPolicy = { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; sleep: (ms: number) => Promise<void> };
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 60_000, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export type BatchOutcome =
  | { ok: true; ids: (string | null)[]; attempts: number }
  /** `accepted`: per mail, the provider's id when that one went out after all (SMTP sends one by one). */
  | { ok: false; error: string; retryable: boolean; attempts: number; accepted?: (string | null)[] };

/** Sends one batch, retrying as the provider asks. The idempotency key stays the same across attempts. */
export async function sendBatchWithRetry(transport: BatchTransport, mails: BatchMail[], idempotencyKey: string, policy: Partial<RetryPolicy> = {}): Promise<BatchOutcome> {
  const p = { ...defaultRetryPolicy, ...policy };
  let last = '';
  let accepted: (string | null)[] | undefined;
  for (let attempt = 1; attempt <= p.maxAttempts; attempt++) {
    const r = await transport.sendBatch(mails, idempotencyKey);
    if (r.ok) return { ok: true, ids: r.ids, attempts: attempt };
    last = r.error;
    accepted = r.accepted;
    const retryable = r.status === null || r.status === 429 || r.status >= 500;
    if (!retryable) return { ok: false, error: r.error, retryable: false, attempts: attempt, accepted };
    if (attempt === p.maxAttempts) break;
    const backoff = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));
    const wait = r.status === 429 && r.retryAfterMs !== null ? Math.min(p.maxDelayMs, r.retryAfterMs) : backoff / 2 + Math.random() * (backoff / 2);
    await p.sleep(wait);
  }
  return { ok: false, error: last, retryable: true, attempts: p.maxAttempts, accepted };
}
