/** Ids are UUIDs. A malformed id from a URL or a form is an unknown id: callers answer NOT_FOUND. */
const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: string): boolean;
export function isUuid(s: unknown): s is string;
export function isUuid(s: unknown): boolean {
  return typeof s === 'string' && uuidRe.test(s);
}
