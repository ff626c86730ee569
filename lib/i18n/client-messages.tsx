import 'server-only';
import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { NestedKeyOf } from 'use-intl/core';
import type { Messages } from './catalog';

/** A catalog subtree a client component may receive: 'errors.generic', 'announcements.compose', … */
export type MessageScope = NestedKeyOf<Messages>;

/** Only the given subtrees of the catalogs, nested as in the full catalogs (so full keys still work). */
export function pickMessages(all: Record<string, unknown>, scopes: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const scope of scopes) {
    const path = scope.split('.');
    let from: unknown = all;
    for (const p of path) from = from && typeof from === 'object' ? (from as Record<string, unknown>)[p] : undefined;
    if (from === undefined) throw new Error(`no messages under ${scope}`);
    let to = out;
    for (const p of path.slice(0, -1)) to = (to[p] ??= {}) as Record<string, unknown>;
    to[path[path.length - 1]] = from;
  }
  return out;
}

/**
 * The one way a client component gets catalog messages: the server component that renders it
 * wraps it in `<ClientMessages scopes={['announcements.compose']}>`, which ships those subtrees and
 * nothing else. The root layout's provider carries only `errors.generic` (app/error.tsx), so a
 * client component outside such a wrapper finds no messages (and fails loudly in development).
 * Prefer passing translated strings as props; use this for forms with many strings.
 */
export async function ClientMessages({ scopes, children }: { scopes: readonly MessageScope[]; children: React.ReactNode }) {
  const messages = pickMessages((await getMessages()) as Record<string, unknown>, scopes);
  return <NextIntlClientProvider messages={messages}>{children}</NextIntlClientProvider>;
}
