import 'server-only';
import { sql, type Kysely } from 'kysely';
import type { DB } from '@/db/types';
import { audienceMembersSql, createAudience } from '@/lib/audience/queries';
import { requireEmployee } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import { describeFailure } from '@/lib/forms/describe';
import { resolveAudience } from './mutations';
import { canCompose } from './policies';
import { composeFormSchema, splitPeople } from './schema';

const audienceFormSchema = composeFormSchema.pick({ everyone: true, units: true, includeSubUnits: true, roles: true, people: true, partnerOrgs: true });

/** Thrown inside the counting transaction to roll back the audience it wrote. */
class RolledBack extends Error {
  constructor(readonly count: number) { super('rolled back'); }
}

/**
 * How many people an audience reaches, before anything is saved: the compose form (and an
 * emergency plan's form) show it as the audience is chosen. The audience fields of the form as
 * submitted (raw), parsed here; nothing chosen → 0. For those who may compose (employees);
 * unknown or deactivated named people are refused (INVALID on `people`) as saving would.
 * The audience is written and counted with the same set-based SQL as publishing, in a
 * transaction that is rolled back: nothing stays, and the page never loads the company.
 */
export async function countComposeAudience(db: Kysely<DB>, viewer: Viewer | null, raw: unknown): Promise<number> {
  const v = requireEmployee(viewer);
  if (!canCompose(v)) throw new AppError('FORBIDDEN');
  const f = parseInput(audienceFormSchema, raw);
  const people = splitPeople(f.people);
  const audience = {
    everyone: f.everyone,
    units: [...new Set(f.units)].map((unitId) => ({ unitId, includeSubUnits: f.includeSubUnits })),
    roles: [...new Set(f.roles)],
    peopleEmails: people.emails,
    personIds: people.personIds,
    partnerOrgs: [...new Set(f.partnerOrgs)],
  };
  if (!audience.everyone && audience.units.length + audience.roles.length + audience.peopleEmails.length + audience.personIds.length + audience.partnerOrgs.length === 0) return 0;
  try {
    await db.transaction().execute(async (trx) => {
      const { spec } = await resolveAudience(trx, audience);
      const id = await createAudience(trx, spec);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${audienceMembersSql(id)}) m`.execute(trx);
      throw new RolledBack(rows[0]?.n ?? 0);
    });
  } catch (e) {
    if (e instanceof RolledBack) return e.count;
    throw e;
  }
  return 0;
}

/**
 * The compose form's live count: countComposeAudience, with any expected refusal (not allowed,
 * an audience that cannot be resolved yet) as null — the form then shows no figure.
 */
export async function previewAudienceSize(db: Kysely<DB>, viewer: Viewer | null, raw: unknown): Promise<number | null> {
  try {
    return await countComposeAudience(db, viewer, raw);
  } catch (e) {
    if (describeFailure(e)) return null;
    throw e;
  }
}
