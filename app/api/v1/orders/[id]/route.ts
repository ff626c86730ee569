import { readJson } from '@/lib/integrations/api';
import { apiHandler } from '@/lib/integrations/handler';
import { apiGetOrder, apiReviseOrder } from '@/lib/orders/api';

type Segment = { params: Promise<{ id: string }> };

/** GET: one order with its lines and their confirmation state. PUT: a change order (the whole new header and lines). */
export const GET = apiHandler('orders:read', async (_req, c, { params }: Segment) => apiGetOrder(c.db, c.viewer, (await params).id));

export const PUT = apiHandler('orders:write', async (req, c, { params }: Segment) => apiReviseOrder(c.db, c.viewer, (await params).id, await readJson(req), { meta: c.meta }));
