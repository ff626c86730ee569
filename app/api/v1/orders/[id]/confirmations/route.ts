import { apiHandler } from '@/lib/integrations/handler';
import { apiConfirmations } from '@/lib/orders/api';

/** GET: the supplier's answer per line (confirmed with the committed date, proposed changes, rejections). */
export const GET = apiHandler('orders:read', async (_req, c, { params }: { params: Promise<{ id: string }> }) => apiConfirmations(c.db, c.viewer, (await params).id));
