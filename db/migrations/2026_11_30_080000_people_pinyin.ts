import { type Kysely, sql } from 'kysely';
import { pinyin } from 'pinyin-pro';

// Frozen in time: never import application code here (the key function below is a copy of
// lib/people/pinyin.ts as it was when this ran; the library version is pinned in package.json).
// People directory and pinyin (docs/decisions/1500-people-directory-and-pinyin.md):
// - person.name_sort ("liu yang"), name_pinyin ("liuyang"), name_initials ("ly"), written by the
//   application whenever a name is; backfilled here. Directory order is name_sort in the "C"
//   collation (no index: every list also counts its matches, so it reads them all anyway; an
//   ordered index scan made the planner walk all 50,000 people for a search). "ly" and
//   "liuy" find 刘洋 by btree prefix; the trigram index also covers name_pinyin ("yang").
// - org_unit_children_order_idx: the org chart pages a level by keyset (sort order, name, id).
// - directory_setting: which contact fields the company shows on person pages.
function keys(name: string): { sort: string; full: string; initials: string } {
  const parts = pinyin(name.normalize('NFKC'), { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive', v: true });
  const words: string[] = [];
  for (const part of parts) {
    for (const w of part.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      const ascii = w.replace(/[^a-z0-9]/g, '');
      if (ascii) words.push(ascii);
    }
  }
  return { sort: words.join(' ').slice(0, 300), full: words.join('').slice(0, 300), initials: words.map((w) => w[0]).join('').slice(0, 100) };
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table person
    add column name_sort text not null default '',
    add column name_pinyin text not null default '',
    add column name_initials text not null default ''`.execute(db);

  // Backfill in batches of 5,000 by id (set-based update per batch).
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<{ id: string; name: string }>`select id, name from person where id > ${after}::uuid order by id limit 5000`.execute(db);
    if (rows.length === 0) break;
    const k = rows.map((r) => keys(r.name));
    await sql`update person p set name_sort = v.s, name_pinyin = v.f, name_initials = v.i
      from unnest(${rows.map((r) => r.id)}::uuid[], ${k.map((x) => x.sort)}::text[], ${k.map((x) => x.full)}::text[], ${k.map((x) => x.initials)}::text[]) as v(id, s, f, i)
      where p.id = v.id`.execute(db);
    after = rows[rows.length - 1].id;
  }

  await sql`create index person_name_pinyin_prefix on person (name_pinyin text_pattern_ops)`.execute(db);
  await sql`create index person_name_initials_prefix on person (name_initials text_pattern_ops)`.execute(db);
  await sql`create index person_name_prefix on person (lower(name) text_pattern_ops)`.execute(db);
  await sql`drop index if exists person_search_trgm`.execute(db);
  await sql`create index person_search_trgm on person using gin ((lower(name || ' ' || coalesce(name_en, '') || ' ' || email || ' ' || coalesce(position, '') || ' ' || name_pinyin)) gin_trgm_ops)`.execute(db);

  // The org chart's level pages: siblings in display order, by keyset.
  await sql`create index org_unit_children_order_idx on org_unit (parent_id, sort_order, name, id)`.execute(db);

  await sql`create table directory_setting (
    id boolean primary key default true check (id),
    contact_fields text[] not null default '{email}' check (contact_fields <@ array['email', 'level', 'timezone']::text[]),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`insert into directory_setting (id) values (true)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists directory_setting`.execute(db);
  await sql`drop index if exists org_unit_children_order_idx`.execute(db);
  await sql`drop index if exists person_search_trgm`.execute(db);
  await sql`create index person_search_trgm on person using gin ((lower(name || ' ' || coalesce(name_en, '') || ' ' || email || ' ' || coalesce(position, ''))) gin_trgm_ops)`.execute(db);
  for (const i of ['person_name_pinyin_prefix', 'person_name_initials_prefix', 'person_name_prefix']) await sql`drop index if exists ${sql.id(i)}`.execute(db);
  await sql`alter table person drop column name_sort, drop column name_pinyin, drop column name_initials`.execute(db);
}
