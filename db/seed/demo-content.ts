import { sql, type Kysely } from 'kysely';
import type { DB } from '../types';
import { audienceMembersSql, createAudience } from '../../lib/audience/queries';
import type { AudienceSpecInput } from '../../lib/audience/schema';
import type { AnnouncementKind, Urgency } from '../../lib/announcements/schema';
import { seedDemoOrders } from './demo-orders';
import { seedRequestSetup } from './demo';

/**
 * Sample bilingual content for the quick start, so a first look at Plaza is not empty: three
 * published announcements (company-wide must-read, a department decision, a notice shared with
 * the supplier) with some reads already recorded, and the 设备故障 / equipment-failure emergency
 * plan. Idempotent; only for the embedded quick start (the tests start from the bare company).
 */
type Unit = { id: string };

export async function seedDemoContent(db: Kysely<DB>): Promise<{ created: boolean }> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(424243)`.execute(trx);
    await seedDemoQuickLinks(trx);
    await seedDemoRequestRouting(trx);
    await seedDemoOrders(trx);
    const done = await trx.selectFrom('app_setting').select('key').where('key', '=', 'demo.content').executeTakeFirst();
    if (done) return { created: false };

    const person = async (email: string) =>
      (await trx.selectFrom('person').select(['id', 'unit_id']).where('email', '=', email).executeTakeFirstOrThrow());
    const unit = async (name: string): Promise<Unit> => trx.selectFrom('org_unit').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    const liNa = await person('li.na@xinghai.example');
    const zhangWei = await person('zhang.wei@xinghai.example');
    const linFeng = await person('lin.feng@xinghai.example');
    const production = await unit('生产部');
    const procurement = await unit('采购部');
    const supplier = await trx.selectFrom('partner_org').select('id').where('type', '=', 'supplier').orderBy('created_at').executeTakeFirstOrThrow();

    const now = Date.now();
    const day = 24 * 3600_000;
    const items: { author: { id: string; unit_id: string | null }; kind: AnnouncementKind; urgency: Urgency; ack: boolean; pinnedDays: number; publishedAgo: number; title: string; body: string; titleEn: string; bodyEn: string; audience: AudienceSpecInput; readShare: number;
      /** A request that collects responses (issue 14). */
      responses?: { prompt: string; askDate: boolean; askNumber: boolean; options: string[]; deadlineDays: number } }[] = [
      {
        author: liNa, kind: 'notice', urgency: 'normal', ack: true, pinnedDays: 14, publishedAgo: 2 * day,
        title: '2026年度信息安全培训通知',
        body: '## 事由\n公司年度信息安全培训开始。\n\n## 内容\n- 在线课程约 40 分钟\n- 结业测验\n\n## 要求\n**12 月 15 日前**完成并点击“确认已读”。\n\n## 联系人\n行政部 李娜',
        titleEn: '2026 information-security training',
        bodyEn: '## Reason\nThe annual information-security training has started.\n\n## Content\n- About 40 minutes online\n- A short quiz at the end\n\n## Requirements\nFinish **by 15 December** and press *Acknowledge*.\n\n## Contact\nLi Na, Administration',
        audience: { everyone: true },
        readShare: 0.6,
      },
      {
        author: zhangWei, kind: 'decision', urgency: 'normal', ack: false, pinnedDays: 0, publishedAgo: day,
        title: '装配线夜班排班调整',
        body: '## 决定\n自下周一起，装配一组、二组夜班改为两班轮换。\n\n## 联系人\n生产部 张伟',
        titleEn: 'Night-shift rota for the assembly lines',
        bodyEn: '## Decision\nFrom next Monday, Assembly Teams 1 and 2 rotate night shifts in two crews.\n\n## Contact\nZhang Wei, Production',
        audience: { units: [{ unitId: production.id, includeSubUnits: true }] },
        readShare: 0.4,
      },
      {
        author: linFeng, kind: 'collab_request', urgency: 'normal', ack: true, pinnedDays: 0, publishedAgo: 3 * 3600_000,
        title: '12月供货计划确认',
        body: '## 背景\n12 月生产计划已确定。\n\n## 需求\n请确认轴承组件的交付数量与日期。\n\n## 期望时间\n本周五前',
        titleEn: 'Confirm the December delivery plan',
        bodyEn: '## Background\nThe December production plan is final.\n\n## Need\nPlease confirm quantities and dates for the bearing assemblies.\n\n## Expected date\nBy this Friday',
        responses: { prompt: '请确认可交付数量与交付日期。Please confirm the quantity you can deliver and the delivery date.', askDate: true, askNumber: true, options: [], deadlineDays: 5 },
        audience: { units: [{ unitId: procurement.id, includeSubUnits: true }], partnerOrgs: [supplier.id] },
        readShare: 0.3,
      },
    ];

    for (const it of items) {
      const audienceId = await createAudience(trx, it.audience);
      const publishedAt = new Date(now - it.publishedAgo);
      const { id } = await trx
        .insertInto('announcement')
        .values({
          kind: it.kind, urgency: it.urgency, title: it.title, body_md: it.body, title_en: it.titleEn, body_md_en: it.bodyEn, origin_unit_id: it.author.unit_id, author_id: it.author.id,
          audience_id: audienceId, ack_required: it.ack, status: 'published', published_at: publishedAt, publish_at: publishedAt,
          pinned_until: it.pinnedDays ? new Date(now + it.pinnedDays * day) : null, target_reach: 0.95, version: 1,
          created_at: publishedAt, updated_at: publishedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const inserted = await sql`
        insert into announcement_recipient (announcement_id, person_id, unit_id, partner_org_id, delivered_at, mailed_at)
        select ${id}::uuid, p.id, p.unit_id, p.partner_org_id, ${publishedAt}::timestamptz, ${publishedAt}::timestamptz
        from (${audienceMembersSql(audienceId)}) m join person p on p.id = m.person_id`.execute(trx);
      // Some people have read (and acknowledged) already, at spread-out times, so reach has figures.
      await sql`
        update announcement_recipient r set
          read_at = ${publishedAt}::timestamptz + (abs(hashtext(r.person_id::text)) % 360) * interval '1 minute',
          read_channel = 'web',
          acked_at = case when ${it.ack} then ${publishedAt}::timestamptz + (abs(hashtext(r.person_id::text)) % 360 + 2) * interval '1 minute' end,
          acked_version = case when ${it.ack} then 1 end
        where r.announcement_id = ${id} and (abs(hashtext(r.person_id::text || 'r')) % 100) < ${Math.round(it.readShare * 100)}
          and r.person_id not in (select id from person where email in ('liu.yang@xinghai.example', 'chen.gang@hengtong.example'))`.execute(trx);
      await trx.updateTable('announcement').set({ audience_size: Number(inserted.numAffectedRows ?? 0) }).where('id', '=', id).execute();
      await trx.insertInto('announcement_revision').values({ announcement_id: id, version: 1, title: it.title, body_md: it.body, material: true, editor_id: it.author.id, created_at: publishedAt }).execute();
      await trx.insertInto('announcement_event').values({ announcement_id: id, kind: 'published', details: JSON.stringify({ audienceSize: Number(inserted.numAffectedRows ?? 0), seeded: true }), at: publishedAt }).execute();
      if (it.responses) {
        const r = it.responses;
        await trx.insertInto('announcement_response_form').values({
          announcement_id: id, prompt: r.prompt, ask_date: r.askDate, ask_number: r.askNumber, options: r.options, deadline: new Date(now + r.deadlineDays * day),
        }).execute();
      }
    }

    const planAudience = await createAudience(trx, {
      units: (await trx.selectFrom('org_unit').select('id').where('name', 'in', ['设备维修部', '生产部', '仓储部']).execute()).map((u) => ({ unitId: u.id, includeSubUnits: true })),
    });
    await trx.insertInto('emergency_plan').values({
      name: '设备故障 / Equipment failure',
      audience_id: planAudience,
      origin_unit_id: production.id,
      title: '设备故障 / Equipment failure',
      body_md: '## 情况 / Situation\n{{details}}\n\n## 要求 / Requirements\n维修部立即到场；生产部暂停受影响工位；仓储部暂停相关出库。\nMaintenance on site at once; Production stops the affected stations; Warehouse holds related dispatches.\n\n发布人 / Issued by: {{triggeredBy}} · {{time}}',
      ack_required: true,
      renotify_minutes: 15,
      created_by: liNa.id,
    }).execute();

    await trx.insertInto('app_setting').values({ key: 'demo.content', value: JSON.stringify({ seededAt: new Date().toISOString() }) }).execute();
    return { created: true };
  });
}

/** The homepage's launcher for the demo company (once; also into demo databases seeded before quick links existed). */
async function seedDemoQuickLinks(trx: Kysely<DB>): Promise<void> {
  const done = await trx.selectFrom('app_setting').select('key').where('key', '=', 'demo.quick_links').executeTakeFirst();
  if (done) return;
  const everyone = await createAudience(trx, { everyone: true });
  const units = await trx.selectFrom('org_unit').select('id').where('name', 'in', ['生产部', '采购部', '仓储部']).execute();
  const supplier = await trx.selectFrom('partner_org').select('id').where('type', '=', 'supplier').orderBy('created_at').executeTakeFirst();
  const links: { name: string; name_en: string; url: string; icon: 'oa' | 'hr' | 'mail' | 'erp' | 'docs' | 'support'; position: number; audience_id: string }[] = [
    { name: 'OA 审批', name_en: 'OA approvals', url: 'https://oa.xinghai.example/', icon: 'oa', position: 10, audience_id: everyone },
    { name: '人事自助', name_en: 'HR self-service', url: 'https://hr.xinghai.example/', icon: 'hr', position: 20, audience_id: everyone },
    { name: '企业邮箱', name_en: 'Company mail', url: 'https://mail.xinghai.example/', icon: 'mail', position: 30, audience_id: everyone },
    { name: 'IT 报修', name_en: 'IT help desk', url: 'https://it.xinghai.example/', icon: 'support', position: 40, audience_id: everyone },
  ];
  if (units.length) {
    links.push({ name: 'ERP 生产与库存', name_en: 'ERP production & stock', url: 'https://erp.xinghai.example/', icon: 'erp', position: 50, audience_id: await createAudience(trx, { units: units.map((u) => ({ unitId: u.id, includeSubUnits: true })) }) });
  }
  if (supplier) {
    links.push({ name: '供应商质量手册', name_en: 'Supplier quality manual', url: 'https://quality.xinghai.example/supplier-manual', icon: 'docs', position: 60, audience_id: await createAudience(trx, { partnerOrgs: [supplier.id] }) });
  }
  await trx.insertInto('quick_link').values(links).execute();
  await trx.insertInto('app_setting').values({ key: 'demo.quick_links', value: JSON.stringify({ seededAt: new Date().toISOString() }) }).execute();
}

/** Demo databases seeded before db/seed/demo.ts set up request routing get it here (quick start). */
async function seedDemoRequestRouting(trx: Kysely<DB>): Promise<void> {
  const units = await trx.selectFrom('org_unit').select(['id', 'name']).where('name', 'in', ['客户服务部', '设备维修部']).execute();
  const service = units.find((x) => x.name === '客户服务部');
  if (!service) return;
  await seedRequestSetup(trx, { service: service.id, maintenance: units.find((x) => x.name === '设备维修部')?.id });
}
