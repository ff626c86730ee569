import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { buildOrg, type Org } from '@/lib/announcements/testing';
import { quickLinkAbilities } from './abilities';
import { deleteQuickLink, saveQuickLink } from './mutations';
import { getQuickLinkToManage, listMyQuickLinks, listQuickLinksToManage } from './queries';

let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const names = async (who: keyof Org['viewers']) => (await listMyQuickLinks(t.db, org.viewers[who])).links.map((l) => l.name);
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

describe('quick links', () => {
  it.each([
    ['admin', true], ['comms', true], ['prodHead', false], ['worker1', false], ['hengtongAdmin', false], ['hualianMember', false], ['deactivated', false],
  ] as const)('%s may manage: %s', (who, manage) => {
    expect(quickLinkAbilities(org.viewers[who])).toEqual({ manage });
  });

  it('officers add links for an audience; each person sees the ones addressed to them, in order', async () => {
    await saveQuickLink(t.db, org.viewers.comms, { name: 'OA 审批', nameEn: 'OA approvals', url: 'https://oa.example/', icon: 'oa', position: '10', everyone: 'on' });
    await saveQuickLink(t.db, org.viewers.comms, { name: 'ERP', url: 'https://erp.example/x?y=1', icon: 'erp', position: '5', units: [org.units.production] });
    await saveQuickLink(t.db, org.viewers.admin, { name: '质量手册', url: 'http://quality.example/', icon: 'docs', partnerOrgs: [org.partners.hengtong] });
    expect(await names('worker1')).toEqual(['ERP', 'OA 审批']); // Assembly Team 1 lies inside Production
    expect(await names('warehouseWorker')).toEqual(['OA 审批']);
    expect(await names('hengtongMember')).toEqual(['质量手册']);
    expect(await names('hualianMember')).toEqual([]);
    expect((await listMyQuickLinks(t.db, org.viewers.comms)).can.manage).toBe(true);
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', 'like', 'quick_link.%').execute();
    expect(audit).toHaveLength(3);
  });

  it('edits keep one row, change the audience and are audited; deleting removes it', async () => {
    const [erp] = (await listQuickLinksToManage(t.db, org.viewers.comms)).filter((l) => l.name === 'ERP');
    expect(erp.audience).toMatchObject({ everyone: false, units: [{ id: org.units.production, name: '生产部' }] });
    await saveQuickLink(t.db, org.viewers.comms, { id: erp.id, name: 'ERP', url: 'https://erp.example/', icon: 'erp', units: [org.units.warehouse] });
    expect(await names('worker1')).toEqual(['OA 审批']);
    expect(await names('warehouseWorker')).toEqual(['ERP', 'OA 审批']);
    expect((await getQuickLinkToManage(t.db, org.viewers.admin, erp.id)).url).toBe('https://erp.example/');
    await deleteQuickLink(t.db, org.viewers.admin, { id: erp.id });
    expect(await names('warehouseWorker')).toEqual(['OA 审批']);
    expect(await code(deleteQuickLink(t.db, org.viewers.admin, { id: erp.id }))).toBe('NOT_FOUND');
    expect(await code(getQuickLinkToManage(t.db, org.viewers.admin, 'nope'))).toBe('NOT_FOUND');
    const actions = (await t.db.selectFrom('audit_log').select('action').where('action', 'like', 'quick_link.%').orderBy('id').execute()).map((r) => r.action);
    expect(actions.slice(-2)).toEqual(['quick_link.update', 'quick_link.delete']);
  });

  it('only officers and admins manage: employees FORBIDDEN, partners NOT_FOUND', async () => {
    const input = { name: 'x', url: 'https://x.example/', icon: 'link', everyone: 'on' };
    expect(await code(saveQuickLink(t.db, org.viewers.worker1, input))).toBe('FORBIDDEN');
    expect(await code(saveQuickLink(t.db, org.viewers.prodHead, input))).toBe('FORBIDDEN');
    expect(await code(saveQuickLink(t.db, org.viewers.hengtongAdmin, input))).toBe('NOT_FOUND');
    expect(await code(listQuickLinksToManage(t.db, org.viewers.worker1))).toBe('FORBIDDEN');
    expect(await code(listQuickLinksToManage(t.db, org.viewers.hengtongMember))).toBe('NOT_FOUND');
    expect(await code(listMyQuickLinks(t.db, null))).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['javascript: address', { url: 'javascript:alert(1)' }, { url: 'home.quickLinks.errors.urlInvalid' }],
    ['data: address', { url: 'data:text/html,<script>alert(1)</script>' }, { url: 'home.quickLinks.errors.urlInvalid' }],
    ['relative address', { url: '/admin' }, { url: 'home.quickLinks.errors.urlInvalid' }],
    ['credentials in the address', { url: 'https://user:pw@x.example/' }, { url: 'home.quickLinks.errors.urlInvalid' }],
    ['over-long address', { url: `https://x.example/${'a'.repeat(2000)}` }, { url: 'home.quickLinks.errors.urlTooLong' }],
    ['no audience', { everyone: undefined }, { everyone: 'home.quickLinks.errors.audienceEmpty' }],
    ['empty name', { name: '  ' }, { name: 'errors.validation.required' }],
    ['over-long name', { name: 'x'.repeat(41) }, { name: 'errors.validation.tooLong' }],
    ['unknown icon', { icon: 'skull' }, { icon: 'errors.validation.choose' }],
  ])('refuses %s with a message on the field, changing nothing', async (_name, patch, fields) => {
    const before = await t.db.selectFrom('quick_link').select('id').execute();
    const e = await saveQuickLink(t.db, org.viewers.comms, { name: 'x', url: 'https://x.example/', icon: 'link', everyone: 'on', ...patch }).catch((x) => x);
    expect(e).toMatchObject({ code: 'INVALID' });
    const got = Object.fromEntries(Object.entries(e.details.fieldErrors as Record<string, { key: string }>).map(([k, v]) => [k, v.key]));
    expect(got).toMatchObject(fields);
    expect(await t.db.selectFrom('quick_link').select('id').execute()).toHaveLength(before.length);
  });
});
