import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code (src/**/*.test.ts); end-to-end tests drive a real server
// (test/e2e/**). Storage-dependent suites run against SQLite and PostgreSQL
// (RAMPART_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
