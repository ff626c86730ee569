import 'server-only';
import { isActive } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { renderArticle, type OutlineEntry } from './outline';

/** The editor's live preview: the same sanitised rendering as the article page. Signed-in people only. */
export function previewArticle(viewer: Viewer | null, body: unknown): { html: string; outline: OutlineEntry[] } {
  if (!isActive(viewer)) return { html: '', outline: [] };
  return renderArticle(String(body ?? '').slice(0, 200_000));
}
