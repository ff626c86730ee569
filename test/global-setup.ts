import { dropTemplateDatabase, prepareTemplateDatabase, stopTestServer } from '../db/testing-server';

// One migrated template database per run; every test file clones it (db/testing.ts).
let created: { adminUrl: string; template: string } | undefined;

export async function setup() {
  created = await prepareTemplateDatabase();
  process.env.PLAZA_TEST_PG_URL = created.adminUrl;
  process.env.PLAZA_TEST_TEMPLATE = created.template;
}

export async function teardown() {
  if (created) await dropTemplateDatabase(created.adminUrl, created.template).catch(() => {});
  await stopTestServer();
}
