import { getHealth } from '@/lib/health';
import { routeHandler } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Liveness and readiness: 200 when the database answers; the worker's state is reported too. */
export const GET = routeHandler(
  async () => {
    const health = await getHealth();
    return Response.json(health, { status: health.database.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
  },
  { anonymous: true },
);
