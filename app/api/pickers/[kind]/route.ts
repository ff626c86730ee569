import { getLocale } from 'next-intl/server';
import { routeHandler } from '@/lib/http/route';
import { searchPicker } from '@/lib/pickers/queries';

/** What a picker offers as the person types (lib/pickers decides what the viewer may pick). */
export const GET = routeHandler(async (req, c, { params }: { params: Promise<{ kind: string }> }) => {
  const { kind } = await params;
  const sp = new URL(req.url).searchParams;
  const items = await searchPicker(c.db, c.viewer, kind, { q: sp.get('q') ?? undefined, org: sp.get('org') ?? undefined, ids: sp.get('ids') ?? undefined }, await getLocale());
  return Response.json({ items }, { headers: { 'cache-control': 'private, no-store' } });
});
