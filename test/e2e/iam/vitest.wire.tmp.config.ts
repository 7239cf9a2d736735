import { defineConfig } from 'vitest/config';
export default defineConfig({
  root: '/work/main',
  test: { include: ['test/e2e/iam/**/*.test.ts', 'test/e2e/sts/**/*.test.ts'], pool: 'forks', testTimeout: 60_000, hookTimeout: 60_000, setupFiles: ['test/e2e/iam/wire.tmp.setup.ts'] },
});
