import { downloadHeaders } from '@/lib/files/http';
import { openFileForViewer } from '@/lib/files/queries';
import { routeHandler } from '@/lib/http/route';

/**
 * Downloads a stored file. lib/files decides who may (the uploader, or anyone who may see an item
 * it is attached to); everyone else, and any malformed id, gets 404. Always an attachment with
 * the type detected at upload, nosniff and a sandbox CSP (lib/files/http.ts); streamed.
 */
export const GET = routeHandler(async (req, c, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const file = await openFileForViewer(c.db, c.viewer, id);
  // ?inline=1: a raster image shown as a preview on an item's page (lib/files/http.ts); else an attachment.
  const headers = downloadHeaders(file, { inline: new URL(req.url).searchParams.get('inline') === '1' });
  if (req.headers.get('if-none-match') === headers.etag) {
    await file.stream.cancel();
    const rest: Record<string, string> = { ...headers };
    delete rest['content-length'];
    return new Response(null, { status: 304, headers: rest });
  }
  // Streamed a chunk at a time (lib/files/storage.ts): a 100 MB document is never held whole.
  return new Response(file.stream, { headers });
});
