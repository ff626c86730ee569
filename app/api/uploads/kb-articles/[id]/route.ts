import { getTranslations } from 'next-intl/server';
import { isSameOriginPost } from '@/lib/auth/fresh-sign-in';
import { requireViewer } from '@/lib/authz/policies';
import { AppError, isAppError } from '@/lib/errors';
import { maxDocumentBytes } from '@/lib/files/stream';
import { routeHandler } from '@/lib/http/route';
import { addArticleFileStream } from '@/lib/kb/files';

/**
 * A large document streamed onto a knowledge article: the file is the request body, its name the
 * `name` query parameter. lib/kb decides (the article's editors), lib/files checks the content as it
 * streams and stores it in chunks: no process holds the file. This path is outside proxy.ts's
 * matcher (which would buffer the body); it is refused here before the body is read when the viewer
 * is not signed in, the request comes from another site, or its declared length is over the limit.
 * A refusal answers 400 with the message in the viewer's language: { error: { code, message } }.
 */
export const POST = routeHandler(async (req, c, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  requireViewer(c.viewer);
  if (!isSameOriginPost(req)) throw new AppError('FORBIDDEN');
  const max = maxDocumentBytes();
  const declared = Number(req.headers.get('content-length') ?? NaN);
  const name = new URL(req.url).searchParams.get('name') ?? '';
  try {
    if (Number.isFinite(declared) && declared > max) {
      await req.body?.cancel().catch(() => {});
      throw new AppError('INVALID', 'errors.checkFields', { fieldErrors: { files: { key: 'errors.files.fileTooLarge', params: { name, max: max / 1024 / 1024 } } } });
    }
    const r = await addArticleFileStream(c.db, c.viewer, { id, name }, req.body, { meta: c.meta, maxBytes: max });
    return Response.json(r, { status: 201, headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    const field = isAppError(e) ? e.details.fieldErrors?.files : undefined;
    if (!field) throw e;
    const t = await getTranslations();
    return Response.json({ error: { code: 'INVALID', message: t(field.key, field.params) } }, { status: 400, headers: { 'cache-control': 'no-store' } });
  }
});
