import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { createTestDb, type TestDb } from '@/db/testing';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { resolvePickerTexts, searchPicker } from './queries';

let t: TestDb;
let v: Record<'employee' | 'partnerA' | 'partnerB', Viewer>;
let orgA: string;
beforeAll(async () => {
  t = await createTestDb();
  const hq = await insertUnit(t.db, { name: '总部', nameEn: 'HQ' });
  const prod = await insertUnit(t.db, { name: '生产部', nameEn: 'Production', parentId: hq });
  orgA = await insertPartnerOrg(t.db, { name: '恒通精密', nameEn: 'Hengtong', type: 'supplier' });
  const orgB = await insertPartnerOrg(t.db, { name: '华联商贸', type: 'distributor' });
  const ids = {
    employee: await insertPerson(t.db, { email: 'liu.yang@x.example', name: '刘洋', nameEn: 'Liu Yang', unitId: prod }),
    partnerA: await insertPerson(t.db, { email: 'zhou.li@hengtong.example', name: '周丽', partnerOrgId: orgA }),
    partnerB: await insertPerson(t.db, { email: 'wu.fang@hualian.example', name: '吴芳', partnerOrgId: orgB }),
  };
  await insertPerson(t.db, { email: 'chen.gang@hengtong.example', name: '陈刚', partnerOrgId: orgA });
  await insertPerson(t.db, { email: 'gone@x.example', name: '刘离职', unitId: prod, status: 'deactivated' });
  v = { employee: (await loadViewer(t.db, ids.employee))!, partnerA: (await loadViewer(t.db, ids.partnerA))!, partnerB: (await loadViewer(t.db, ids.partnerB))! };
});
afterAll(() => t.drop());

describe('pickers search on the server', () => {
  it('employees find active people, units with their path, organisations', async () => {
    const people = await searchPicker(t.db, v.employee, 'person', { q: '刘' }, 'zh-CN');
    expect(people.map((p) => p.label)).toEqual(['刘洋 · Liu Yang']);
    expect(people[0].hint).toContain('生产部');
    const units = await searchPicker(t.db, v.employee, 'unit', { q: 'prod' }, 'en');
    expect(units).toEqual([expect.objectContaining({ label: 'Production', hint: 'HQ / Production' })]);
    expect((await searchPicker(t.db, v.employee, 'partnerOrg', { q: '恒通' }, 'zh-CN')).map((o) => o.label)).toEqual(['恒通精密']);
    expect((await searchPicker(t.db, v.employee, 'partnerPerson', { q: 'hengtong', org: orgA }, 'zh-CN')).length).toBe(2);
    expect(await searchPicker(t.db, v.employee, 'person', { q: '' }, 'zh-CN')).toEqual([]);
    expect(await searchPicker(t.db, v.employee, 'person', { ids: `${v.employee.id},not-an-id` }, 'zh-CN')).toHaveLength(1);
  });

  it('a partner finds only colleagues of their own organisation; nothing internal exists for them', async () => {
    expect((await searchPicker(t.db, v.partnerA, 'partnerPerson', { q: 'hengtong', org: orgA }, 'zh-CN')).map((p) => p.label).sort()).toEqual(['周丽', '陈刚']);
    await expect(searchPicker(t.db, v.partnerB, 'partnerPerson', { q: 'hengtong', org: orgA }, 'zh-CN')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await searchPicker(t.db, v.partnerB, 'person', { q: '刘' }, 'zh-CN')).toEqual([]);
    await expect(searchPicker(t.db, v.partnerA, 'unit', { q: '生产' }, 'zh-CN')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(searchPicker(t.db, v.partnerA, 'partnerOrg', { q: '华联' }, 'zh-CN')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(searchPicker(t.db, null, 'person', { q: '刘' }, 'zh-CN')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('without JavaScript, the typed text of a filter picker becomes the best match the viewer may pick', async () => {
    const [prod] = await searchPicker(t.db, v.employee, 'unit', { q: '生产' }, 'zh-CN');
    expect(await resolvePickerTexts(t.db, v.employee, { unit__text: ' 生产 ', page: '2' }, [['unit', 'unit']], 'zh-CN')).toEqual({ unit__text: ' 生产 ', page: '2', unit: prod.id });
    // An id that came with it wins; nothing found, nothing typed or no viewer: unchanged.
    expect(await resolvePickerTexts(t.db, v.employee, { unit: 'x', unit__text: '生产' }, [['unit', 'unit']], 'zh-CN')).toEqual({ unit: 'x', unit__text: '生产' });
    expect(await resolvePickerTexts(t.db, v.employee, { unit__text: '没有这个部门' }, [['unit', 'unit']], 'zh-CN')).toEqual({ unit__text: '没有这个部门' });
    expect(await resolvePickerTexts(t.db, null, { unit__text: '生产' }, [['unit', 'unit']], 'zh-CN')).toEqual({ unit__text: '生产' });
    // The same authorization as the picker: a partner resolves no internal unit, an employee an organisation.
    expect(await resolvePickerTexts(t.db, v.partnerA, { unit__text: '生产' }, [['unit', 'unit']], 'zh-CN')).toEqual({ unit__text: '生产' });
    const [hengtong] = await searchPicker(t.db, v.employee, 'partnerOrg', { q: '恒通' }, 'zh-CN');
    const sp: Record<string, string | undefined> = { supplier__text: '恒通' };
    expect((await resolvePickerTexts(t.db, v.employee, sp, [['supplier', 'partnerOrg']], 'zh-CN')).supplier).toBe(hengtong.id);
  });
});
