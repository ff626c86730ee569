import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import type { MessageKey, MessageParams } from '@/lib/i18n/catalog';

/**
 * The workbench's front door: what waits on a person, across areas. An area contributes one
 * TodoSource (in lib/<area>/todos.ts) and adds it to lib/workbench/sources.ts; the homepage (and
 * the partner home) show every source that has something for the viewer, in order.
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

export type TodoSource = {
  key: string;
  /** Smaller first. */
  order: number;
  /**
   * What waits on the viewer here, or null when nothing (or the area is not theirs). Must check
   * the viewer itself (authorization in lib), use indexed queries and return at most `limit` items.
   */
  load: (db: Kysely<DB>, viewer: Viewer, opts: TodoLoadOptions) => Promise<TodoGroup | null>;
};
