import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../types';
import { demoRobotUrls } from '../../lib/im/providers';

/**
 * The demo company's channel registry (沟通渠道登记表): a few group robots with owner, purpose,
 * contact and rules written in both languages, so that /admin/channels shows what a registry
 * looks like. Every one is registered SWITCHED OFF with the placeholder address of its provider
 * (lib/im/providers.ts `demoRobotUrls`, tokens of zeros): the demo never posts to a real host —
 * prepareRequest refuses these addresses before any request, and saveChannel will not switch a
 * channel on until its real address is typed. Only when the registry is empty.
 */
type Units = Record<'hq' | 'it' | 'production' | 'procurement' | 'service', string>;

export async function seedDemoChannels(db: Kysely<DB> | Transaction<DB>, units: Units, owners: Record<'admin' | 'comms' | 'production' | 'procurement' | 'service', string | null>): Promise<number> {
  const any = await db.selectFrom('im_channel').select('id').limit(1).executeTakeFirst();
  if (any) return 0;
  const rows = [
    {
      name: '全员应急通知群 · Company emergency group', provider: 'dingtalk' as const, unit_id: null, scope: 'internal' as const, owner_id: owners.comms, contact: '行政部 8001 · Administration ext. 8001',
      purpose: '紧急通知与应急预案（全员）· Urgent notices and emergency plans for everyone',
      rules: '仅由 Plaza 自动推送紧急通知和应急预案，群内不闲聊；新成员由行政部审批加入。· Plaza posts urgent notices and emergency plans only; no chat; Administration approves new members.',
    },
    {
      name: '生产部值班群 · Production on-duty group', provider: 'wecom' as const, unit_id: units.production, scope: 'internal' as const, owner_id: owners.production, contact: '生产部 8201 · Production ext. 8201',
      purpose: '生产部及各装配组的紧急通知 · Urgent notices for Production and its assembly teams',
      rules: '值班班长须在 15 分钟内回复“收到”；停产、安全事故先电话再发群。· The shift lead answers "received" within 15 minutes; stoppages and safety incidents: phone first, then the group.',
    },
    {
      name: 'IT 运维告警群 · IT operations alerts', provider: 'feishu' as const, unit_id: units.it, scope: 'internal' as const, owner_id: owners.admin, contact: 'IT 服务台 8000 · IT help desk ext. 8000',
      purpose: '系统故障与计划停机通知 · System incidents and planned downtime',
      rules: '每分钟不超过 100 条（飞书限制）；夜间只推送紧急级别。· At most 100 messages a minute (Feishu limit); only urgent items at night.',
    },
    {
      name: '恒通精密供应协同 · Hengtong supply coordination', provider: 'slack' as const, unit_id: units.procurement, scope: 'external' as const, owner_id: owners.procurement, contact: '采购部 8301 · Procurement ext. 8301',
      purpose: '与供应商恒通精密共享的交货与质量紧急通知 · Delivery and quality alerts shared with the supplier Hengtong',
      rules: '外部群：只发已公开给该供应商的内容，不发内部信息；采购部负责人审批。· External group: only items already shared with this supplier, nothing internal; the head of Procurement approves.',
    },
    {
      name: '客户服务升级群 · Customer service escalations', provider: 'lark' as const, unit_id: units.service, scope: 'internal' as const, owner_id: owners.service, contact: '客户服务部 8401 · Customer Service ext. 8401',
      purpose: '影响客户的紧急事件 · Urgent events that affect customers',
      rules: '工作日 8:00–20:00 有人值守。· Staffed on working days 08:00–20:00.',
    },
  ];
  await db.insertInto('im_channel').values(rows.map((r) => ({ ...r, webhook_url: new URL(demoRobotUrls[r.provider]).toString(), secret: null, active: false }))).execute();
  return rows.length;
}
