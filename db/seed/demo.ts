import { sql, type Kysely } from 'kysely';
import type { DB } from '../types';
import { seedDemoChannels } from './demo-channels';
import { insertPartnerOrg, insertPerson, insertUnit } from './factories';

/**
 * The bilingual demo company 星海科技 / Xinghai Technology: headquarters → regions → departments
 * → teams, ~60 employees, the four roles, and three partner organisations. Idempotent: it does
 * nothing when the company is already there.
 */
export type DemoPerson = { email: string; name: string; nameEn: string; role: string; roleEn: string };

/** The people the README, the console and the local identity provider point to. */
export const demoPeople: DemoPerson[] = [
  { email: 'wang.lei@xinghai.example', name: '王磊', nameEn: 'Wang Lei', role: '管理员', roleEn: 'Admin' },
  { email: 'li.na@xinghai.example', name: '李娜', nameEn: 'Li Na', role: '行政/综合管理（通讯专员）', roleEn: 'Communications officer' },
  { email: 'zhang.wei@xinghai.example', name: '张伟', nameEn: 'Zhang Wei', role: '部门负责人（生产部）', roleEn: 'Department head (Production)' },
  { email: 'liu.yang@xinghai.example', name: '刘洋', nameEn: 'Liu Yang', role: '普通员工（装配一组）', roleEn: 'Employee (Assembly Team 1)' },
  { email: 'zhao.min@xinghai.example', name: '赵敏', nameEn: 'Zhao Min', role: '已停用员工', roleEn: 'Deactivated employee' },
  { email: 'chen.gang@hengtong.example', name: '陈刚', nameEn: 'Chen Gang', role: '供应商管理员（恒通精密）', roleEn: 'Supplier admin (Hengtong)' },
  { email: 'zhou.li@hengtong.example', name: '周丽', nameEn: 'Zhou Li', role: '供应商成员（恒通精密）', roleEn: 'Supplier member (Hengtong)' },
  { email: 'sun.qiang@hualian.example', name: '孙强', nameEn: 'Sun Qiang', role: '经销商管理员（华联商贸）', roleEn: 'Distributor admin (Hualian)' },
  { email: 'wu.fang@hualian.example', name: '吴芳', nameEn: 'Wu Fang', role: '经销商成员（华联商贸）', roleEn: 'Distributor member (Hualian)' },
  { email: 'zheng.hao@qiming.example', name: '郑浩', nameEn: 'Zheng Hao', role: '客户管理员（启明医疗）', roleEn: 'Customer admin (Qiming)' },
  { email: 'feng.xue@qiming.example', name: '冯雪', nameEn: 'Feng Xue', role: '客户成员（启明医疗）', roleEn: 'Customer member (Qiming)' },
];

type UnitSpec = { key: string; name: string; en: string; parent?: string; head?: [string, string, string] };

// [key, 中文名, English name, parent key, head (email, 中文名, English name)]
const units: UnitSpec[] = [
  { key: 'hq', name: '总部', en: 'Headquarters', head: ['zhou.jian@xinghai.example', '周建', 'Zhou Jian'] },
  { key: 'admin', name: '行政部', en: 'Administration', parent: 'hq', head: ['huang.min@xinghai.example', '黄敏', 'Huang Min'] },
  { key: 'it', name: '信息技术部', en: 'IT', parent: 'hq', head: ['xu.tao@xinghai.example', '徐涛', 'Xu Tao'] },
  { key: 'hr', name: '人力资源部', en: 'Human Resources', parent: 'hq', head: ['he.jing@xinghai.example', '何静', 'He Jing'] },
  { key: 'procurement', name: '采购部', en: 'Procurement', parent: 'hq', head: ['lin.feng@xinghai.example', '林峰', 'Lin Feng'] },
  { key: 'east', name: '华东区', en: 'East China Region', parent: 'hq', head: ['ma.jun@xinghai.example', '马骏', 'Ma Jun'] },
  { key: 'production', name: '生产部', en: 'Production', parent: 'east', head: ['zhang.wei@xinghai.example', '张伟', 'Zhang Wei'] },
  { key: 'assembly1', name: '装配一组', en: 'Assembly Team 1', parent: 'production', head: ['gao.yun@xinghai.example', '高云', 'Gao Yun'] },
  { key: 'assembly2', name: '装配二组', en: 'Assembly Team 2', parent: 'production' },
  { key: 'maintenance', name: '设备维修部', en: 'Maintenance', parent: 'east', head: ['luo.bin@xinghai.example', '罗斌', 'Luo Bin'] },
  { key: 'warehouse', name: '仓储部', en: 'Warehouse', parent: 'east', head: ['zheng.lan@xinghai.example', '郑兰', 'Zheng Lan'] },
  { key: 'south', name: '华南区', en: 'South China Region', parent: 'hq', head: ['liang.hui@xinghai.example', '梁辉', 'Liang Hui'] },
  { key: 'sales', name: '销售部', en: 'Sales', parent: 'south', head: ['song.jia@xinghai.example', '宋佳', 'Song Jia'] },
  { key: 'keyaccounts', name: '大客户组', en: 'Key Accounts', parent: 'sales' },
  { key: 'service', name: '客户服务部', en: 'Customer Service', parent: 'south', head: ['tang.li@xinghai.example', '唐莉', 'Tang Li'] },
  { key: 'planning', name: '生产计划部', en: 'Production Planning', parent: 'south', head: ['han.dong@xinghai.example', '韩东', 'Han Dong'] },
];

const surnames: [string, string][] = [['王', 'Wang'], ['李', 'Li'], ['张', 'Zhang'], ['刘', 'Liu'], ['陈', 'Chen'], ['杨', 'Yang'], ['黄', 'Huang'], ['赵', 'Zhao'], ['吴', 'Wu'], ['周', 'Zhou'], ['徐', 'Xu'], ['孙', 'Sun'], ['马', 'Ma'], ['朱', 'Zhu'], ['胡', 'Hu'], ['郭', 'Guo'], ['何', 'He'], ['林', 'Lin'], ['罗', 'Luo'], ['谢', 'Xie']];
const givens: [string, string][] = [['晓明', 'Xiaoming'], ['秀英', 'Xiuying'], ['志强', 'Zhiqiang'], ['丽华', 'Lihua'], ['建国', 'Jianguo'], ['海燕', 'Haiyan'], ['俊杰', 'Junjie'], ['婷婷', 'Tingting'], ['子涵', 'Zihan'], ['浩然', 'Haoran'], ['思雨', 'Siyu'], ['宇航', 'Yuhang'], ['欣怡', 'Xinyi'], ['文博', 'Wenbo'], ['佳琪', 'Jiaqi']];
const positions: Record<string, [string, string][]> = {
  admin: [['行政专员', 'Administration specialist']], it: [['系统工程师', 'Systems engineer']], hr: [['招聘专员', 'Recruiter']],
  procurement: [['采购专员', 'Buyer']], production: [['生产主管', 'Production supervisor']], assembly1: [['装配技工', 'Assembly technician']],
  assembly2: [['装配技工', 'Assembly technician']], maintenance: [['维修技师', 'Maintenance technician']], warehouse: [['仓管员', 'Warehouse keeper']],
  sales: [['销售经理', 'Sales manager']], keyaccounts: [['大客户经理', 'Key account manager']], service: [['客服专员', 'Service agent']],
  planning: [['计划员', 'Planner']], east: [['区域助理', 'Regional assistant']], south: [['区域助理', 'Regional assistant']], hq: [['总经理助理', 'Executive assistant']],
};

export async function isDemoSeeded(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('person').select('id').where(sql`lower(email)`, '=', 'wang.lei@xinghai.example').executeTakeFirst();
  return !!row;
}

export async function seedDemo(db: Kysely<DB>): Promise<{ created: boolean; employees: number }> {
  if (await isDemoSeeded(db)) return { created: false, employees: 0 };
  return db.transaction().execute(async (trx) => {
    // Serialise concurrent seeders (two processes starting at once).
    await sql`select pg_advisory_xact_lock(424242)`.execute(trx);
    if (await isDemoSeeded(trx as unknown as Kysely<DB>)) return { created: false, employees: 0 };

    const unitIds: Record<string, string> = {};
    for (const [i, u] of units.entries()) {
      unitIds[u.key] = await insertUnit(trx, { name: u.name, nameEn: u.en, parentId: u.parent ? unitIds[u.parent] : null, sortOrder: i });
    }
    let employees = 0;
    const add = async (p: Parameters<typeof insertPerson>[1]) => {
      employees += 1;
      return insertPerson(trx, { origin: 'seed', kind: 'employee', ...p });
    };

    // The named demo people.
    await add({ email: 'wang.lei@xinghai.example', name: '王磊', nameEn: 'Wang Lei', unitId: unitIds.it, position: '系统管理员', level: 'P6', roles: ['admin'] });
    await add({ email: 'li.na@xinghai.example', name: '李娜', nameEn: 'Li Na', unitId: unitIds.admin, position: '综合管理专员', level: 'P5', roles: ['comms_officer'] });
    await add({ email: 'liu.yang@xinghai.example', name: '刘洋', nameEn: 'Liu Yang', unitId: unitIds.assembly1, position: '装配技工', level: 'P3' });
    await add({ email: 'zhao.min@xinghai.example', name: '赵敏', nameEn: 'Zhao Min', unitId: unitIds.warehouse, position: '仓管员', level: 'P3', status: 'deactivated' });

    // Unit heads.
    for (const u of units) {
      if (!u.head) continue;
      const [email, name, nameEn] = u.head;
      await add({ email, name, nameEn, unitId: unitIds[u.key], position: `${u.name}负责人`, level: 'M2', headOf: [unitIds[u.key]] });
    }

    // Everyone else: spread over the departments and teams, deterministic.
    const memberUnits = ['admin', 'it', 'hr', 'procurement', 'production', 'assembly1', 'assembly1', 'assembly2', 'assembly2', 'maintenance', 'warehouse', 'sales', 'keyaccounts', 'service', 'planning'];
    const used = new Set<string>();
    for (let i = 0; employees < 60; i++) {
      const [s, sEn] = surnames[(i * 7) % surnames.length];
      const [g, gEn] = givens[(i * 11 + 3) % givens.length];
      const email = `${sEn}.${gEn}`.toLowerCase() + '@xinghai.example';
      if (used.has(email) || email === 'wang.lei@xinghai.example') continue;
      used.add(email);
      const key = memberUnits[i % memberUnits.length];
      const [pos] = positions[key] ?? [['职员', 'Staff']];
      await add({ email, name: s + g, nameEn: `${sEn} ${gEn}`, unitId: unitIds[key], position: pos[0], level: `P${2 + (i % 4)}` });
    }

    // Partner organisations, each with an admin and a member.
    const partners = [
      { name: '恒通精密零件有限公司', en: 'Hengtong Precision Parts Co., Ltd.', type: 'supplier' as const, people: [['chen.gang@hengtong.example', '陈刚', 'Chen Gang', true], ['zhou.li@hengtong.example', '周丽', 'Zhou Li', false]] as const },
      { name: '华联商贸有限公司', en: 'Hualian Trading Co., Ltd.', type: 'distributor' as const, people: [['sun.qiang@hualian.example', '孙强', 'Sun Qiang', true], ['wu.fang@hualian.example', '吴芳', 'Wu Fang', false]] as const },
      { name: '启明医疗器械有限公司', en: 'Qiming Medical Devices Co., Ltd.', type: 'customer' as const, people: [['zheng.hao@qiming.example', '郑浩', 'Zheng Hao', true], ['feng.xue@qiming.example', '冯雪', 'Feng Xue', false]] as const },
    ];
    for (const p of partners) {
      const orgId = await insertPartnerOrg(trx, { name: p.name, nameEn: p.en, type: p.type });
      for (const [email, name, nameEn, isAdmin] of p.people) {
        await insertPerson(trx, { kind: 'partner', email, name, nameEn, partnerOrgId: orgId, origin: 'seed', roles: isAdmin ? ['partner_admin'] : [] });
      }
    }
    await seedRequestSetup(trx, { service: unitIds.service, maintenance: unitIds.maintenance });
    const owner = async (email: string) => (await trx.selectFrom('person').select('id').where('email', '=', email).executeTakeFirst())?.id ?? null;
    await seedDemoChannels(trx, unitIds as Parameters<typeof seedDemoChannels>[1], {
      admin: await owner('wang.lei@xinghai.example'), comms: await owner('li.na@xinghai.example'), production: await owner('zhang.wei@xinghai.example'),
      procurement: await owner('lin.feng@xinghai.example'), service: await owner('tang.li@xinghai.example'),
    });
    return { created: true, employees };
  });
}

/**
 * Customer requests work from the first minute (quick start, e2e and real installs alike): every
 * request goes to 客户服务部 Customer Service, technical support to 设备维修部 Maintenance (admins
 * change this at /admin/requests), and Customer Service has two saved replies in both languages.
 * Only when no routing exists yet.
 */
export async function seedRequestSetup(db: Kysely<DB>, units: { service: string; maintenance?: string }): Promise<void> {
  const any = await db.selectFrom('request_route').select('id').limit(1).executeTakeFirst();
  if (any) return;
  await db.insertInto('request_route').values([
    { request_type: null, topic: null, unit_id: units.service },
    ...(units.maintenance ? [{ request_type: 'support' as const, topic: null, unit_id: units.maintenance }] : []),
  ]).execute();
  await db.insertInto('request_saved_reply').values([
    {
      unit_id: units.service, title: '收到确认', title_en: 'Acknowledgement',
      body_zh: '您好，感谢您的反馈。我们已收到您的请求，客服团队会在一个工作日内给您答复。',
      body_en: 'Hello, thank you for getting in touch. We have received your request and our service team will answer within one working day.',
    },
    {
      unit_id: units.service, title: '请提供批次号', title_en: 'Batch number, please',
      body_zh: '为便于我们追溯，请提供产品标签上的**批次号**和收货日期，如有照片请一并上传。',
      body_en: 'To trace the goods, please send the **batch number** from the product label and the delivery date, with photos if you have them.',
    },
  ]).execute();
}
