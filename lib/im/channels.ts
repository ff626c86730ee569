import 'server-only';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '@/db/types';
import { recordAudit } from '@/lib/audit/record';
import { isAdmin } from '@/lib/authz/policies';
import type { Viewer } from '@/lib/authz/viewer';
import { AppError, invalidFields } from '@/lib/errors';
import { parseInput } from '@/lib/forms/parse';
import { checkbox, choice, longText, optionalId, optionalText, requiredText } from '@/lib/forms/schema';
import type { RequestMeta } from '@/lib/http/request-meta';
import { checkSecret, checkWebhookUrl, demoRobotUrls, imProviders, isDemoRobotUrl, providerSpecs, type ImProvider } from './providers';

/**
 * The IM channel registry (沟通渠道登记表): group robots of DingTalk, WeCom, Feishu/Lark and Slack
 * with name, internal/external, purpose, owner, contact and rules, and the unit whose urgent items
 * and emergencies they receive (none: company-wide items). Admins only — everyone else gets
 * FORBIDDEN, partners NOT_FOUND. The robot URL and secret are credentials: pages never get them
 * back (only the host and whether a secret is set), and changes are audited without them.
 */
export type ChannelAbilities = { manage: boolean };

export function channelAbilities(viewer: Viewer | null): ChannelAbilities {
  return { manage: !!viewer && viewer.status === 'active' && isAdmin(viewer) };
}

function requireManage(viewer: Viewer | null): void {
  if (channelAbilities(viewer).manage) return;
  if (!viewer) throw new AppError('UNAUTHENTICATED');
  throw new AppError(viewer.kind === 'partner' ? 'NOT_FOUND' : 'FORBIDDEN');
}

export const channelSchema = z.object({
  id: optionalId,
  name: requiredText(100),
  provider: choice(imProviders),
  webhookUrl: z.string({ error: 'errors.validation.required' }).trim().max(500, { error: 'errors.validation.tooLong' }).optional().default(''),
  secret: z.string().trim().max(200, { error: 'errors.validation.tooLong' }).optional().default(''),
  clearSecret: checkbox,
  unitId: optionalId,
  scope: choice(['internal', 'external'] as const),
  purpose: optionalText(500),
  ownerId: optionalId,
  contact: optionalText(100),
  rules: longText(1000),
  active: checkbox,
});

export type ChannelRow = {
  id: string; name: string; provider: ImProvider; host: string; hasSecret: boolean;
  /** The demo's placeholder robot address (never requested; the real one must be typed to switch it on). */
  placeholder: boolean; unitId: string | null; unitName: string | null; unitNameEn: string | null;
  scope: 'internal' | 'external'; purpose: string; ownerId: string | null; ownerName: string | null; contact: string; rules: string; active: boolean;
  sent24h: number; failed24h: number; pending: number; lastError: string | null;
};

/** Every channel (a registry of group robots: tens, not thousands — still capped), with its last day's posts. */
export const CHANNEL_LIST_MAX = 500;

export async function listChannels(db: Kysely<DB>, viewer: Viewer | null): Promise<{ can: ChannelAbilities; rows: ChannelRow[] }> {
  requireManage(viewer);
  const rows = await db.selectFrom('im_channel as c')
    .leftJoin('org_unit as u', 'u.id', 'c.unit_id')
    .leftJoin('person as p', 'p.id', 'c.owner_id')
    .select(['c.id', 'c.name', 'c.provider', 'c.unit_id', 'u.name as unit_name', 'u.name_en as unit_name_en', 'c.scope', 'c.purpose', 'c.owner_id', 'p.name as owner_name', 'c.contact', 'c.rules', 'c.active'])
    .select([
      // The URL and secret never leave lib: the page learns only whether a secret is set.
      sql<boolean>`coalesce(c.secret, '') <> ''`.as('has_secret'),
      // Whether it is the demo's placeholder robot — the URL itself stays in the database.
      sql<boolean>`c.webhook_url = any(${Object.values(demoRobotUrls).map((u) => new URL(u).toString())}::text[])`.as('placeholder'),
      sql<number>`(select count(*)::int from im_post x where x.channel_id = c.id and x.status = 'sent' and x.sent_at > now() - interval '1 day')`.as('sent24h'),
      sql<number>`(select count(*)::int from im_post x where x.channel_id = c.id and x.status = 'failed' and x.created_at > now() - interval '1 day')`.as('failed24h'),
      sql<number>`(select count(*)::int from im_post x where x.channel_id = c.id and x.status = 'pending')`.as('pending'),
      sql<string | null>`(select x.error from im_post x where x.channel_id = c.id and x.error is not null order by x.created_at desc limit 1)`.as('last_error'),
    ])
    .orderBy('c.name').orderBy('c.id').limit(CHANNEL_LIST_MAX).execute();
  return {
    can: channelAbilities(viewer),
    rows: rows.map((r) => ({
      id: r.id, name: r.name, provider: r.provider, host: providerSpecs[r.provider].host, hasSecret: r.has_secret, placeholder: r.placeholder, unitId: r.unit_id, unitName: r.unit_name, unitNameEn: r.unit_name_en,
      scope: r.scope, purpose: r.purpose, ownerId: r.owner_id, ownerName: r.owner_name, contact: r.contact, rules: r.rules, active: r.active,
      sent24h: r.sent24h, failed24h: r.failed24h, pending: r.pending, lastError: r.last_error,
    })),
  };
}

/** Creates or updates a channel. A new channel needs its URL; an update keeps URL and secret unless new ones are typed. */
export async function saveChannel(db: Kysely<DB>, viewer: Viewer | null, raw: unknown, opts: { meta?: RequestMeta } = {}): Promise<{ id: string }> {
  requireManage(viewer);
  const input = parseInput(channelSchema, raw);
  const existing = input.id ? await db.selectFrom('im_channel').select(['id', 'provider', 'webhook_url', 'secret']).where('id', '=', input.id).executeTakeFirst() : null;
  if (input.id && !existing) throw new AppError('NOT_FOUND');
  const url = input.webhookUrl || (existing && existing.provider === input.provider ? existing.webhook_url : '');
  if (!url) throw invalidFields({ webhookUrl: 'errors.validation.required' });
  const check = checkWebhookUrl(input.provider, url);
  if (!check.ok) throw invalidFields({ webhookUrl: check.reason === 'foreignHost' ? 'notifications.im.errors.foreignHost' : 'notifications.im.errors.urlShape' }, { host: providerSpecs[input.provider].host });
  let secret: string | null = input.clearSecret ? null : input.secret || (existing && existing.provider === input.provider ? existing.secret : null);
  if (secret && !checkSecret(input.provider, secret)) throw invalidFields({ secret: providerSpecs[input.provider].signing ? 'notifications.im.errors.secretShape' : 'notifications.im.errors.noSigning' });
  if (!providerSpecs[input.provider].signing) secret = null;
  if (input.unitId && !(await db.selectFrom('org_unit').select('id').where('id', '=', input.unitId).executeTakeFirst())) throw invalidFields({ unitId: 'errors.validation.invalid' });
  if (input.ownerId && !(await db.selectFrom('person').select('id').where('id', '=', input.ownerId).where('kind', '=', 'employee').executeTakeFirst())) throw invalidFields({ ownerId: 'errors.validation.invalid' });
  const active = input.id ? input.active : true;
  // The demo's placeholder robots stay off until someone types the group's real address.
  if (active && isDemoRobotUrl(input.provider, check.url.toString())) throw invalidFields({ webhookUrl: 'notifications.im.errors.placeholder' });
  const values = {
    name: input.name, provider: input.provider, webhook_url: check.url.toString(), secret, unit_id: input.unitId, scope: input.scope,
    purpose: input.purpose ?? '', owner_id: input.ownerId, contact: input.contact ?? '', rules: input.rules, active, updated_at: new Date(),
  };
  return db.transaction().execute(async (trx) => {
    const id = input.id
      ? (await trx.updateTable('im_channel').set(values).where('id', '=', input.id).returning('id').executeTakeFirstOrThrow()).id
      : (await trx.insertInto('im_channel').values(values).returning('id').executeTakeFirstOrThrow()).id;
    await recordAudit(trx, {
      actor: viewer, action: input.id ? 'im_channel.update' : 'im_channel.create', target: { type: 'im_channel', id, label: input.name },
      // Never the URL's token or the secret: the host and whether they changed.
      details: { provider: input.provider, host: check.url.hostname, unitId: input.unitId, active: values.active, urlChanged: !!input.webhookUrl, secretSet: !!secret, secretChanged: !!input.secret || input.clearSecret },
      meta: opts.meta,
    });
    return { id };
  });
}
