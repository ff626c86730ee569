import { z } from 'zod';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);

/** The search page's query string (never refused: bad parts are dropped). */
export const searchQuerySchema = z.object({
  q: z.string().optional().catch(undefined).transform((s) => (s ?? '').trim().slice(0, 200)),
  space: z.uuid().optional().catch(undefined),
  from: date,
  to: date,
  page: z.coerce.number().int().min(1).max(50).optional().catch(undefined).transform((n) => n ?? 1),
});
export type SearchQuery = z.output<typeof searchQuerySchema>;
