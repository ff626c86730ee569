import { prepareTemplateDatabase, stopTestServer } from '../db/testing-server';

// One migrated template database per run; every test file clones it (db/testing.ts).
export async function setup() {
  const { adminUrl } = await prepareTemplateDatabase();
  process.env.PLAZA_TEST_PG_URL = adminUrl;
}

export async function teardown() {
  await stopTestServer();
}
