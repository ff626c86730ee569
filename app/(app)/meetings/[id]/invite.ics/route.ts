import { env } from '@/lib/env';
import { routeHandler } from '@/lib/http/route';
import { getMeetingIcs } from '@/lib/meetings/queries';

/** The meeting's current calendar file, for its organiser and attendees only (lib checks). */
export const GET = routeHandler(async (_req, c, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const ics = await getMeetingIcs(c.db, c.viewer, id, env().AUTH_URL);
  return new Response(ics, {
    headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'attachment; filename="invite.ics"', 'cache-control': 'private, no-store' },
  });
});
