import 'server-only';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { requireViewer } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, invalidFields } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { extensionOf } from '@/lib/files/filename';
import { MAX_FILE_BYTES, MAX_FILES_PER_ITEM, MAX_UPLOAD_BYTES_PER_REQUEST } from '@/lib/files/limits';
import { fileStore } from '@/lib/files/storage';
import { checkUpload, type ValidUpload } from '@/lib/files/validate';
import { idSchema, optionalId } from '@/lib/forms/schema';
import { parseInput } from '@/lib/forms/parse';
import { uploadsOf, type Upload } from '@/lib/forms/values';
import type { RequestMeta } from '@/lib/http/request-meta';
import { sniff } from '@/lib/files/detect';
import { requireKbAbility } from './abilities';
import { loadFolderAccess, loadSpaceAccess } from './access';
import { docxToMarkdown, imagePlaceholder, resolveLocal, rewriteLinks } from './import-convert';
import { checkDocxArchive, decodeMarkdown, IMPORT_LIMITS, ImportRefusal, readZip, type Reason, type ZipItem } from './import-read';
import { reindexArticle } from './mutations';
import { articleBody } from './schema';
import { addToClosure, recomputeEffectiveAudiences } from './tree';

/**
 * Filling a space (or a folder) from what a company has on its shared drives: a ZIP of Markdown
 * files and folders, Word documents, single Markdown files.
 *
 * - ZIP: folders become knowledge-base folders (inheriting the target's audiences), `.md` files
 *   and `.docx` files articles, links between them rewritten to the new articles, images and
 *   other files they link to stored through lib/files (content-checked) as the article's
 *   attachments with the links rewritten to them.
 * - DOCX: converted by mammoth + turndown (lib/kb/import-convert.ts); embedded images become
 *   attachments.
 *
 * Everything is read and checked first, without the database (lib/kb/import-read.ts); a hostile
 * archive (zip bomb, too many entries, a path leaving the archive, not a ZIP) refuses the whole
 * upload with a message naming the file. Problems of one entry skip that entry with its reason.
 * Then the whole import is written in ONE transaction: links between the new articles need all of
 * them, and an import either lands whole or not at all, so trying again never leaves a half-filled
 * space or duplicates. Files a bucket received for a transaction that then failed are removed.
 *
 * Who: whoever may edit the target (the space's edit audience at its root; a folder's effective
 * edit audience, which is how a partner with edit on their named folder imports there).
 */

export const importSchema = z.object({ spaceId: idSchema, folderId: optionalId });

export type ImportItemKind = 'article' | 'folder' | 'file' | 'other';
export type ImportItem = { path: string; kind: ImportItemKind; outcome: 'imported' | 'skipped'; reasons: Reason[]; articleId?: string };
export type ImportResult = {
  spaceId: string;
  folderId: string | null;
  counts: { articles: number; folders: number; files: number; skipped: number };
  items: ImportItem[];
};

type Opts = { meta?: RequestMeta; formData?: FormData; uploads?: Upload[]; now?: Date };

const IMAGE_EXT = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp']);
const MARKDOWN_EXT = new Set(['md', 'markdown']);
const MB = 1024 * 1024;

/** An article to create, before it is written. */
type Draft = {
  /** Where it came from (path inside the ZIP, or the uploaded file's name). */
  source: string;
  /** Folder path inside the import ('' = the target itself). */
  dir: string;
  title: string;
  body: string;
  /** Images of a Word document, named in the body by placeholder. */
  embedded: { placeholder: string; upload: ValidUpload }[];
  notes: Reason[];
  id: string;
};

function titleOf(file: string): string {
  const base = path.posix.basename(file).replace(/\.[^.]+$/, '');
  // Notion exports end names in a 32-hex id.
  const t = base.replace(/\s[0-9a-f]{32}$/i, '').replace(/[\p{Cc}\p{Cf}]/gu, '').replace(/\s+/g, ' ').trim();
  return (t || 'Untitled').slice(0, 200);
}

const folderName = (segment: string) => segment.replace(/[\p{Cc}\p{Cf}]/gu, '').replace(/\s+/g, ' ').trim().slice(0, 80) || '_';

/** A body as the article form would accept it, or why not. */
function checkBody(body: string): Reason | null {
  const r = articleBody.safeParse(body);
  if (r.success) return null;
  const key = r.error.issues[0]?.message;
  return key === 'kb.errors.dangerousLink' ? { key: 'kb.errors.dangerousLink' } : { key: 'kb.import.reasons.tooLong', params: { max: 200_000 } };
}

async function docxDraft(source: string, dir: string, bytes: Buffer, items: ImportItem[]): Promise<Draft | null> {
  const skip = (reason: Reason) => { items.push({ path: source, kind: 'article', outcome: 'skipped', reasons: [reason] }); return null; };
  if (sniff(bytes) !== 'docx') return skip({ key: 'errors.files.fileTypeMismatch', params: { name: path.posix.basename(source), type: 'DOCX' } });
  const bomb = await checkDocxArchive(bytes);
  if (bomb) return skip(bomb);
  let converted: Awaited<ReturnType<typeof docxToMarkdown>>;
  try {
    converted = await docxToMarkdown(bytes);
  } catch {
    return skip({ key: 'kb.import.reasons.docxUnreadable' });
  }
  const notes: Reason[] = [];
  const embedded: Draft['embedded'] = [];
  let body = converted.markdown;
  for (const img of converted.images) {
    const ext = img.contentType.split('/')[1]?.replace('jpeg', 'jpg') ?? 'bin';
    const checked = checkUpload({ name: `${titleOf(source)}-${img.index + 1}.${ext}`, bytes: img.bytes });
    const ph = imagePlaceholder(img.index);
    if (!checked.ok || embedded.length >= MAX_FILES_PER_ITEM) {
      // An EMF/WMF drawing, or one image too many: its place in the text says so.
      notes.push(checked.ok ? { key: 'kb.import.reasons.tooManyAttachments', params: { max: MAX_FILES_PER_ITEM } } : { key: 'kb.import.reasons.imageDropped', params: { n: img.index + 1 } });
      body = body.split(`](${ph})`).join('](#)').replace(/!\[([^\]]*)\]\(#\)/g, '[$1]');
      continue;
    }
    embedded.push({ placeholder: ph, upload: checked.file });
  }
  if (converted.warnings > 0) notes.push({ key: 'kb.import.reasons.docxWarnings', params: { n: converted.warnings } });
  if (!body.trim() && embedded.length === 0) return skip({ key: 'kb.import.reasons.empty' });
  const bad = checkBody(body);
  if (bad) return skip(bad);
  return { source, dir, title: titleOf(source), body, embedded, notes, id: randomUUID() };
}

function markdownDraft(source: string, dir: string, bytes: Buffer, items: ImportItem[]): Draft | null {
  const skip = (reason: Reason) => { items.push({ path: source, kind: 'article', outcome: 'skipped', reasons: [reason] }); return null; };
  const decoded = decodeMarkdown(bytes);
  if (!decoded) return skip({ key: 'errors.files.fileNotUtf8', params: { name: path.posix.basename(source) } });
  const body = decoded.text.replace(/\r\n?/g, '\n');
  if (!body.trim()) return skip({ key: 'kb.import.reasons.empty' });
  const bad = checkBody(body);
  if (bad) return skip(bad);
  const notes: Reason[] = decoded.encoding === 'gb18030' ? [{ key: 'kb.import.reasons.decodedGb18030' }] : [];
  return { source, dir, title: titleOf(source), body, embedded: [], notes, id: randomUUID() };
}

/** What the person uploaded, read and checked: drafts, files they link to, the report so far. */
async function prepare(uploads: Upload[]): Promise<{ drafts: Draft[]; files: Map<string, Buffer>; dirs: Set<string>; items: ImportItem[] }> {
  const items: ImportItem[] = [];
  const drafts: Draft[] = [];
  const files = new Map<string, Buffer>();
  const dirs = new Set<string>();
  if (uploads.length === 0) throw invalidFields({ files: 'kb.errors.noFile' });
  const total = uploads.reduce((n, u) => n + u.bytes.byteLength, 0);
  if (total > MAX_UPLOAD_BYTES_PER_REQUEST) throw invalidFields({ files: { key: 'errors.files.uploadTooLarge', params: { max: MAX_UPLOAD_BYTES_PER_REQUEST / MB } } });
  const usedNames = new Set<string>();
  for (const u of uploads) {
    const name = path.posix.basename(u.name.replace(/\\/g, '/')).normalize('NFC') || 'file';
    const ext = extensionOf(name);
    const bytes = Buffer.from(u.bytes.buffer, u.bytes.byteOffset, u.bytes.byteLength);
    const refuse = (reason: Reason): never => { throw invalidFields({ files: { key: reason.key, params: { name, ...reason.params } } }); };
    if (bytes.byteLength > MAX_FILE_BYTES) refuse({ key: 'errors.files.fileTooLarge', params: { max: MAX_FILE_BYTES / MB } });
    if (bytes.byteLength === 0) refuse({ key: 'errors.files.fileEmpty' });
    if (ext === 'zip') {
      const s = sniff(bytes);
      if (s !== 'zip' && s !== 'docx' && s !== 'xlsx' && s !== 'pptx') refuse({ key: 'kb.import.errors.notZip' });
      let read: Awaited<ReturnType<typeof readZip>>;
      try {
        read = await readZip(bytes, (p) => {
          const e = extensionOf(p);
          if (MARKDOWN_EXT.has(e)) return 'markdown';
          return e === 'docx' || e in KIND_OK ? 'binary' : null;
        });
      } catch (e) {
        if (e instanceof ImportRefusal) return refuse(e.reason);
        throw e;
      }
      // Several ZIPs: each keeps its own top-level name so their paths never collide.
      const prefix = uploads.filter((x) => extensionOf(x.name) === 'zip').length > 1 ? `${name.replace(/\.zip$/i, '')}/` : '';
      if (read.gb18030Names) items.push({ path: name, kind: 'other', outcome: 'imported', reasons: [{ key: 'kb.import.reasons.namesGb18030' }] });
      const depthOk = (p: string) => p.split('/').length - 1 <= IMPORT_LIMITS.maxDepth;
      for (const it of read.items) await takeZipItem(it, prefix, depthOk, { items, drafts, files, dirs });
      continue;
    }
    if (usedNames.has(name)) { items.push({ path: name, kind: 'article', outcome: 'skipped', reasons: [{ key: 'kb.import.reasons.duplicate' }] }); continue; }
    usedNames.add(name);
    if (ext === 'docx') {
      const d = await docxDraft(name, '', bytes, items);
      if (d) drafts.push(d);
    } else if (MARKDOWN_EXT.has(ext)) {
      const d = markdownDraft(name, '', bytes, items);
      if (d) drafts.push(d);
    } else {
      refuse({ key: 'kb.import.errors.unsupportedUpload' });
    }
  }
  return { drafts, files, dirs, items };
}

/** Extensions lib/files accepts as attachments (an image or document an article links to). */
const KIND_OK: Record<string, true> = Object.fromEntries(['pdf', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'xlsx', 'pptx', 'doc', 'xls', 'txt', 'csv', 'zip'].map((e) => [e, true]));

async function takeZipItem(it: ZipItem, prefix: string, depthOk: (p: string) => boolean, acc: { items: ImportItem[]; drafts: Draft[]; files: Map<string, Buffer>; dirs: Set<string> }) {
  const p = `${prefix}${it.path}`;
  if (it.kind === 'skipped') { acc.items.push({ path: p, kind: 'other', outcome: 'skipped', reasons: [it.reason] }); return; }
  if (!depthOk(p)) { acc.items.push({ path: p, kind: 'other', outcome: 'skipped', reasons: [{ key: 'kb.import.reasons.tooDeep', params: { max: IMPORT_LIMITS.maxDepth } }] }); return; }
  if (it.kind === 'dir') { acc.dirs.add(p); return; }
  const ext = extensionOf(p);
  const dir = path.posix.dirname(p) === '.' ? '' : path.posix.dirname(p);
  if (MARKDOWN_EXT.has(ext)) {
    const d = markdownDraft(p, dir, it.bytes, acc.items);
    if (d) acc.drafts.push(d);
  } else if (ext === 'docx') {
    const d = await docxDraft(p, dir, it.bytes, acc.items);
    if (d) acc.drafts.push(d);
  } else {
    acc.files.set(p, it.bytes);
  }
}

/**
 * For every draft, the local files its links name (in order), each checked by lib/files; at most
 * MAX_FILES_PER_ITEM per article. Files no article links to are reported as skipped.
 */
function planAttachments(drafts: Draft[], files: Map<string, Buffer>, items: ImportItem[]) {
  const lower = new Map([...files.keys()].map((k) => [k.toLowerCase(), k]));
  const checked = new Map<string, { ok: true; file: ValidUpload } | { ok: false; reason: Reason }>();
  const perDraft = new Map<string, Set<string>>();
  const used = new Set<string>();
  for (const d of drafts) {
    const mine = new Set<string>();
    perDraft.set(d.id, mine);
    rewriteLinks(d.body, (target) => {
      const r = resolveLocal(d.source, target);
      if (!r) return null;
      const key = files.has(r.path) ? r.path : lower.get(r.path.toLowerCase());
      if (!key) return null;
      used.add(key);
      if (!checked.has(key)) {
        const c = checkUpload({ name: path.posix.basename(key), bytes: files.get(key)! });
        checked.set(key, c.ok ? c : { ok: false, reason: { key: `errors.files.${c.refusal.error}`, params: c.refusal.params } });
      }
      const c = checked.get(key)!;
      if (c.ok && !mine.has(key)) {
        if (mine.size + d.embedded.length >= MAX_FILES_PER_ITEM) d.notes.push({ key: 'kb.import.reasons.tooManyAttachments', params: { max: MAX_FILES_PER_ITEM } });
        else mine.add(key);
      }
      return null;
    });
  }
  for (const key of files.keys()) {
    const c = checked.get(key);
    if (!used.has(key)) items.push({ path: key, kind: 'file', outcome: 'skipped', reasons: [{ key: 'kb.import.reasons.unreferenced' }] });
    else if (c && !c.ok) items.push({ path: key, kind: 'file', outcome: 'skipped', reasons: [c.reason] });
  }
  return { checked, perDraft };
}

/**
 * Where an import goes and whether the viewer may: the target's editors (the same rule as writing
 * an article there). NOT_FOUND to whoever may not see it (partners of other organisations
 * included), FORBIDDEN to readers.
 */
async function loadTarget(db: Kysely<DB>, v: Viewer, spaceId: string, folderId: string | null) {
  const space = await loadSpaceAccess(db, v, spaceId);
  if (folderId) {
    const folder = await loadFolderAccess(db, v, folderId);
    if (folder.spaceId !== space.id) throw new AppError('NOT_FOUND');
    requireKbAbility(v, folder.can, 'edit');
    return { space, folder: { id: folder.id, name: folder.name } };
  }
  if (!space.can.view && !space.can.edit) throw new AppError('NOT_FOUND');
  requireKbAbility(v, space.can, 'edit');
  return { space, folder: null };
}

export type ImportTarget = { spaceId: string; spaceName: string; folderId: string | null; folderName: string | null; can: { import: true } };

/** The import page's target (`folder`: a folder of the space, or none for its root). */
export async function getImportTarget(db: Kysely<DB>, viewer: Viewer | null, spaceId: string, folderId?: string | null): Promise<ImportTarget> {
  const v = requireViewer(viewer);
  if (!isUuid(spaceId) || (folderId && !isUuid(folderId))) throw new AppError('NOT_FOUND');
  const { space, folder } = await loadTarget(db, v, spaceId, folderId || null);
  return { spaceId: space.id, spaceName: space.name, folderId: folder?.id ?? null, folderName: folder?.name ?? null, can: { import: true } };
}

export async function importIntoSpace(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: Opts = {}): Promise<ImportResult> {
  const v = requireViewer(viewer);
  const f = parseInput(importSchema, raw);
  const { space, folder: targetFolder } = await loadTarget(db, v, f.spaceId, f.folderId);
  const uploads = opts.uploads ?? (opts.formData ? await uploadsOf(opts.formData, 'files') : []);
  const { drafts, files, dirs, items } = await prepare(uploads);
  const { checked, perDraft } = planAttachments(drafts, files, items);
  if (drafts.length === 0) {
    // One document that failed: its own reason says more than "nothing to import".
    const only = uploads.length === 1 && extensionOf(uploads[0].name) !== 'zip' && items.length === 1 && items[0].outcome === 'skipped' ? items[0] : null;
    if (only?.reasons[0]) throw invalidFields({ files: { key: only.reasons[0].key, params: { name: only.path, ...only.reasons[0].params } } });
    throw invalidFields({ files: 'kb.import.errors.nothingToImport' });
  }

  // Folders: every directory that holds an article (directly or below).
  const needed = new Set<string>();
  for (const d of drafts) {
    let dir = d.dir;
    while (dir) { needed.add(dir); dir = path.posix.dirname(dir) === '.' ? '' : path.posix.dirname(dir); }
  }
  for (const dir of dirs) if (!needed.has(dir)) items.push({ path: `${dir}/`, kind: 'folder', outcome: 'skipped', reasons: [{ key: 'kb.import.reasons.emptyFolder' }] });

  const byPath = new Map<string, Draft>();
  for (const d of drafts) byPath.set(d.source, d);
  const byLower = new Map([...byPath.keys()].map((k) => [k.toLowerCase(), k]));
  const now = opts.now ?? new Date();
  const storedIds: string[] = [];
  try {
    return await db.transaction().execute(async (trx) => {
      const folderIds = new Map<string, string>();
      for (const dir of [...needed].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))) {
        const parent = path.posix.dirname(dir) === '.' ? null : path.posix.dirname(dir);
        const parentId = parent ? folderIds.get(parent)! : targetFolder?.id ?? null;
        // Inherits the target's audiences (own ones null); effective ones computed below.
        const row = await trx.insertInto('kb_folder').values({
          space_id: space.id, parent_id: parentId, name: folderName(path.posix.basename(dir)), view_audience_id: null, edit_audience_id: null,
          eff_view_audience_id: space.viewAudienceId, eff_edit_audience_id: space.editAudienceId, created_at: now, updated_at: now,
        }).returning('id').executeTakeFirstOrThrow();
        await addToClosure(trx, row.id, parentId);
        folderIds.set(dir, row.id);
        items.push({ path: `${dir}/`, kind: 'folder', outcome: 'imported', reasons: [] });
      }
      await recomputeEffectiveAudiences(trx, space.id);

      // Files once each (one file linked from two articles is stored once, attached to both).
      const fileIds = new Map<string, string>();
      const store = async (u: ValidUpload) => {
        const meta = await fileStore.put(trx, v.id, u);
        storedIds.push(meta.id);
        return meta.id;
      };
      for (const [key, c] of checked) {
        if (!c.ok || ![...perDraft.values()].some((s) => s.has(key))) continue;
        fileIds.set(key, await store(c.file));
        items.push({ path: key, kind: 'file', outcome: 'imported', reasons: [] });
      }

      for (const d of drafts) {
        const mine = perDraft.get(d.id)!;
        const broken: string[] = [];
        let body = rewriteLinks(d.body, (target, image) => {
          if (target.startsWith('plaza-import-image-')) return null; // a Word image, replaced below
          const r = resolveLocal(d.source, target);
          if (!r) return null;
          const article = byPath.get(r.path) ?? byPath.get(byLower.get(r.path.toLowerCase()) ?? '');
          if (article) return `/kb/articles/${article.id}`;
          const key = files.has(r.path) ? r.path : [...files.keys()].find((k) => k.toLowerCase() === r.path.toLowerCase());
          if (key && mine.has(key) && fileIds.has(key)) return `/api/files/${fileIds.get(key)}${image && IMAGE_EXT.has(extensionOf(key)) ? '?inline=1' : ''}`;
          broken.push(target.slice(0, 120));
          return null;
        });
        const attached: string[] = [...mine].map((k) => fileIds.get(k)!).filter(Boolean);
        for (const e of d.embedded) {
          const id = await store(e.upload);
          attached.push(id);
          body = body.split(`](${e.placeholder})`).join(`](/api/files/${id}?inline=1)`);
        }
        const notes = [...d.notes, ...(broken.length ? [{ key: 'kb.import.reasons.brokenLinks' as const, params: { links: [...new Set(broken)].slice(0, 5).join(', ') } }] : [])];
        const bad = checkBody(body);
        if (bad) {
          // Longer after the links were rewritten (rare: near the 200,000 character limit).
          items.push({ path: d.source, kind: 'article', outcome: 'skipped', reasons: [bad] });
          continue;
        }
        const folderId = d.dir ? folderIds.get(d.dir)! : targetFolder?.id ?? null;
        await trx.insertInto('kb_article').values({
          id: d.id, space_id: space.id, folder_id: folderId, title: d.title, body_md: body, version: 1, created_by: v.id, updated_by: v.id, created_at: now, updated_at: now,
        }).execute();
        await trx.insertInto('kb_article_version').values({ article_id: d.id, version: 1, title: d.title, body_md: body, author_id: v.id, summary: `import: ${d.source}`.slice(0, 300), kind: 'create', created_at: now }).execute();
        if (attached.length) await trx.insertInto('kb_article_file').values([...new Set(attached)].map((file_id) => ({ article_id: d.id, file_id, added_by: v.id, created_at: now }))).execute();
        await reindexArticle(trx, d.id);
        items.push({ path: d.source, kind: 'article', outcome: 'imported', reasons: notes, articleId: d.id });
      }
      const order = (i: ImportItem) => (i.outcome === 'skipped' ? 0 : 1);
      items.sort((a, b) => order(a) - order(b) || a.path.localeCompare(b.path));
      const counts = {
        articles: items.filter((i) => i.kind === 'article' && i.outcome === 'imported').length,
        folders: items.filter((i) => i.kind === 'folder' && i.outcome === 'imported').length,
        files: storedIds.length,
        skipped: items.filter((i) => i.outcome === 'skipped').length,
      };
      await recordAudit(trx, {
        actor: v, action: 'kb.import', target: targetFolder ? { type: 'kb_folder', id: targetFolder.id, label: targetFolder.name } : { type: 'kb_space', id: space.id, label: space.name },
        details: {
          spaceId: space.id, folderId: targetFolder?.id ?? null, uploads: uploads.map((u) => ({ name: u.name.slice(0, 200), size: u.bytes.byteLength })), counts,
          articles: items.filter((i) => i.articleId).slice(0, 500).map((i) => ({ id: i.articleId, source: i.path })),
          skipped: items.filter((i) => i.outcome === 'skipped').slice(0, 500).map((i) => ({ path: i.path, reason: i.reasons[0]?.key })),
        },
        meta: opts.meta,
      });
      return { spaceId: space.id, folderId: targetFolder?.id ?? null, counts, items };
    });
  } catch (e) {
    // The rows rolled back; bytes a bucket already holds for them go too.
    await fileStore.discard(storedIds).catch(() => {});
    throw e;
  }
}

