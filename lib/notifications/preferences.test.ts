import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@/db/testing';
import { buildOrg, type Org } from '@/lib/announcements/testing';
import { getCompanyDefaults, getOwnPreferences, saveCompanyDefaults, saveOwnPreferences, whoWantsMailNow } from './preferences';
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
    expect((await getCompanyDefaults(t.db, org.viewers.admin)).employee).toMatchObject({ frequency: 'daily', hour: 17 });
    expect(await getOwnPreferences(t.db, org.viewers.worker2)).toMatchObject({ hour: 17 });
    expect(await whoWantsMailNow(t.db, [org.ids.worker2], 'announcement.published')).toEqual([]);
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'notifications.defaults').execute();
    expect(audit).toHaveLength(1);
  });

  it('mark-read form input is validated', async () => {
    await expect(markReadFromForm(t.db, org.viewers.worker1, { ids: ['x'] })).rejects.toMatchObject({ code: 'INVALID' });
    expect(await markReadFromForm(t.db, org.viewers.worker1, { all: '1' })).toBe(0);
  });
});
