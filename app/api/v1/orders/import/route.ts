import { apiHandler } from '@/lib/integrations/handler';
import { mailTranslator } from '@/lib/mail/translator';
import { apiImportOrders } from '@/lib/orders/api';

/** POST: an ERP file (CSV or XLSX bytes as the body; `?send=1` sends new orders; `?filename=` for the audit log). Answers counts and the refused rows. */
export const POST = apiHandler('orders:write', async (req, c) => {
  const q = new URL(req.url).searchParams;
  const bytes = new Uint8Array(await req.arrayBuffer());
  const r = await apiImportOrders(c.db, c.viewer, bytes, { send: q.get('send') === '1' || q.get('send') === 'true', fileName: q.get('filename') ?? undefined, meta: c.meta });
  const t = await mailTranslator(c.locale);
  return { ...r, rows: r.rows.map((x) => ({ ...x, reasons: x.reasons.map((m) => ({ field: m.field ?? null, message: t(m.key, m.params) })) })) };
});
