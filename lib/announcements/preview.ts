import 'server-only';
import { isEmployee } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { renderMarkdown } from '@/lib/markdown/render';
import { BODY_MAX } from './schema';

/** The compose form's preview, for those who may compose (employees); others get nothing. */
export function previewMarkdown(viewer: Viewer | null, body: unknown): string {
  if (!isEmployee(viewer)) return '';
  return renderMarkdown(String(body ?? '').slice(0, BODY_MAX));
}
