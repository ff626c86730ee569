import type { Kysely, OperationNodeSource } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import type { MessageKey, MessageParams } from '@/lib/i18n/catalog';

/**
 * The workbench's front door: what waits on a person, across areas. An area contributes one
 * TodoSource (in lib/<area>/todos.ts, made with defineTodoSource from lib/workbench/source.ts) and
 * adds it to lib/workbench/sources.ts; the homepage (and the partner home) show every source that
 * has something for the viewer, in order.
 */
export type TodoItem = {
  id: string;
  /** User content (an item's title); shown as is. */
  title: string;
  href: string;
  due?: Date | null;
  urgent?: boolean;
  /** A short note in the viewer's language (e.g. the reason a draft was rejected). */
  note?: { key: MessageKey; params?: MessageParams } | { text: string };
};

export type TodoGroup = {
  key: string;
  /** The group's heading, e.g. 'home.todos.acknowledge' ("To acknowledge"). */
  label: MessageKey;
  count: number;
  /** Where the whole list is. */
  href: string;
  items: TodoItem[];
};

/** `locale` is the page's language (for titles built by a naming rule). */
export type TodoLoadOptions = { limit: number; now: Date; locale: string };

/**
 * A row as it comes back through `json_agg`: timestamps arrive as ISO strings (use `asDate`),
 * numbers as numbers.
 */
export type JsonRow<R> = { [K in keyof R]: R[K] extends Date ? string : R[K] extends Date | null ? string | null : R[K] };

export type TodoSourceSpec<R> = {
  key: string;
  /** Smaller first. */
  order: number;
  /**
   * ONE statement (a kysely select or a `sql` template) giving the viewer's rows of this source: at
   * most `limit` rows in display order, each carrying the group's whole count (a window count,
   * `count(*) over () as total`), or null when the area is not the viewer's (then no query runs).
   * Must check the viewer itself (authorization in lib) and use indexed queries. The workbench
   * runs every source's statement together, in one round trip (lib/workbench/todos.ts).
   */
  query: (db: Kysely<DB>, viewer: Viewer, opts: TodoLoadOptions) => OperationNodeSource | null;
  /** The rows (empty when none) → the group, or null when nothing waits. */
  group: (rows: JsonRow<R>[], viewer: Viewer, opts: TodoLoadOptions) => TodoGroup | null;
};

export type TodoSource = TodoSourceSpec<any> & {
  /** This source alone (one statement): for badges and tests. */
  load: (db: Kysely<DB>, viewer: Viewer, opts: TodoLoadOptions) => Promise<TodoGroup | null>;
};
