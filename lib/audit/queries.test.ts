import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '@/db/testing';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { recordAudit } from './record';
import { tableToCsv } from '@/lib/tabular/write';
import { AUDIT_PAGE_SIZE, exportAudit, listAuditLog } from './queries';

let t: TestDb;
let admin: Viewer;
let employee: Viewer;
let partner: Viewer;

beforeAll(async () => {
  t = await createTestDb();
  const hq = await insertUnit(t.db, { name: '总部' });
  admin = (await loadViewer(t.db, await insertPerson(t.db, { email: 'wang.lei@xinghai.example', name: '王磊', nameEn: 'Wang Lei', unitId: hq, roles: ['admin'] })))!;
  employee = (await loadViewer(t.db, await insertPerson(t.db, { email: 'liu.yang@xinghai.example', name: '刘洋', unitId: hq })))!;
  const org = await insertPartnerOrg(t.db, { name: '恒通', type: 'supplier' });
  partner = (await loadViewer(t.db, await insertPerson(t.db, { email: 'chen@hengtong.example', partnerOrgId: org, roles: ['partner_admin'] })))!;
  // 60 entries by the admin over three days (Shanghai time), 5 by the employee.
  for (let i = 0; i < 60; i++) await recordAudit(t.db, { actor: admin, action: i % 2 ? 'unit.create' : 'person.update', target: { type: 'x', label: `目标${i}` }, details: { i } });
  for (let i = 0; i < 5; i++) await recordAudit(t.db, { actor: employee, action: 'person.locale', target: { type: 'person', label: '=HYPERLINK("http://x")' } });
  await recordAudit(t.db, { actor: null, action: 'auth.sign_in_failed', details: {} });
  // An anonymous request picks its own user agent; it reaches the export.
  await recordAudit(t.db, { actor: null, action: 'auth.link_requested', target: { type: 'person', label: 'x@evil.example' }, meta: { ip: '203.0.113.9', userAgent: "Mozilla/5.0;=cmd|' /C calc'!A0" } });
  // audit_log is append-only: move timestamps with the trigger briefly disabled in this throwaway database.
  await sql`alter table audit_log disable trigger audit_log_no_update`.execute(t.db);
  await sql`update audit_log set at = '2026-11-20T10:00:00+08:00' where id <= 20`.execute(t.db);
  await sql`update audit_log set at = '2026-11-21T23:30:00+08:00' where id > 20 and id <= 40`.execute(t.db);
  await sql`alter table audit_log enable trigger audit_log_no_update`.execute(t.db);
});
afterAll(() => t.drop());

describe('audit log', () => {
  it('lists newest first with keyset paging', async () => {
    const p1 = await listAuditLog(t.db, admin, {});
    expect(p1.items).toHaveLength(AUDIT_PAGE_SIZE);
    expect(p1.items[0].action).toBe('auth.link_requested');
    const ids = p1.items.map((e) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    // Walk the pages: every page full but the last, each older than the one before, 67 in all.
    let seen = [...ids];
    let before = p1.nextBefore;
    while (before !== null) {
      const p = await listAuditLog(t.db, admin, { before: String(before) });
      expect(p.items[0].id).toBeLessThan(seen[seen.length - 1]);
      if (p.nextBefore !== null) expect(p.items).toHaveLength(AUDIT_PAGE_SIZE);
      seen = [...seen, ...p.items.map((e) => e.id)];
      before = p.nextBefore;
    }
    expect(seen).toHaveLength(67);
    expect(new Set(seen).size).toBe(67);
  });

  it('filters by actor e-mail or name, action and dates in the viewer’s zone', async () => {
    expect((await listAuditLog(t.db, admin, { actor: 'liu.yang' })).items).toHaveLength(5);
    expect((await listAuditLog(t.db, admin, { actor: '刘洋' })).items).toHaveLength(5);
    const wang = await listAuditLog(t.db, admin, { actor: 'wang lei', action: 'unit.create' });
    const wang2 = await listAuditLog(t.db, admin, { actor: 'wang lei', action: 'unit.create', before: String(wang.nextBefore) });
    expect(wang.items.length + wang2.items.length).toBe(30);
    expect([...wang.items, ...wang2.items].every((e) => e.action === 'unit.create')).toBe(true);
    expect((await listAuditLog(t.db, admin, { from: '2026-11-20', to: '2026-11-20' })).items).toHaveLength(20);
    // 23:30 Shanghai on the 21st is still the 21st there.
    expect((await listAuditLog(t.db, admin, { from: '2026-11-21', to: '2026-11-21' })).items).toHaveLength(20);
    expect((await listAuditLog(t.db, admin, { actor: '%' })).items).toHaveLength(0);
  });

  it('is for admins only', async () => {
    await expect(listAuditLog(t.db, employee, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(listAuditLog(t.db, partner, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(exportAudit(t.db, employee, {}, ['h'])).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('exports CSV with a BOM, neutralised formulas, and records the export', async () => {
    const { table, rows } = await exportAudit(t.db, admin, { actor: '刘洋' }, ['编号', '时间', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    const csv = tableToCsv(table, 'Asia/Shanghai');
    expect(csv.startsWith('\ufeff"编号","时间 (Asia/Shanghai)"')).toBe(true);
    expect(rows).toBe(5);
    // A label that a spreadsheet would run as a formula is exported as text.
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).not.toMatch(/,"?=HYPERLINK/);
    const last = await t.db.selectFrom('audit_log').select(['action', 'details', 'actor_id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: 'audit.export', actor_id: admin.id, details: { rows: 5 } });
  });

  it('exports what anonymous requests wrote (user agents) quoted and neutralised, also after a ;', async () => {
    const csv = tableToCsv((await exportAudit(t.db, admin, { action: 'auth.link_requested' }, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'])).table, 'UTC');
    const line = csv.split('\r\n')[1];
    // Every field quoted: a spreadsheet splitting on ; still finds no cell starting with =.
    expect(line).toMatch(/^"\d+","[^"]+","","","auth\.link_requested","person","","x@evil\.example","203\.0\.113\.9",/);
    expect(line).toContain(`"Mozilla/5.0;'=cmd|' /C calc'!A0"`);
    for (const cell of line.split(/[,;]/)) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@]/);
  });

  it('cannot be changed or deleted', async () => {
    await expect(sql`update audit_log set action = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
  });
});
