import type { Kysely } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import type { MessageKey, MessageParams } from '@/lib/i18n/catalog';

/**
 * The digest's front door: each area contributes one DigestSection (in lib/<area>/digest.ts),
 * listed in lib/notifications/digest-sections.ts. The digest job builds people's digests in
 * batches, so a section answers for a whole batch at once with set-based SQL (never one query per
 * person) and must apply the same visibility rules as the area's pages (partners see only their
 * organisation's items).
 */
export type DigestEntry = {
  /** User content (an item's title), shown as is. */
  title: string;
  /** Path inside Plaza; the mail turns it into a full link. */
  href: string;
  /** A short line in the recipient's language, e.g. "due tomorrow", "acknowledge by Friday". */
  note?: { key: MessageKey; params?: MessageParams };
  at?: Date | null;
  urgent?: boolean;
};

export type DigestSectionContent = {
  entries: DigestEntry[];
  /** How many there are in all (entries holds the first few). */
  total: number;
  /** The list with all of them. */
  moreHref: string;
};

export type DigestSection = {
  key: string;
  /** Smaller first: must-read items come before everything else. */
  order: number;
  heading: MessageKey;
  /**
   * Content per person for a batch of people: what is new or still waiting since `since`
   * (the previous digest) and not already read in the app. People with nothing are left out of
   * the map. At most `limit` entries each.
   */
  loadBatch: (db: Kysely<DB>, people: readonly Viewer[], opts: { since: Date; now: Date; limit: number }) => Promise<Map<string, DigestSectionContent>>;
};
