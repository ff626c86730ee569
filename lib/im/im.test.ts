import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { saveAnnouncement } from '@/lib/announcements/mutations';
import { buildOrg, composeInput, testDeps, type Org } from '@/lib/announcements/testing';
import { listChannels, saveChannel } from './channels';
import { deliverImPosts } from './posts';
import { allowTestEndpoint, checkWebhookUrl, prepareRequest } from './providers';

const DING = `https://oapi.dingtalk.com/robot/send?access_token=${'a1'.repeat(32)}`;
const DING_SECRET = `SEC${'0f'.repeat(32)}`;
const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7abc-4bc4-97a0-0ec2a1fa5aaa';
const FEISHU = 'https://open.feishu.cn/open-apis/bot/v2/hook/2b9e3c5a-1f0d-4c4e-9a55-5d0e6f7a8b9c';
const SLACK = 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx';

/** A local HTTP server standing in for the providers (requests reach it only through allowTestEndpoint). */
type Hit = { provider: string; path: string; query: URLSearchParams; body: Record<string, unknown> };
async function startProvider(answer: (h: Hit, n: number) => { status: number; body: string; headers?: Record<string, string> }) {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const [, provider, ...rest] = u.pathname.split('/');
      const h = { provider, path: `/${rest.join('/')}`, query: u.searchParams, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') };
      hits.push(h);
      const a = answer(h, hits.length);
      res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
      res.end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  allowTestEndpoint(origin);
  return { hits, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());
afterEach(() => allowTestEndpoint(null));

const form = (over: Record<string, string> = {}) => ({ name: '生产部钉钉群', provider: 'dingtalk', webhookUrl: DING, secret: DING_SECRET, unitId: org.units.production, scope: 'internal', purpose: '紧急通知', ownerId: org.ids.prodHead, contact: '8888', rules: '需部门负责人审核', ...over });

describe('IM group robots', () => {
  it('bad input: malformed or foreign robot URLs and wrong secrets are refused per field; only admins register', async () => {
    for (const [provider, url, reason] of [
      ['dingtalk', 'not a url', 'malformed'],
      ['dingtalk', 'http://oapi.dingtalk.com/robot/send?access_token=' + 'a1'.repeat(32), 'foreignHost'],
      ['dingtalk', 'https://oapi.dingtalk.com.evil.example/robot/send?access_token=' + 'a1'.repeat(32), 'foreignHost'],
      ['dingtalk', 'https://user:pw@oapi.dingtalk.com/robot/send?access_token=' + 'a1'.repeat(32), 'foreignHost'],
      ['dingtalk', 'https://oapi.dingtalk.com:8443/robot/send?access_token=' + 'a1'.repeat(32), 'foreignHost'],
      ['dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=' + 'a1'.repeat(32) + '&redirect=https://evil', 'shape'],
      ['dingtalk', 'https://oapi.dingtalk.com/robot/../admin?access_token=' + 'a1'.repeat(32), 'shape'],
      ['slack', 'https://127.0.0.1/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx', 'foreignHost'],
      ['feishu', SLACK, 'foreignHost'],
      ['wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x', 'shape'],
    ] as const) {
      expect(checkWebhookUrl(provider, url)).toMatchObject({ ok: false, reason });
    }
    for (const [p, u] of [['dingtalk', DING], ['wecom', WECOM], ['feishu', FEISHU], ['slack', SLACK]] as const) expect(checkWebhookUrl(p, u).ok).toBe(true);

    await expect(saveChannel(t.db, org.viewers.admin, form({ webhookUrl: 'https://evil.example/robot/send' }))).rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { webhookUrl: { key: 'notifications.im.errors.foreignHost' } } } });
    await expect(saveChannel(t.db, org.viewers.admin, form({ secret: 'nope' }))).rejects.toMatchObject({ details: { fieldErrors: { secret: { key: 'notifications.im.errors.secretShape' } } } });
    await expect(saveChannel(t.db, org.viewers.admin, form({ provider: 'slack', webhookUrl: SLACK, secret: 'abc' }))).rejects.toMatchObject({ details: { fieldErrors: { secret: { key: 'notifications.im.errors.noSigning' } } } });
    await expect(saveChannel(t.db, org.viewers.admin, form({ provider: 'telegram' }))).rejects.toMatchObject({ code: 'INVALID' });
    await expect(saveChannel(t.db, org.viewers.comms, form())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(saveChannel(t.db, org.viewers.hengtongAdmin, form())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listChannels(t.db, org.viewers.worker1)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await listChannels(t.db, org.viewers.admin)).rows).toEqual([]);
  });

  it('the test stand-in cannot be enabled in production', () => {
    const was = process.env.NODE_ENV;
    (process.env as Record<string, string>).NODE_ENV = 'production';
    try {
      expect(() => allowTestEndpoint('http://127.0.0.1:9')).toThrow('tests only');
    } finally {
      (process.env as Record<string, string>).NODE_ENV = was ?? 'test';
    }
    expect(() => allowTestEndpoint('https://evil.example')).toThrow();
    // Without it, requests go to the provider's own host only.
    expect(prepareRequest('slack', SLACK, null, { title: 't', body: 'b', link: null }, new Date()).url).toBe(SLACK);
  });

  it('urgent announcements post to the addressed unit\'s channels, signed, within DingTalk\'s 20 a minute; retries and failures are kept', async () => {
    const ding = await saveChannel(t.db, org.viewers.admin, form());
    const team = await saveChannel(t.db, org.viewers.admin, form({ name: '装配一组飞书群', provider: 'feishu', webhookUrl: FEISHU, secret: 'abcDEF123456', unitId: org.units.team1 }));
    await saveChannel(t.db, org.viewers.admin, form({ name: 'IT Slack', provider: 'slack', webhookUrl: SLACK, secret: '', unitId: org.units.it }));
    const listed = await listChannels(t.db, org.viewers.admin);
    expect(listed.rows).toHaveLength(3);
    expect(JSON.stringify(listed.rows)).not.toContain('a1a1a1'); // the robot token never goes back to a page
    expect(JSON.stringify(listed.rows)).not.toContain(DING_SECRET);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'im_channel.create').execute();
    expect(audit).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toContain(DING_SECRET);

    const { deps } = testDeps(t.db);
    // Normal items do not post; urgent ones to Production (with sub-units) reach both Production channels, not IT's.
    await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: '普通通知', audience: { units: [{ unitId: org.units.production, includeSubUnits: true }] } }), 'send', { deps });
    expect(await t.db.selectFrom('im_post').select('id').execute()).toEqual([]);
    const urgent = [];
    for (let i = 0; i < 22; i++) {
      urgent.push(await saveAnnouncement(t.db, org.viewers.comms, composeInput({ title: `停水通知 ${i}`, urgency: 'urgent', audience: { units: [{ unitId: org.units.production, includeSubUnits: true }] } }), 'send', { deps }));
    }
    const posts = await t.db.selectFrom('im_post').select(['channel_id']).execute();
    expect(posts.filter((p) => p.channel_id === ding.id)).toHaveLength(22);
    expect(posts.filter((p) => p.channel_id === team.id)).toHaveLength(22);
    expect(posts).toHaveLength(44);

    // The stand-in answers DingTalk with 500 once, then OK; Feishu with a wrong-signature code for one item.
    let failedOnce = false;
    const srv = await startProvider((h) => {
      if (h.provider === 'dingtalk' && !failedOnce) { failedOnce = true; return { status: 500, body: '{}' }; }
      if (h.provider === 'feishu' && String((h.body.content as { text: string }).text).includes('停水通知 3\n')) return { status: 200, body: '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}' };
      return { status: 200, body: h.provider === 'feishu' ? '{"code":0,"msg":"success"}' : '{"errcode":0,"errmsg":"ok"}' };
    });
    const now = new Date();
    const r1 = await deliverImPosts(t.db, { now });
    // DingTalk: at most 20 in this minute (one of them failed with 500 and waits), Feishu all but the refused one.
    const dingHits = srv.hits.filter((h) => h.provider === 'dingtalk');
    expect(dingHits.length).toBeLessThanOrEqual(21);
    const sentDing = await t.db.selectFrom('im_post').select('id').where('channel_id', '=', ding.id).where('status', '=', 'sent').execute();
    expect(sentDing.length).toBeLessThanOrEqual(20);
    expect(r1.failed).toBe(1);
    // Signed as DingTalk documents: sign = base64(HMAC-SHA256(secret, "<ms>\n<secret>")).
    const q = dingHits[0].query;
    expect(q.get('access_token')).toBe('a1'.repeat(32));
    expect(q.get('sign')).toBe(createHmac('sha256', DING_SECRET).update(`${q.get('timestamp')}\n${DING_SECRET}`).digest('base64'));
    expect(dingHits[0].path).toBe('/robot/send');
    const fe = srv.hits.find((h) => h.provider === 'feishu')!;
    expect(fe.body.sign).toBe(createHmac('sha256', `${fe.body.timestamp}\nabcDEF123456`).update('').digest('base64'));

    // Next minutes: the rest go out, each post once.
    await deliverImPosts(t.db, { now: new Date(now.getTime() + 61_000) });
    await deliverImPosts(t.db, { now: new Date(now.getTime() + 3 * 61_000) });
    const final = await t.db.selectFrom('im_post').select(['channel_id', 'status', 'error', 'attempts']).execute();
    expect(final.filter((p) => p.channel_id === ding.id && p.status === 'sent')).toHaveLength(22);
    expect(final.filter((p) => p.status === 'failed')).toHaveLength(1);
    expect(final.find((p) => p.status === 'failed')?.error).toContain('19021');
    const okDing = srv.hits.filter((h) => h.provider === 'dingtalk').length;
    expect(okDing).toBe(23); // 22 items + the one 500
    const shown = await listChannels(t.db, org.viewers.admin);
    expect(shown.rows.find((c) => c.id === team.id)).toMatchObject({ failed24h: 1, sent24h: 21 });
    await srv.close();
  });
});
