/** PostgreSQL unique violation (23505), optionally on a named constraint or index. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string } | null;
  return !!err && err.code === '23505' && (!constraint || err.constraint === constraint);
}
