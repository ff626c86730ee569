import 'server-only';
import { sql } from 'kysely';
import { db } from '@/db/client';

/** Database reachability and the freshest worker heartbeat (workers beat every 10 s). */
export async function getHealth() {
  const started = Date.now();
  try {
    await sql`select 1`.execute(db());
    const beat = await db().selectFrom('worker_heartbeat').select((eb) => [eb.fn.max('seen_at').as('last'), eb.fn.countAll<number>().as('n')])
      .where('seen_at', '>', new Date(Date.now() - 60_000)).executeTakeFirst();
    const last = beat?.last ? new Date(beat.last as unknown as string) : null;
    return {
      status: last ? 'ok' : 'degraded',
      database: { ok: true, latencyMs: Date.now() - started },
      worker: { ok: !!last, active: Number(beat?.n ?? 0), lastHeartbeat: last?.toISOString() ?? null },
    };
  } catch {
    return { status: 'down', database: { ok: false, latencyMs: Date.now() - started }, worker: { ok: false, active: 0, lastHeartbeat: null } };
  }
}
