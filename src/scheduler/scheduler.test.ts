import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { silentLogger } from '../logging.js';
import { createTestStore, type TestStore } from '../../test/helpers/stores.js';
import { testBackends } from '../../test/helpers/postgres.js';
import { Scheduler, type JobHandler } from './scheduler.js';

const DAY = 86_400_000;

describe.each(testBackends())('scheduler on %s', (backend) => {
  let testStore: TestStore;
  let clock: ManualClock;

  beforeEach(async () => {
    testStore = await createTestStore(backend);
    clock = new ManualClock(Date.UTC(2026, 0, 1));
  });
  afterEach(() => testStore.destroy());

  const scheduler = (store = testStore.store, leaseMs = 60_000) => new Scheduler({ store, clock, logger: silentLogger, leaseMs });

  it('runs a job when it falls due, not before, and only once', async () => {
    const s = scheduler();
    const ran: string[] = [];
    s.register('note', async (job) => void ran.push(String(job.payload)));
    await testStore.store.transaction((tx) => s.schedule(tx, { id: 'a', type: 'note', dueAt: clock.now() + DAY, payload: 'hello' }));

    expect(await s.runDue()).toBe(0);
    clock.advance(DAY);
    expect(await s.runDue()).toBe(1);
    expect(await s.runDue()).toBe(0);
    expect(ran).toEqual(['hello']);
    expect(await s.find(testStore.store, 'a')).toBeUndefined();
  });

  it('keeps one job per id when the same work is scheduled twice', async () => {
    const s = scheduler();
    let runs = 0;
    s.register('note', async () => void runs++);
    await testStore.store.transaction((tx) => s.schedule(tx, { id: 'a', type: 'note', dueAt: clock.now() + 10 }));
    await testStore.store.transaction((tx) => s.schedule(tx, { id: 'a', type: 'note', dueAt: clock.now() + 20 }));
    clock.advance(30);
    expect(await s.runDue()).toBe(1);
    expect(runs).toBe(1);
  });

  it('can be cancelled in a transaction', async () => {
    const s = scheduler();
    s.register('note', async () => undefined);
    await testStore.store.transaction((tx) => s.schedule(tx, { id: 'a', type: 'note', dueAt: clock.now() + 10 }));
    expect(await testStore.store.transaction((tx) => s.cancel(tx, 'a'))).toBe(true);
    clock.advance(30);
    expect(await s.runDue()).toBe(0);
  });

  it('runs each due job exactly once when several schedulers (workers, nodes) compete', async () => {
    const other = await testStore.reopen();
    const runs = new Map<string, number>();
    const handler: JobHandler = async (job) => void runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
    const a = scheduler();
    const b = scheduler(other);
    a.register('count', handler);
    b.register('count', handler);
    await testStore.store.transaction(async (tx) => {
      for (let i = 0; i < 40; i++) await a.schedule(tx, { id: `job-${i}`, type: 'count', dueAt: clock.now() + i });
    });
    clock.advance(100);
    const [ranA, ranB] = await Promise.all([a.runDue(), b.runDue()]);
    expect(ranA + ranB).toBe(40);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(runs.size).toBe(40);
    await other.close();
  });

  it('runs a failed job again when its lease ends, counting attempts', async () => {
    const s = scheduler(testStore.store, 60_000);
    const attempts: number[] = [];
    s.register('flaky', async (job) => {
      attempts.push(job.attempts);
      if (job.attempts < 3) throw new Error('not yet');
    });
    await testStore.store.transaction((tx) => s.schedule(tx, { id: 'f', type: 'flaky', dueAt: clock.now() }));
    await s.runDue();
    expect((await s.find(testStore.store, 'f'))?.lastError).toBe('not yet');
    clock.advance(30_000);
    expect(await s.runDue()).toBe(0); // still leased
    clock.advance(30_000);
    await s.runDue();
    clock.advance(60_000);
    await s.runDue();
    expect(attempts).toEqual([1, 2, 3]);
    expect(await s.find(testStore.store, 'f')).toBeUndefined();
  });

  it('reschedules recurring work with the handler writes in the same commit', async () => {
    const s = scheduler();
    s.register('yearly', async (job, ctx) => {
      await ctx.store.transaction(async (tx) => {
        const count = ((await tx.get<number>('counter'))?.value ?? 0) + 1;
        tx.put('counter', count);
        await ctx.reschedule(tx, job.dueAt + 365 * DAY);
      });
    });
    await testStore.store.transaction((tx) => s.schedule(tx, { id: 'y', type: 'yearly', dueAt: clock.now() + 365 * DAY }));
    for (let year = 1; year <= 3; year++) {
      clock.advance(365 * DAY);
      expect(await s.runDue()).toBe(1);
      expect((await testStore.store.get('counter'))?.value).toBe(year);
    }
  });

  it('finds scheduled work after a restart', async () => {
    const s = scheduler();
    await testStore.store.transaction((tx) => s.schedule(tx, { id: 'later', type: 'note', dueAt: clock.now() + DAY }));
    await testStore.store.close();
    testStore.store = await testStore.reopen();
    const restarted = scheduler(testStore.store);
    let ran = false;
    restarted.register('note', async () => void (ran = true));
    clock.advance(DAY);
    expect(await restarted.runDue()).toBe(1);
    expect(ran).toBe(true);
  });
});
