import { expect, pick, signInAsEmployee, test } from './fixtures';

/**
 * Issue 8, "Keep": whatever is made faster, no cache may ever serve one person's page to another.
 * Two employees with different audiences — each is the only named recipient of an item — ask for
 * their homepages many times at once, interleaved, over the same server (several web processes
 * under `npm start`): every answer carries its own viewer's name and item, never the other's.
 */
test('two viewers with different audiences get their own homepages under concurrent load', async ({ browser }) => {
  test.slow();
  const stamp = Date.now();
  const people = [
    { email: 'liu.yang@xinghai.example', name: '刘洋', nameEn: 'Liu Yang', subject: `只给刘洋 ${stamp}` },
    { email: 'wang.lei@xinghai.example', name: '王磊', nameEn: 'Wang Lei', subject: `只给王磊 ${stamp}` },
  ];

  // The communications officer publishes one item to each of them alone (officers publish at once).
  const officerCtx = await browser.newContext({ locale: 'zh-CN' });
  const officer = await officerCtx.newPage();
  await signInAsEmployee(officer, 'li.na@xinghai.example');
  for (const p of people) {
    await officer.goto('/announcements/new');
    await officer.getByTestId('compose-title').fill(p.subject);
    await pick(officer, 'audience-people', [`${p.name} · ${p.nameEn}`, `${p.nameEn} · ${p.name}`], p.email);
    await officer.getByTestId('compose-send').click();
    await officer.waitForURL(/\/announcements\/[0-9a-f-]{36}$/);
  }

  const viewers = await Promise.all(
    people.map(async (p) => {
      const ctx = await browser.newContext({ locale: 'zh-CN' });
      const page = await ctx.newPage();
      await signInAsEmployee(page, p.email);
      await expect.poll(async () => (await ctx.request.get('/')).text(), { timeout: 30_000 }).toContain(p.subject);
      return { ...p, ctx };
    }),
  );

  // 60 requests in flight at once, alternating between the two sessions.
  const answers = await Promise.all(
    Array.from({ length: 60 }, async (_, i) => {
      const v = viewers[i % 2];
      const res = await v.ctx.request.get('/', { maxRedirects: 0 });
      return { v, status: res.status(), html: await res.text() };
    }),
  );
  for (const { v, status, html } of answers) {
    const other = people.find((p) => p.email !== v.email)!;
    expect(status).toBe(200);
    expect(html).toContain(v.subject);
    expect(html).toContain(v.name);
    expect(html).not.toContain(other.subject);
    expect(html).not.toContain(other.email);
  }
});
