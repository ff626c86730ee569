import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { MailTransport, OutgoingMail } from '@/lib/mail/transport';
import { deliverNotificationMail } from './deliver';
import { notify, type NotificationEvent } from './producer';
import { countUnread, listNotifications, markNotificationsRead } from './queries';

let t: TestDb;
let ids: Record<'a' | 'b' | 'gone' | 'partner' | 'suspended', string>;
beforeAll(async () => {
  t = await createTestDb();
  const unit = await insertUnit(t.db, { name: '生产部' });
  const org = await insertPartnerOrg(t.db, { name: '恒通', type: 'supplier' });
  const off = await insertPartnerOrg(t.db, { name: '停用', type: 'supplier', status: 'suspended' });
  ids = {
    a: await insertPerson(t.db, { email: 'a@x.example', name: '甲', unitId: unit, locale: 'en' }),
    b: await insertPerson(t.db, { email: 'b@x.example', name: '乙', unitId: unit }),
    gone: await insertPerson(t.db, { email: 'gone@x.example', name: '丙', unitId: unit, status: 'deactivated' }),
    partner: await insertPerson(t.db, { email: 'p@hengtong.example', name: '丁', partnerOrgId: org }),
    suspended: await insertPerson(t.db, { email: 's@off.example', name: '戊', partnerOrgId: off }),
  };
});
afterAll(() => t.drop());

const event = (over: Partial<NotificationEvent> = {}): NotificationEvent => ({
  kind: 'announcement.published',
  recipients: { personIds: Object.values(ids) },
  item: { type: 'test', id: 'x1', title: '设备故障通知' },
  link: '/announcements/x1',
  message: { key: 'announcements.detail.acknowledged' },
  mail: { template: 'notice', props: { heading: '设备故障通知', paragraphs: ['检修'], actionUrl: 'http://localhost/announcements/x1' } },
  dedupeKey: 'test:x1',
  ...over,
});

describe('notify (the producers’ front door)', () => {
  it('reaches active people once, never deactivated people or suspended organisations; mails each once', async () => {
    const queued: number[] = [];
    const enqueue = async (_trx: unknown, id: number) => void queued.push(id);
    const first = await t.db.transaction().execute((trx) => notify(trx, event(), enqueue));
    expect(first.added).toBe(3);
    // The same event again (a retried job, a double click): nothing new, no second mail job.
    const again = await t.db.transaction().execute((trx) => notify(trx, event(), enqueue));
    expect(again).toEqual({ eventId: first.eventId, added: 0 });
    expect(queued).toEqual([first.eventId]);

    const sent: OutgoingMail[] = [];
    const transport: MailTransport = { name: 'outbox', deliver: async (m) => (sent.push(m), { ok: true, providerMessageId: null }) };
    expect(await deliverNotificationMail(t.db, { eventId: first.eventId }, transport)).toBe(3);
    expect(await deliverNotificationMail(t.db, { eventId: first.eventId }, transport)).toBe(0);
    expect(sent.map((m) => m.to).sort()).toEqual(['a@x.example', 'b@x.example', 'p@hengtong.example']);
  });

  it('lists, counts and marks only the viewer’s own', async () => {
    const a = (await loadViewer(t.db, ids.a))!;
    const b = (await loadViewer(t.db, ids.b))!;
    expect(await countUnread(t.db, a)).toBe(1);
    const list = await listNotifications(t.db, a);
    expect(list.items[0]).toMatchObject({ title: '设备故障通知', link: '/announcements/x1', message: { key: 'announcements.detail.acknowledged' } });
    expect(await markNotificationsRead(t.db, b, [list.items[0].id])).toBe(0);
    expect(await countUnread(t.db, a)).toBe(1);
    expect(await markNotificationsRead(t.db, a, 'all')).toBe(1);
    expect(await countUnread(t.db, a)).toBe(0);
    expect(await countUnread(t.db, b)).toBe(1);
    await expect(countUnread(t.db, null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
