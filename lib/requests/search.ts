import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@/db/types';
import type { Viewer } from '@/lib/authz/viewer';
import { markdownToText } from '@/lib/markdown/render';
import { indexDocument } from '@/lib/search/index';
import type { SearchSource } from '@/lib/search/types';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Customer requests in Plaza's search (lib/search front door). The document is the request's
 * subject, description and PUBLIC replies — internal notes and handling events are never written
 * into the index, so no search can find their words, whoever asks.
 *
 * Who may read a hit is the rule of lib/requests/abilities.ts (`view`), carried by the index row so
 * the search filters with indexed conditions:
 * - scope_id = the customer organisation: its partner admins read all of it;
 * - read_keys = the handling unit (its members; heads through the units of their trees), the
 *   assignee, the requester, and the organisation id when the request is shared with the
 *   organisation (its members). Person, unit and organisation ids never collide.
 * Admins read all. Everyone else (other units, officers, other organisations, suppliers,
 * deactivated people) reads none. Every change of these facts (filing, a public reply, taking,
 * reassigning, sharing) writes the document again in the same transaction: indexRequest.
 */
export async function indexRequest(db: Db, requestId: string): Promise<void> {
  const r = await db
    .selectFrom('request')
    .select(['id', 'number', 'subject', 'description_md', 'partner_org_id', 'requester_id', 'unit_id', 'assignee_id', 'shared_with_org', 'updated_at'])
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
  const replies = await db
    .selectFrom('request_message')
    .select('body_md')
    .where('request_id', '=', requestId)
    .where('visibility', '=', 'public')
    .where('event', 'is', null)
    .orderBy('created_at').orderBy('id')
    .execute();
  await indexDocument(db, {
    kind: 'request',
    itemId: r.id,
    title: `#${r.number} ${r.subject}`,
    body: [r.description_md, ...replies.map((m) => m.body_md)].map(markdownToText).join('\n\n'),
    scopeId: r.partner_org_id,
    updatedAt: r.updated_at,
    readKeys: [r.unit_id, r.requester_id, ...(r.assignee_id ? [r.assignee_id] : []), ...(r.shared_with_org ? [r.partner_org_id] : [])],
  });
}

/** The search filter: the same people as requestAbilities(…).view, as conditions on the index row `d`. */
export const requestSearchSource: SearchSource = {
  kind: 'request',
  visibleTo: (v: Viewer) => {
    if (v.status !== 'active') return null;
    if (v.kind === 'employee') {
      if (v.roles.includes('admin')) return sql<boolean>`true`;
      const own = [v.id, ...(v.unitId ? [v.unitId] : [])];
      if (v.headOfUnitIds.length === 0) return sql<boolean>`d.read_keys && ${own}::uuid[]`;
      return sql<boolean>`d.read_keys && (${own}::uuid[] || array(select c.descendant_id from org_unit_closure c where c.ancestor_id = any(${[...v.headOfUnitIds]}::uuid[])))`;
    }
    if (!v.partnerOrgId) return null;
    if (v.roles.includes('partner_admin')) return sql<boolean>`d.scope_id = ${v.partnerOrgId}::uuid`;
    return sql<boolean>`d.read_keys && ${[v.id, v.partnerOrgId]}::uuid[]`;
  },
  url: (id, viewer) => (viewer.kind === 'partner' ? `/partner/requests/${id}` : `/requests/${id}`),
};
