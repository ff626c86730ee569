import type { Kysely } from 'kysely';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import type { DB } from '@/db/types';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import type { MailTransport, OutgoingMail } from '@/lib/mail/transport';
import type { JobData, JobName } from '@/lib/jobs/names';
import type { Deps } from './deps';
import { deliverAnnouncement, notifyHeads, sendApprovalMail, sweep } from './jobs';
import type { ComposeInput } from './schema';

/**
 * A small company for tests (the demo's shape): HQ → IT, Admin; East China → Production →
 * Assembly 1, Assembly 2; East China → Warehouse. Plus two partner organisations.
 */
export async function buildOrg(db: Kysely<DB>) {
  const hq = await insertUnit(db, { name: '总部', nameEn: 'HQ' });
  const it = await insertUnit(db, { name: '信息技术部', nameEn: 'IT', parentId: hq });
  const adminDept = await insertUnit(db, { name: '行政部', nameEn: 'Administration', parentId: hq });
  const east = await insertUnit(db, { name: '华东区', nameEn: 'East China', parentId: hq });
  const production = await insertUnit(db, { name: '生产部', nameEn: 'Production', parentId: east });
  const team1 = await insertUnit(db, { name: '装配一组', nameEn: 'Assembly Team 1', parentId: production });
  const team2 = await insertUnit(db, { name: '装配二组', nameEn: 'Assembly Team 2', parentId: production });
  const warehouse = await insertUnit(db, { name: '仓储部', nameEn: 'Warehouse', parentId: east });
  const hengtong = await insertPartnerOrg(db, { name: '恒通精密零件', nameEn: 'Hengtong Precision Parts', type: 'supplier' });
  const hualian = await insertPartnerOrg(db, { name: '华联商贸', nameEn: 'Hualian Trading', type: 'distributor' });
  const ids = {
    admin: await insertPerson(db, { email: 'wang.lei@x.example', name: '王磊', unitId: it, roles: ['admin'] }),
    comms: await insertPerson(db, { email: 'li.na@x.example', name: '李娜', unitId: adminDept, roles: ['comms_officer'] }),
    eastHead: await insertPerson(db, { email: 'east.head@x.example', name: '华东主管', unitId: east, headOf: [east] }),
    prodHead: await insertPerson(db, { email: 'zhang.wei@x.example', name: '张伟', unitId: production, headOf: [production] }),
    worker1: await insertPerson(db, { email: 'liu.yang@x.example', name: '刘洋', nameEn: 'Liu Yang', unitId: team1, locale: 'en' }),
    worker1b: await insertPerson(db, { email: 'he.jing@x.example', name: '何静', unitId: team1 }),
    worker2: await insertPerson(db, { email: 'team2@x.example', name: '二组员工', unitId: team2 }),
    warehouseWorker: await insertPerson(db, { email: 'wh@x.example', name: '仓库员工', unitId: warehouse }),
    itWorker: await insertPerson(db, { email: 'it@x.example', name: 'IT员工', unitId: it }),
    deactivated: await insertPerson(db, { email: 'zhao.min@x.example', name: '赵敏', unitId: team1, status: 'deactivated' }),
    hengtongAdmin: await insertPerson(db, { email: 'chen.gang@hengtong.example', name: '陈刚', partnerOrgId: hengtong, roles: ['partner_admin'] }),
    hengtongMember: await insertPerson(db, { email: 'zhou.li@hengtong.example', name: '周丽', partnerOrgId: hengtong }),
    hualianMember: await insertPerson(db, { email: 'wu.fang@hualian.example', name: '吴芳', partnerOrgId: hualian }),
  };
  const viewers = {} as Record<keyof typeof ids, Viewer>;
  for (const [k, id] of Object.entries(ids) as [keyof typeof ids, string][]) {
    const v = await loadViewer(db, id);
    if (v) viewers[k] = v;
  }
  // loadViewer refuses deactivated people; a stale session would still carry their facts.
  viewers.deactivated = { ...viewers.worker1b, id: ids.deactivated, email: 'zhao.min@x.example', name: '赵敏', status: 'deactivated' };
  return { units: { hq, it, adminDept, east, production, team1, team2, warehouse }, partners: { hengtong, hualian }, ids, viewers };
}

export type Org = Awaited<ReturnType<typeof buildOrg>>;

export type ComposePatch = Partial<Omit<ComposeInput, 'audience'>> & { audience?: Partial<ComposeInput['audience']> };

export function composeInput(patch: ComposePatch = {}): ComposeInput {
  const { audience, ...rest } = patch;
  return {
    kind: 'notice', urgency: 'normal', title: '设备故障通知', bodyMd: '## 事由\n\n设备故障。',
    ackRequired: false, publishAt: null, pinnedUntil: null, expiresAt: null, targetReach: 0.95, reachDeadline: null,
    ...rest,
    audience: { everyone: false, units: [], roles: [], peopleEmails: [], partnerOrgs: [], ...audience },
  };
}

/** Records queued jobs and sent mails; runs the jobs on demand (twice, to prove idempotency). */
export function testDeps(db: Kysely<DB>, opts: { now?: () => Date } = {}) {
  const jobs: { name: JobName; data: unknown }[] = [];
  const sent: OutgoingMail[] = [];
  const transport: MailTransport = { name: 'outbox', deliver: async (m) => { sent.push(m); return { ok: true, providerMessageId: null }; } };
  const deps: Deps = {
    enqueue: async (_trx, name, data) => { jobs.push({ name, data }); },
    transport,
    now: opts.now,
  };
  async function runJobs(): Promise<number> {
    let n = 0;
    while (jobs.length > 0) {
      const job = jobs.shift()!;
      n += 1;
      const data = job.data as JobData<typeof job.name>;
      if (job.name === 'announcements.deliver') await deliverAnnouncement(db, data as JobData<'announcements.deliver'>, deps);
      else if (job.name === 'announcements.notify-heads') await notifyHeads(db, data as JobData<'announcements.notify-heads'>, deps);
      else if (job.name === 'announcements.approval-mail') await sendApprovalMail(db, data as JobData<'announcements.approval-mail'>, deps);
      else if (job.name === 'announcements.sweep') await sweep(db, deps);
    }
    return n;
  }
  return { deps, jobs, sent, runJobs };
}
