import { apiHandler } from '@/lib/integrations/handler';
import { apiSendOrder } from '@/lib/orders/api';

/** POST: sends a draft order to the supplier. */
export const POST = apiHandler('orders:write', async (_req, c, { params }: { params: Promise<{ id: string }> }) => apiSendOrder(c.db, c.viewer, (await params).id, { meta: c.meta }));
