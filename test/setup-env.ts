// Environment for lib/ under test: each test file makes its own database (db/testing.ts);
// DATABASE_URL here is only what lib/env.ts requires to parse.
process.env.DATABASE_URL ??= process.env.PLAZA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
process.env.AUTH_SECRET ??= 'test-secret-test-secret-test-secret-0123456789';
process.env.AUTH_URL ??= 'http://localhost:3000';
process.env.OIDC_ISSUER ??= 'http://localhost:3001';
process.env.OIDC_CLIENT_ID ??= 'plaza';
process.env.OIDC_CLIENT_SECRET ??= 'plaza-dev-secret';
process.env.PLAZA_DEV_IDP ??= 'true';
