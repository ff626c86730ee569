import { apiResult, readJson } from '@/lib/integrations/api';
import { apiHandler } from '@/lib/integrations/handler';
import { apiCreateOrder, apiListOrders } from '@/lib/orders/api';

/** GET: the orders the token's person sees (keyset pages: `?after=<next>`). POST: create an order (`send: true` sends it). README, "Integration API". */
export const GET = apiHandler('orders:read', async (req, c) => apiListOrders(c.db, c.viewer, new URL(req.url).searchParams));

export const POST = apiHandler('orders:write', async (req, c) => apiResult(await apiCreateOrder(c.db, c.viewer, await readJson(req), { meta: c.meta }), 201));
