import type { Page } from '@playwright/test';
import { pdfBytes } from '../lib/files/test-files';
import { expect, expectAccessible, phone, query, signInAsEmployee, signInAsPartner, signOut, snap, test, waitForMailTo } from './fixtures';

// Earlier specs may have saved a language for these people: the browser's language decides here.
test.beforeAll(async () => {
  await query(`update person set locale = null where email = any($1)`, [['liu.yang@xinghai.example', 'wang.lei@xinghai.example', 'zhang.wei@xinghai.example', 'zhou.li@hengtong.example']]);
});

/**
 * Meetings and tasks end to end, in both languages: a meeting with a partner attendee, an agenda
 * document and a named minute-taker, its invitation (with the calendar file and the document as a
 * link) in the outbox, the minute-taker's minutes with two action items, publishing, the partner
 * attendee downloading the document (a non-attending partner cannot),
 * the owner moving the task on the board and asking for a later due date, the creator approving,
 * and the partner seeing only their own item.
 */
const people = ['zhang.wei@xinghai.example', 'liu.yang@xinghai.example', 'wang.lei@xinghai.example', 'zhou.li@hengtong.example'];
const ymd = (d: Date) => d.toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86400_000);

async function pick(page: Page, testId: string, text: string) {
  await page.getByTestId(`${testId}-input`).fill(text);
  await page.getByTestId(testId).getByTestId('picker-option').filter({ hasText: text }).first().click();
}

for (const locale of ['zh-CN', 'en'] as const) {
  test.describe.serial(`meetings and tasks (${locale})`, () => {
    // Many sign-ins and pickers per step on a shared, busy machine.
    test.describe.configure({ timeout: 420_000 });
    const zh = locale === 'zh-CN';
    const stamp = Date.now();
    const title = zh ? `质量周会 ${stamp}` : `Quality weekly ${stamp}`;
    const ownItem = zh ? `验证夹具 ${stamp}` : `Verify the fixture ${stamp}`;
    const partnerItem = zh ? `提交样品 ${stamp}` : `Send samples ${stamp}`;
    const fileName = zh ? `季度数据-${stamp}.pdf` : `q4-figures-${stamp}.pdf`;
    let meetingUrl = '';
    let taskUrl = '';
    let started = new Date();

    test.beforeAll(async () => {
      await query(`update person set locale = $1 where email = any($2)`, [locale, people]);
    });

    test('the organiser schedules a meeting with a partner attendee, an agenda document and a minute-taker', async ({ browser }) => {
      started = new Date(Date.now() - 1000);
      const ctx = await browser.newContext({ locale });
      const page = await ctx.newPage();
      await signInAsEmployee(page, 'zhang.wei@xinghai.example');
      await page.goto('/meetings/new');
      await page.getByTestId('meeting-title').fill(title);
      const day = ymd(inDays(2));
      await page.getByTestId('meeting-start').fill(`${day}T10:00`);
      await page.getByTestId('meeting-end').fill(`${day}T09:00`); // ends before it starts
      await pick(page, 'meeting-attendees', '刘洋');
      await pick(page, 'meeting-partners', '周丽');
      await pick(page, 'meeting-minute-taker', '刘洋');
      await page.getByTestId('meeting-agenda').fill('1. 上周问题\n2. 样品');
      await page.getByTestId('meeting-save').click();
      await expect(page.getByTestId('error-endsAt')).toHaveText(zh ? '结束时间必须晚于开始时间。' : 'The meeting must end after it starts.');
      await expect(page.getByTestId('meeting-title')).toHaveValue(title); // nothing typed is lost
      await expect(page.getByTestId('meeting-attendees').getByTestId('picker-chosen')).toHaveCount(1);
      await expect(page.getByTestId('meeting-minute-taker').getByTestId('picker-chosen')).toHaveCount(1);
      await page.getByTestId('meeting-end').fill(`${day}T11:30`);
      // Browsers cannot refill a file input after a refusal: the document is chosen now.
      await page.getByTestId('meeting-files').setInputFiles([{ name: fileName, mimeType: 'application/pdf', buffer: pdfBytes('Q4 figures') }]);
      await expectAccessible(page);
      await page.setViewportSize(phone);
      await snap(page, `meeting-form-${locale}-phone`);
      await page.setViewportSize({ width: 1366, height: 900 });
      await snap(page, `meeting-form-${locale}`);
      await page.getByTestId('meeting-save').click();
      await page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);
      meetingUrl = new URL(page.url()).pathname;
      await expect(page.getByTestId('meeting-heading')).toHaveText(title);
      await expect(page.getByTestId('meeting-file')).toHaveText(new RegExp(fileName));
      await expect(page.getByTestId('meeting-minute-taker')).toHaveText(/刘洋|Liu Yang/);
      await expectAccessible(page);
      await snap(page, `meeting-${locale}`);
      await page.setViewportSize(phone);
      await snap(page, `meeting-${locale}-phone`);
      await ctx.close();
    });

    test('the minute-taker writes the minutes with two action items and publishes them', async ({ browser }) => {
      const ctx = await browser.newContext({ locale });
      const page = await ctx.newPage();
      await signInAsEmployee(page, 'liu.yang@xinghai.example');
      await page.goto(meetingUrl);
      await expect(page.getByTestId('meeting-edit')).toHaveCount(0); // the minutes only, not the meeting
      await page.getByTestId('write-minutes').click();
      await page.getByTestId('minutes-notes').fill(zh ? '讨论了二号线夹具。' : 'We discussed the line 2 fixture.');
      await page.getByTestId('item-0-title').fill(ownItem);
      await pick(page, 'item-0-owner', '刘洋');
      await page.getByTestId('item-0-due').fill(ymd(inDays(-3))); // in the past
      await page.getByTestId('item-1-title').fill(partnerItem);
      await pick(page, 'item-1-partner-owner', '周丽');
      await page.getByTestId('item-1-due').fill(ymd(inDays(10)));
      await page.getByTestId('minutes-publish').click();
      await expect(page.getByTestId('error-items.0.dueOn')).toBeVisible();
      await expect(page.getByTestId('item-1-title')).toHaveValue(partnerItem);
      await page.getByTestId('item-0-due').fill(ymd(inDays(7)));
      await expectAccessible(page);
      await page.setViewportSize(phone);
      await snap(page, `minutes-${locale}-phone`);
      await page.setViewportSize({ width: 1366, height: 900 });
      await snap(page, `minutes-${locale}`);
      await page.getByTestId('minutes-publish').click();
      await page.waitForURL((u) => u.pathname === meetingUrl);
      await expect(page.getByTestId('action-item')).toHaveCount(2);
      const tasks = await query(`select t.id, t.title, c.email as creator from task t join meeting m on m.id = t.meeting_id join person c on c.id = t.creator_id where m.title = $1`, [title]);
      expect(tasks.map((x) => x.title).sort()).toEqual([ownItem, partnerItem].sort());
      expect(tasks.every((x) => x.creator === 'zhang.wei@xinghai.example')).toBe(true); // the organiser reviews them
      const revision = await query(`select r.version, p.email from meeting_minutes_revision r join meeting m on m.id = r.meeting_id join person p on p.id = r.edited_by where m.title = $1`, [title]);
      expect(revision).toEqual([{ version: 1, email: 'liu.yang@xinghai.example' }]);
      taskUrl = `/tasks/${tasks.find((x) => x.title === ownItem).id}`;
      await ctx.close();
    });

    test('the admin opens the invitation with its calendar file in the outbox', async ({ browser }) => {
      const mail = await waitForMailTo('zhou.li@hengtong.example', started, 30_000);
      expect(mail.subject).toContain(title);
      const ctx = await browser.newContext({ locale });
      const page = await ctx.newPage();
      await signInAsEmployee(page, 'wang.lei@xinghai.example');
      await page.goto(`/outbox/${mail.id}`);
      await expect(page.getByTestId('mail-subject')).toContainText(title);
      await page.getByTestId('mail-attachment').locator('summary').click();
      const ics = await page.getByTestId('mail-attachment-content').textContent();
      expect(ics).toContain('METHOD:REQUEST');
      expect(ics).toContain(`UID:${meetingUrl.split('/').pop()}@plaza`);
      expect(ics).toContain('DTSTART;TZID=Asia/Shanghai:');
      // The agenda document is a link in the mail, not an attachment.
      const [file] = await query(`select f.id from meeting_file mf join stored_file f on f.id = mf.file_id join meeting m on m.id = mf.meeting_id where m.title = $1`, [title]);
      const [kept] = await query(`select html, attachments from mail_outbox where id = $1`, [mail.id]);
      expect(kept.html).toContain(`/api/files/${file.id}`);
      expect(kept.html).toContain(fileName);
      expect(JSON.stringify(kept.attachments)).not.toContain(fileName);

      // Meetings by unit: the admin (not invited) finds the meeting under Production, its organiser's unit.
      await page.goto('/meetings');
      // Typed in Chinese in both languages: "Production" would also find "Production Planning".
      await page.getByTestId('meetings-unit-input').fill('生产部');
      await page.getByTestId('meetings-unit').getByTestId('picker-option').first().click();
      await page.getByTestId('meetings-unit-show').click();
      await page.waitForURL(/unit=/);
      await expect(page.getByTestId('meetings-unit-showing')).toContainText(zh ? '生产部' : 'Production');
      await expect(page.getByTestId('meeting-row').filter({ hasText: title })).toHaveCount(1);
      await expectAccessible(page);
      await snap(page, `meetings-by-unit-${locale}`);
      await page.setViewportSize(phone);
      await snap(page, `meetings-by-unit-${locale}-phone`);
      await page.setViewportSize({ width: 1366, height: 900 });
      // Warehouse is not the organiser's tree, nor invited.
      await page.goto('/meetings');
      await page.getByTestId('meetings-unit-input').fill('仓储部');
      await page.getByTestId('meetings-unit').getByTestId('picker-option').first().click();
      await page.getByTestId('meetings-unit-show').click();
      await page.waitForURL(/unit=/);
      await expect(page.getByTestId('meeting-row').filter({ hasText: title })).toHaveCount(0);
      await ctx.close();
    });

    test('the owner moves the task on the board and asks for a later due date', async ({ browser }) => {
      const ctx = await browser.newContext({ locale });
      const page = await ctx.newPage();
      await signInAsEmployee(page, 'liu.yang@xinghai.example');
      await page.goto('/tasks/board');
      const card = page.getByTestId('column-todo').getByTestId('task-card').filter({ hasText: ownItem });
      await expect(card).toBeVisible();
      await expectAccessible(page);
      await snap(page, `board-${locale}`);
      // Keyboard: focus the card's move button and press Enter.
      await card.getByTestId('move-in_progress').focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('column-in_progress').getByTestId('task-card').filter({ hasText: ownItem })).toBeVisible();
      await page.setViewportSize(phone);
      await snap(page, `board-${locale}-phone`);
      await page.setViewportSize({ width: 1366, height: 900 });

      await page.goto(taskUrl);
      await page.getByTestId('extension-due').fill(ymd(inDays(-1)));
      await page.getByTestId('extension-reason').fill(zh ? '等待零件' : 'Waiting for parts');
      await page.getByTestId('extension-send').click();
      await expect(page.getByTestId('error-dueOn')).toBeVisible();
      await expect(page.getByTestId('extension-reason')).toHaveValue(zh ? '等待零件' : 'Waiting for parts');
      await page.getByTestId('extension-due').fill(ymd(inDays(14)));
      await page.getByTestId('extension-send').click();
      await expect(page.getByTestId('extension-pending')).toBeVisible();
      await expectAccessible(page);
      await snap(page, `task-${locale}`);
      await ctx.close();
    });

    test('the creator approves; the partner sees only their own action item', async ({ browser }) => {
      const ctx = await browser.newContext({ locale });
      const page = await ctx.newPage();
      await signInAsEmployee(page, 'zhang.wei@xinghai.example');
      await page.goto(taskUrl);
      await page.getByTestId('extension-approve').click();
      await expect(page.getByTestId('task-due')).toHaveText(ymd(inDays(14)));
      await expect(page.getByTestId('extension-history')).toContainText(zh ? '已同意' : 'approved');
      await signOut(page);

      await signInAsPartner(page, 'zhou.li@hengtong.example');
      await page.goto(meetingUrl);
      // The partner attendee downloads the agenda document.
      const link = page.getByTestId('meeting-file').getByRole('link');
      await expect(link).toHaveText(fileName);
      const fileHref = (await link.getAttribute('href'))!;
      const download = page.waitForEvent('download');
      await link.click();
      expect((await download).suggestedFilename()).toBe(fileName);
      const got = await page.request.get(fileHref);
      expect(got.status()).toBe(200);
      expect((await got.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await expect(page.getByTestId('action-item')).toHaveCount(1);
      await expect(page.getByTestId('action-item')).toContainText(partnerItem);
      await expect(page.getByText(ownItem)).toHaveCount(0);
      await expectAccessible(page);
      await page.goto('/tasks');
      await expect(page.getByTestId('task-card').filter({ hasText: partnerItem })).toHaveCount(1);
      await expect(page.getByTestId('task-card').filter({ hasText: ownItem })).toHaveCount(0);
      const other = await page.goto(taskUrl);
      expect(other?.status()).toBe(404);
      await signOut(page);
      // A partner of the same organisation who does not attend: neither the meeting nor its document exist.
      await signInAsPartner(page, 'chen.gang@hengtong.example');
      expect((await page.goto(meetingUrl))?.status()).toBe(404);
      expect((await page.request.get(fileHref)).status()).toBe(404);
      await ctx.close();
    });

    test('the creator edits and reassigns the task; the new owner is told and drags it on the board', async ({ browser }) => {
      const ctx = await browser.newContext({ locale });
      const page = await ctx.newPage();
      await signInAsEmployee(page, 'zhang.wei@xinghai.example');
      await page.goto(taskUrl);
      await page.getByTestId('task-edit').click();
      await page.waitForURL(/\/edit$/);
      const note = zh ? '刘洋出差，王磊接手' : 'Liu Yang travels; Wang Lei takes over';
      await page.getByTestId('task-owner').getByTestId('picker-chosen').getByRole('button').click();
      await pick(page, 'task-owner', '王磊');
      await page.getByTestId('task-reassign-note').fill(note);
      await page.getByTestId('task-due').fill(ymd(inDays(-2))); // in the past
      await page.getByTestId('task-save').click();
      await expect(page.getByTestId('error-dueOn')).toBeVisible();
      await expect(page.getByTestId('task-reassign-note')).toHaveValue(note); // nothing typed is lost
      await expect(page.getByTestId('task-owner').getByTestId('picker-chosen')).toContainText(/王磊|Wang Lei/);
      await expectAccessible(page);
      await snap(page, `task-edit-${locale}`);
      await page.setViewportSize(phone);
      await snap(page, `task-edit-${locale}-phone`);
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.getByTestId('task-due').fill(ymd(inDays(20)));
      await page.getByTestId('task-save').click();
      await page.waitForURL((u) => u.pathname === taskUrl);
      await expect(page.getByTestId('task-owner-name')).toHaveText(/王磊|Wang Lei/);
      await expect(page.getByTestId('task-due')).toHaveText(ymd(inDays(20)));
      await expect(page.getByTestId('task-history')).toContainText(note);
      await snap(page, `task-reassigned-${locale}`);
      await page.setViewportSize(phone);
      await snap(page, `task-reassigned-${locale}-phone`);
      await page.setViewportSize({ width: 1366, height: 900 });
      const told = await query(
        `select 1 from notification n join notification_event e on e.id = n.event_id join person p on p.id = n.person_id
         where p.email = 'wang.lei@xinghai.example' and e.message_key = 'tasks.notifications.reassigned' and e.link = $1`, [taskUrl]);
      expect(told).toHaveLength(1);
      await signOut(page);

      // The previous owner no longer reaches it; the new one drags it to "submitted for review".
      await signInAsEmployee(page, 'liu.yang@xinghai.example');
      expect((await page.goto(taskUrl))?.status()).toBe(404);
      await signOut(page);
      await signInAsEmployee(page, 'wang.lei@xinghai.example');
      await page.goto('/tasks/board');
      const card = page.getByTestId('column-in_progress').getByTestId('task-card').filter({ hasText: ownItem });
      await expect(card).toBeVisible();
      await card.dragTo(page.getByTestId('column-in_review'));
      await expect(page.getByTestId('column-in_review').getByTestId('task-card').filter({ hasText: ownItem })).toBeVisible();
      await expect(page.getByTestId('board-dnd-status')).not.toBeEmpty();
      await ctx.close();
    });
  });
}
