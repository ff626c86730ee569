import 'server-only';
import { forbidden, notFound, redirect } from 'next/navigation';
import { isAppError } from '@/lib/errors';

/**
 * Maps the data layer's typed errors to pages, once: NOT_FOUND → 404 page, FORBIDDEN → 403 page,
 * UNAUTHENTICATED → sign-in. Anything else is rethrown (and shown by app/error.tsx without details).
 */
export async function guard<T>(work: Promise<T> | (() => Promise<T>)): Promise<T> {
  try {
    return await (typeof work === 'function' ? work() : work);
  } catch (e) {
    if (isAppError(e)) {
      if (e.code === 'NOT_FOUND') notFound();
      if (e.code === 'FORBIDDEN') forbidden();
      if (e.code === 'UNAUTHENTICATED') redirect('/sign-in');
    }
    // A malformed id in a URL reaching PostgreSQL (invalid uuid syntax) is an unknown id too.
    if ((e as { code?: string })?.code === '22P02') notFound();
    throw e;
  }
}
