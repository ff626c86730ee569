/**
 * One line for a start failure, saying what to do — never a stack trace. Known causes (bad
 * configuration, the embedded database, an unreachable DATABASE_URL, a port in use) get their
 * advice; anything else its message, first line only.
 */
export function describeStartFailure(e: unknown, ctx: { databaseUrl?: string; port?: number } = {}): string {
  const err = e as (Error & { code?: string; address?: string; port?: number; errors?: Error[] }) | undefined;
  const code = err?.code ?? (err?.errors?.[0] as (Error & { code?: string }) | undefined)?.code;
  const where = (() => {
    if (!ctx.databaseUrl) return 'the database';
    try {
      const u = new URL(ctx.databaseUrl);
      return `the database at ${u.hostname}:${u.port || 5432}${u.pathname}`;
    } catch {
      return 'the database';
    }
  })();
  if (err?.name === 'EnvError' || err?.name === 'StartError') return err.message;
  if (code === 'EADDRINUSE') return `Port ${err?.port ?? ctx.port ?? ''} is in use — another Plaza or program is listening there: stop it, or set PORT to a free port.`.replace('Port  ', 'The port ');
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') {
    return `Cannot reach ${where} (${code}): start PostgreSQL or correct DATABASE_URL — or unset DATABASE_URL to use the embedded database.`;
  }
  if (code === '28P01' || code === '28000') return `${where} refused the user or password in DATABASE_URL: correct DATABASE_URL.`;
  if (code === '3D000') return `${where} does not exist: create it (createdb) or correct DATABASE_URL.`;
  const msg = (err instanceof Error ? err.message : String(e)).split('\n')[0].trim();
  return msg || 'Plaza could not start (no reason given): run again with the output above.';
}
