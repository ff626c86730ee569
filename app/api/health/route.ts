import { getHealth } from '@/lib/health';

export const dynamic = 'force-dynamic';

/** Liveness and readiness: 200 when the database answers; the worker's state is reported too. */
export async function GET() {
  const health = await getHealth();
  return Response.json(health, { status: health.database.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
