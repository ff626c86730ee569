import type { Migration } from 'kysely';
import * as m20261122090000 from './2026_11_22_090000_foundation';

/**
 * Every migration, in order. Listed statically (not read from disk) so that migrations run the
 * same under tsx, vitest and a bundled server. Add new files here.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_22_090000_foundation': m20261122090000,
};
