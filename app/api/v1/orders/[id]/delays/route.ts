import { apiHandler } from '@/lib/integrations/handler';
import { apiDelays } from '@/lib/orders/api';

/** GET: the supplier's delay notices on the order. */
export const GET = apiHandler('orders:read', async (_req, c, { params }: { params: Promise<{ id: string }> }) => apiDelays(c.db, c.viewer, (await params).id));
