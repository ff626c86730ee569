import { db } from '@/db/client';
import { getViewer } from '@/lib/auth/viewer';
import { isAppError } from '@/lib/errors';
import { getFileForViewer } from '@/lib/files/queries';
import { downloadHeaders } from '@/lib/files/http';

/**
 * Downloads a stored file. lib/files decides who may (the uploader, or anyone who may see an item
 * it is attached to); everyone else, and any malformed id, gets 404. Always an attachment with
 * the type detected at upload, nosniff and a sandbox CSP (lib/files/http.ts).
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const file = await getFileForViewer(db(), await getViewer(), id);
    const headers = downloadHeaders(file);
    if (req.headers.get('if-none-match') === headers.etag) {
      const rest: Record<string, string> = { ...headers };
      delete rest['content-length'];
      return new Response(null, { status: 304, headers: rest });
    }
    return new Response(file.content as Uint8Array<ArrayBuffer>, { headers });
  } catch (e) {
    if (isAppError(e)) return new Response(null, { status: e.code === 'UNAUTHENTICATED' ? 401 : 404, headers: { 'cache-control': 'no-store' } });
    throw e;
  }
}
