import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Resend-compatible HTTP endpoint for tests and the digest benchmark (the real Resend
 * SDK is pointed at it with a base URL): POST /emails/batch and /emails, Bearer auth, honours
 * Idempotency-Key like Resend (a repeated key answers the first response and sends nothing), and
 * can answer 429 (with Retry-After) or 500 at random. It records every accepted mail.
 */
export type FakeResendOptions = {
  rate429?: number; rate500?: number; retryAfterSeconds?: number; apiKey?: string; random?: () => number;
  /** Keep each accepted mail's subject, HTML and text (tests); the benchmark keeps only recipients and headers. */
  keepBodies?: boolean;
};
export type AcceptedMail = { to: string; subject: string; html: string; text: string; headers: Record<string, string>; batchKey: string | null };

export async function startFakeResend(opts: FakeResendOptions = {}) {
  const accepted: AcceptedMail[] = [];
  const responses = new Map<string, string>();
  const stats = { calls: 0, batchCalls: 0, status429: 0, status500: 0, duplicateKeys: 0, maxBatch: 0 };
  const random = opts.random ?? Math.random;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stats.calls += 1;
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${opts.apiKey ?? 're_test'}`) return json(401, { statusCode: 401, name: 'missing_api_key', message: 'Missing API key' });
      if (req.method !== 'POST' || (req.url !== '/emails/batch' && req.url !== '/emails')) return json(404, { statusCode: 404, name: 'not_found', message: 'Not found' });
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
      if (key && responses.has(key)) {
        stats.duplicateKeys += 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(responses.get(key));
      }
      const roll = random();
      if (roll < (opts.rate429 ?? 0)) {
        stats.status429 += 1;
        return json(429, { statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests' }, { 'retry-after': String(opts.retryAfterSeconds ?? 0) });
      }
      if (roll < (opts.rate429 ?? 0) + (opts.rate500 ?? 0)) {
        stats.status500 += 1;
        return json(500, { statusCode: 500, name: 'internal_server_error', message: 'Something went wrong' });
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      const list = (req.url === '/emails/batch' ? body : [body]) as { to: string[] | string; subject: string; html: string; text: string; headers?: Record<string, string> }[];
      if (!Array.isArray(list) || list.length > 100) return json(422, { statusCode: 422, name: 'validation_error', message: 'A batch holds 1 to 100 emails' });
      if (req.url === '/emails/batch') {
        stats.batchCalls += 1;
        stats.maxBatch = Math.max(stats.maxBatch, list.length);
      }
      const ids = list.map((m) => {
        const keep = opts.keepBodies ?? true;
        accepted.push({ to: Array.isArray(m.to) ? m.to[0] : m.to, subject: keep ? m.subject : '', html: keep ? m.html : '', text: keep ? m.text : '', headers: m.headers ?? {}, batchKey: key });
        return { id: randomUUID() };
      });
      const out = JSON.stringify(req.url === '/emails/batch' ? { data: ids } : ids[0]);
      if (key) responses.set(key, out);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    stats,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
