import { sql, type RawBuilder } from 'kysely';

/**
 * Whether the person (`p` in the deliver query) gets this kind of event by mail now, as SQL.
 * Today: everyone who has a mail for it. The notifications area (preferences: immediate mail,
 * digest only, in-app only; company defaults) replaces this one function; urgent events always mail.
 */
export function mailNowFilter(_kind: string, urgent: boolean): RawBuilder<boolean> {
  return urgent ? sql<boolean>`true` : sql<boolean>`true`;
}
