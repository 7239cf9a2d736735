import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../../test/helpers/stores.js';
import { testBackends } from '../../test/helpers/postgres.js';
import { AccessKeyUsage, lastUseOf, USAGE_GRANULARITY_MS } from './access-key-usage.js';

describe.each(testBackends())('access key last use on %s', (backend) => {
  let testStore: TestStore;
  beforeEach(async () => {
    testStore = await createTestStore(backend);
  });
  afterEach(() => testStore.destroy());

  it('records the first use of each 15 minutes, writing at most once per window', async () => {
    const usage = new AccessKeyUsage(testStore.store);
    const t0 = Date.UTC(2026, 0, 1);
    await usage.record('AKIA1', { usedAt: t0, service: 'kms', region: 'us-east-1' });
    expect(usage.record('AKIA1', { usedAt: t0 + 60_000, service: 's3', region: 'eu-west-1' })).toBeUndefined();
    expect(await lastUseOf(testStore.store, 'AKIA1')).toEqual({ usedAt: t0, service: 'kms', region: 'us-east-1' });
    await usage.record('AKIA1', { usedAt: t0 + USAGE_GRANULARITY_MS, service: 's3', region: 'eu-west-1' });
    expect(await lastUseOf(testStore.store, 'AKIA1')).toEqual({ usedAt: t0 + USAGE_GRANULARITY_MS, service: 's3', region: 'eu-west-1' });
  });

  it("keeps another process's use within the window", async () => {
    const t0 = Date.UTC(2026, 0, 1);
    await new AccessKeyUsage(testStore.store).record('AKIA2', { usedAt: t0, service: 'kms', region: 'us-east-1' });
    await new AccessKeyUsage(testStore.store).record('AKIA2', { usedAt: t0 + 1000, service: 'sts', region: 'us-east-1' });
    expect((await lastUseOf(testStore.store, 'AKIA2'))!.service).toBe('kms');
  });
});
