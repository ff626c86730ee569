import 'server-only';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '@/db/types';
import type { SearchDocumentInput } from './types';

type Db = Kysely<DB> | Transaction<DB>;

type IndexedKind = DB['search_document']['kind'];

/**
 * Writes one item into the shared index (or updates it). Call inside the transaction that changes
 * the item: the index never shows what did not commit. The tokens and the tsvector are computed by
 * the database (the generated column over plaza_search_tokens()).
 */
export async function indexDocument(db: Db, doc: SearchDocumentInput & { kind: IndexedKind }): Promise<void> {
  const values = {
    kind: doc.kind,
    item_id: doc.itemId,
    title: doc.title,
    body: doc.body.slice(0, 200_000),
    extra: (doc.extra ?? '').slice(0, 4000),
    scope_id: doc.scopeId ?? null,
    updated_at: doc.updatedAt,
    read_keys: [...new Set(doc.readKeys ?? [])],
  };
  await db
    .insertInto('search_document')
    .values(values)
    .onConflict((oc) => oc.columns(['kind', 'item_id']).doUpdateSet({ title: values.title, body: values.body, extra: values.extra, scope_id: values.scope_id, updated_at: values.updated_at, read_keys: values.read_keys }))
    .execute();
}

export async function removeDocument(db: Db, kind: IndexedKind, itemId: string): Promise<void> {
  await db.deleteFrom('search_document').where('kind', '=', kind).where('item_id', '=', itemId).execute();
}
