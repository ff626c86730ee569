import { downloadHeaders } from '@/lib/files/http';
import { getFileForViewer } from '@/lib/files/queries';
import { routeHandler } from '@/lib/http/route';

/**
 * Downloads a stored file. lib/files decides who may (the uploader, or anyone who may see an item
 * it is attached to); everyone else, and any malformed id, gets 404. Always an attachment with
 * the type detected at upload, nosniff and a sandbox CSP (lib/files/http.ts).
 */
export const GET = routeHandler(async (req, c, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const file = await getFileForViewer(c.db, c.viewer, id);
  const headers = downloadHeaders(file);
  if (req.headers.get('if-none-match') === headers.etag) {
    const rest: Record<string, string> = { ...headers };
    delete rest['content-length'];
    return new Response(null, { status: 304, headers: rest });
  }
  return new Response(file.content as Uint8Array<ArrayBuffer>, { headers });
});
