import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { buildOrg, type Org } from '@/lib/announcements/testing';
import { sql } from 'kysely';
import { insertPerson } from '@/db/seed/factories';
import { loadViewer } from '@/lib/authz/load-viewer';
import { findDueBatch } from './digest';
import { builtInDefaults, getCompanyDefaults, getOwnPreferences, notificationRoleOf, notificationRoleSql, saveCompanyDefaults, saveOwnPreferences, whoWantsMailNow } from './preferences';
import { markReadFromForm } from './queries';

let t: TestDb;
let org: Org;
beforeAll(async () => {
  t = await createTestDb();
  org = await buildOrg(t.db);
});
afterAll(() => t.drop());

const form = (over: Record<string, unknown> = {}) => ({
  frequency: 'weekly', hour: '7', weekday: '5', skipWeekends: 'on', sections: ['announcements.mustRead'],
  'mode.announcement.published': 'digest', 'mode.announcement.ack_requested': 'immediate', 'mode.announcement.approval_needed': 'in_app', 'mode.announcement.approval_decided': 'immediate',
  ...over,
});

describe('notification preferences', () => {
  it('role defaults: employees daily at 08:00, partners weekly on Monday; emergencies are not switchable', async () => {
    expect(await getOwnPreferences(t.db, org.viewers.worker1)).toMatchObject({ frequency: 'daily', hour: 8, skipWeekends: true, sections: null, forced: ['emergency.triggered'] });
    expect(await getOwnPreferences(t.db, org.viewers.hengtongMember)).toMatchObject({ frequency: 'weekly', weekday: 1, hour: 9 });
  });

  it('roles: each person’s most specific one, the same in SQL (the digest job) as in code', async () => {
    const both = await insertPerson(t.db, { email: 'admin.head@x.example', name: '管理兼负责人', unitId: org.units.warehouse, roles: ['admin', 'comms_officer'], headOf: [org.units.warehouse] });
    const officerHead = await insertPerson(t.db, { email: 'officer.head@x.example', name: '行政兼负责人', unitId: org.units.it, roles: ['comms_officer'], headOf: [org.units.it] });
    const expected = {
      [org.ids.admin]: 'admin', [both]: 'admin', [org.ids.comms]: 'comms_officer', [officerHead]: 'comms_officer', [org.ids.prodHead]: 'unit_head', [org.ids.eastHead]: 'unit_head',
      [org.ids.worker1]: 'employee', [org.ids.hengtongAdmin]: 'partner_admin', [org.ids.hengtongMember]: 'partner', [org.ids.hualianMember]: 'partner',
    };
    const { rows } = await sql<{ id: string; role: string }>`select p.id, ${notificationRoleSql('p')} as role from person p where p.id = any(${Object.keys(expected)}::uuid[])`.execute(t.db);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.role]))).toEqual(expected);
    for (const id of Object.keys(expected)) expect(notificationRoleOf((await loadViewer(t.db, id))!)).toBe(expected[id]);
  });

  it('built-in defaults per role: heads get approvals and new unit requests at once, partner admins a daily digest; urgent and emergencies always mail', async () => {
    expect(await getOwnPreferences(t.db, org.viewers.prodHead)).toMatchObject({ role: 'unit_head', defaultsFrom: 'builtIn', modes: { 'announcement.approval_needed': 'immediate', 'tasks.submitted': 'immediate', 'request.submitted': 'immediate' } });
    expect(await getOwnPreferences(t.db, org.viewers.worker1b)).toMatchObject({ role: 'employee', modes: { 'request.submitted': 'digest', 'announcement.published': 'immediate' } });
    expect(await getOwnPreferences(t.db, org.viewers.comms)).toMatchObject({ role: 'comms_officer', modes: { 'announcement.approval_decided': 'immediate' } });
    expect(await getOwnPreferences(t.db, org.viewers.hengtongAdmin)).toMatchObject({ role: 'partner_admin', frequency: 'daily', hour: 9 });
    expect(await getOwnPreferences(t.db, org.viewers.hualianMember)).toMatchObject({ role: 'partner', frequency: 'weekly', weekday: 1 });
    // The mail fan-out reads the same table in SQL.
    expect(await whoWantsMailNow(t.db, [org.ids.prodHead, org.ids.worker1b], 'request.submitted')).toEqual([org.ids.prodHead]);
    expect((await whoWantsMailNow(t.db, [org.ids.prodHead, org.ids.worker1b], 'request.submitted', true)).sort()).toEqual([org.ids.prodHead, org.ids.worker1b].sort());
    for (const role of Object.values(builtInDefaults)) expect(role.modes['emergency.triggered']).toBe('immediate');
  });

  it('saves the viewer’s own, validated with clear messages; values outside the allowed ones are refused', async () => {
    await saveOwnPreferences(t.db, org.viewers.worker1, form());
    expect(await getOwnPreferences(t.db, org.viewers.worker1)).toMatchObject({ frequency: 'weekly', hour: 7, weekday: 5, sections: ['announcements.mustRead'], modes: { 'announcement.published': 'digest', 'announcement.approval_needed': 'in_app', 'emergency.triggered': 'immediate' } });
    await expect(saveOwnPreferences(t.db, org.viewers.worker1, form({ hour: '25' }))).rejects.toMatchObject({ code: 'INVALID', details: { fieldErrors: { hour: { key: 'errors.validation.tooBig' } } } });
    await expect(saveOwnPreferences(t.db, org.viewers.worker1, form({ frequency: 'hourly' }))).rejects.toMatchObject({ details: { fieldErrors: { frequency: { key: 'errors.validation.choose' } } } });
    await expect(saveOwnPreferences(t.db, org.viewers.worker1, form({ sections: ['nope'] }))).rejects.toMatchObject({ code: 'INVALID' });
    await expect(saveOwnPreferences(t.db, org.viewers.worker1, form({ 'mode.announcement.published': 'sms' }))).rejects.toMatchObject({ code: 'INVALID' });
    await expect(saveOwnPreferences(t.db, null, form())).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    // Per-kind choice is what the mail fan-out reads.
    expect(await whoWantsMailNow(t.db, [org.ids.worker1, org.ids.worker2], 'announcement.published')).toEqual([org.ids.worker2]);
    expect((await whoWantsMailNow(t.db, [org.ids.worker1, org.ids.worker2], 'announcement.published', true)).sort()).toEqual([org.ids.worker1, org.ids.worker2].sort());
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'notifications.preferences').execute();
    expect(audit).toHaveLength(1);
  });

  it('company defaults: admins only, audited, and people without their own choice follow them', async () => {
    await expect(getCompanyDefaults(t.db, org.viewers.comms)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(saveCompanyDefaults(t.db, org.viewers.hengtongAdmin, { audience: 'partner', ...form() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await saveCompanyDefaults(t.db, org.viewers.admin, { audience: 'employee', ...form({ frequency: 'daily', hour: '17', 'mode.announcement.published': 'in_app' }) });
    expect((await getCompanyDefaults(t.db, org.viewers.admin)).employee).toMatchObject({ set: true, prefs: { frequency: 'daily', hour: 17 } });
    expect(await getOwnPreferences(t.db, org.viewers.worker2)).toMatchObject({ hour: 17 });
    expect(await whoWantsMailNow(t.db, [org.ids.worker2], 'announcement.published')).toEqual([]);
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'notifications.defaults').execute();
    expect(audit).toHaveLength(1);
  });

  it('precedence: own choice → the company default for the person’s most specific role → that role’s built-in default', async () => {
    await saveCompanyDefaults(t.db, org.viewers.admin, { audience: 'unit_head', ...form({ frequency: 'daily', hour: '6', 'mode.tasks.submitted': 'digest' }) });
    await saveCompanyDefaults(t.db, org.viewers.admin, { audience: 'partner_admin', ...form({ frequency: 'daily', hour: '7', skipWeekends: undefined }) });
    // Heads follow the heads' defaults (not the employees' set above), nobody else does.
    expect(await getOwnPreferences(t.db, org.viewers.prodHead)).toMatchObject({ role: 'unit_head', defaultsFrom: 'company', hour: 6, modes: { 'tasks.submitted': 'digest' } });
    expect(await getOwnPreferences(t.db, org.viewers.eastHead)).toMatchObject({ hour: 6 });
    expect(await getOwnPreferences(t.db, org.viewers.worker2)).toMatchObject({ role: 'employee', hour: 17 });
    expect(await getOwnPreferences(t.db, org.viewers.admin)).toMatchObject({ role: 'admin', defaultsFrom: 'builtIn', hour: builtInDefaults.admin.hour });
    expect(await whoWantsMailNow(t.db, [org.ids.prodHead, org.ids.comms], 'tasks.submitted')).toEqual([org.ids.comms]);
    // Their own choice beats the company's.
    await saveOwnPreferences(t.db, org.viewers.eastHead, form({ frequency: 'daily', hour: '10', 'mode.tasks.submitted': 'immediate' }));
    expect(await getOwnPreferences(t.db, org.viewers.eastHead)).toMatchObject({ hour: 10, modes: { 'tasks.submitted': 'immediate' } });
    expect(await whoWantsMailNow(t.db, [org.ids.prodHead, org.ids.eastHead], 'tasks.submitted')).toEqual([org.ids.eastHead]);
    // The digest job's due set (one join, set-based) uses the same resolution: 06:00 Shanghai on a
    // Monday finds the heads without a choice of their own; 07:00 the partner admin, not the member.
    const at = (h: number) => new Date(Date.UTC(2026, 10, 29, 16 + h)); // Monday 30 Nov 2026, h:00 in Shanghai
    const due6 = (await findDueBatch(t.db, at(6), null, 1000)).map((r) => r.id);
    expect(due6).toContain(org.ids.prodHead);
    expect(due6).not.toContain(org.ids.eastHead);
    expect(due6).not.toContain(org.ids.worker1b);
    const due7 = (await findDueBatch(t.db, at(7), null, 1000)).map((r) => r.id);
    expect(due7).toContain(org.ids.hengtongAdmin);
    expect(due7).not.toContain(org.ids.hengtongMember);
    expect((await findDueBatch(t.db, at(17), null, 1000)).map((r) => r.id)).toContain(org.ids.worker1b); // the employees' company default
    expect((await findDueBatch(t.db, at(8), null, 1000)).map((r) => r.id)).toContain(org.ids.admin); // admins: built in
    // An unknown role is refused; the audit names the role.
    await expect(saveCompanyDefaults(t.db, org.viewers.admin, { audience: 'ceo', ...form() })).rejects.toMatchObject({ code: 'INVALID' });
    const audit = await t.db.selectFrom('audit_log').select(['target_label', 'details']).where('action', '=', 'notifications.defaults').orderBy('id').execute();
    expect(audit.map((a) => a.target_label)).toEqual(['employee', 'unit_head', 'partner_admin']);
  });

  it('mark-read form input is validated', async () => {
    await expect(markReadFromForm(t.db, org.viewers.worker1, { ids: ['x'] })).rejects.toMatchObject({ code: 'INVALID' });
    expect(await markReadFromForm(t.db, org.viewers.worker1, { all: '1' })).toBe(0);
  });
});
