import type { RawBuilder } from 'kysely';
import type { Viewer } from '@/lib/authz/viewer';

/**
 * The search front door (lib/search, built with the knowledge base): one search over every kind
 * of item. An area plugs in by
 *  1. writing its items into the shared index with indexDocument()/removeDocument() inside the
 *     transaction that changes them (title, body text, attachment names), and
 *  2. registering a SearchSource in lib/search/sources.ts that says, as SQL, which of its indexed
 *     items a viewer may read (the same rule as its pages: partners see only what is theirs).
 * Results link to `url(itemId)`; search never returns what the source's filter excludes.
 */
export type SearchDocumentInput = {
  /** The source's kind, e.g. 'kb.article', 'announcement', 'meeting.minutes'. */
  kind: string;
  itemId: string;
  title: string;
  /** Plain text (Markdown rendered to text), any language. */
  body: string;
  /** Extra searchable text: attachment names, tags. */
  extra?: string;
  /** A grouping the search can filter by (a knowledge space, a unit). */
  scopeId?: string | null;
  updatedAt: Date;
  /** The ids of the audiences whose members may read the item (GIN-indexed; see SearchSource.visibleTo). */
  readKeys?: string[];
};

/** What a search knows about the viewer before it asks the index: computed once per search. */
export type SearchViewerContext = {
  /** Every audience the viewer is in (lib/audience), for `d.read_keys && …`. */
  audienceIds: string[];
};

export type SearchSource = {
  kind: string;
  /**
   * A SQL condition over the index row `d` (columns d.item_id, d.scope_id, d.read_keys) true when
   * the viewer may read that item; null when the viewer may read none of this kind. Prefer
   * `d.read_keys && <ctx.audienceIds>` (an indexed array overlap) to per-row joins.
   */
  visibleTo: (viewer: Viewer, ctx: SearchViewerContext) => RawBuilder<boolean> | null;
  /** The item's page (for this viewer: an area may have one page for staff and one in the partner portal). */
  url: (itemId: string, viewer: Viewer) => string;
};
