import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackends } from '../../test/helpers/postgres.js';
import { createTestStore, type TestStore } from '../../test/helpers/stores.js';
import { Keyring } from '../crypto/keyring.js';
import { createRootKeyProvider } from '../crypto/root-key.js';
import { silentLogger } from '../logging.js';
import type { JobContext } from '../scheduler/scheduler.js';
import type { JsonValue, Store } from '../storage/types.js';
import { DirectoryDestination, type LogDestination } from './destination.js';
import { readDeliveryState, runTrailDelivery, type DeliveryTarget, type TrailDeliveryConfig } from './delivery.js';
import type { CloudTrailEvent } from './event.js';
import { eventKey } from './event-store.js';
import { validateLogs, type Finding } from './log-validation.js';
import { signingKeysInRange } from './signing-keys.js';

const ACCOUNT = '111122223333';
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;

function event(time: number, name: string, region = 'us-east-1'): CloudTrailEvent {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: 'AKIAEXAMPLE' },
    eventTime: new Date(time).toISOString().replace('.000Z', 'Z'),
    eventSource: 'sts.amazonaws.com',
    eventName: name,
    awsRegion: region,
    sourceIPAddress: '127.0.0.1',
    userAgent: 'test',
    requestParameters: null,
    responseElements: null,
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
  };
}

async function record(store: Store, ...events: CloudTrailEvent[]): Promise<string[]> {
  await store.transaction((tx) => {
    for (const e of events) tx.put(eventKey(ACCOUNT, e.awsRegion, Date.parse(e.eventTime), e.eventID), e as unknown as JsonValue);
  });
  return events.map((e) => e.eventID);
}

describe.each(testBackends())('trail delivery on %s', (backend) => {
  let testStore: TestStore;
  let keyring: Keyring;
  let dir: string;
  let destination: DirectoryDestination;
  let config: TrailDeliveryConfig;
  const target: DeliveryTarget = { stateKey: 'test/delivery-state', generation: 'g1', load: async () => config };
  const jobs = { completed: 0, rescheduled: [] as number[] };

  const job = (store: Store, now: number): JobContext => ({
    store,
    now,
    complete: async () => void jobs.completed++,
    reschedule: async (_tx, dueAt) => void jobs.rescheduled.push(dueAt),
  });
  const run = (now: number, store = testStore.store, to: LogDestination = destination) =>
    runTrailDelivery({ store, keyring, destination: to, logger: silentLogger }, target, job(store, now));
  const deliveredIds = async () => {
    const files = await destination.listFolder('bucket-a', `AWSLogs/${ACCOUNT}/CloudTrail`);
    const records = [];
    for (const file of files) {
      const object = await destination.get('bucket-a', file);
      records.push(...(JSON.parse(gunzipSync(object!.body).toString('utf8')) as { Records: CloudTrailEvent[] }).Records);
    }
    return { files, ids: records.map((r) => r.eventID) };
  };

  beforeEach(async () => {
    testStore = await createTestStore(backend);
    keyring = await Keyring.open(testStore.store, createRootKeyProvider({ kind: 'env', base64: randomBytes(32).toString('base64') }));
    dir = mkdtempSync(join(tmpdir(), 'rampart-delivery-'));
    destination = new DirectoryDestination(dir);
    jobs.completed = 0;
    jobs.rescheduled = [];
    config = {
      accountId: ACCOUNT,
      homeRegion: 'us-east-1',
      name: 'trail',
      generation: 'g1',
      bucket: 'bucket-a',
      isMultiRegionTrail: false,
      logFileValidationEnabled: true,
      scope: { includeGlobalServiceEvents: true },
      logging: [{ from: T0 }],
    };
  });
  afterEach(async () => {
    await testStore.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every event once, including one committed after its time was delivered', async () => {
    const early = await record(testStore.store, event(T0 + 1000, 'A'), event(T0 + 2000, 'B'), event(T0 - 5000, 'BeforeLogging'));
    await run(T0 + 5 * MIN);
    expect((await deliveredIds()).ids).toEqual(early.slice(0, 2));
    expect(jobs.rescheduled).toEqual([T0 + 10 * MIN]);

    // Recorded now with a time the last run already passed (a slow request), and a new one.
    const late = await record(testStore.store, event(T0 + 4 * MIN, 'Late'), event(T0 + 6 * MIN, 'C'));
    await run(T0 + 10 * MIN);
    await run(T0 + 15 * MIN);
    const { files, ids } = await deliveredIds();
    expect(ids.sort()).toEqual([...early.slice(0, 2), ...late].sort());
    expect(files).toHaveLength(2);
  });

  it('finishes a run that failed after writing its files, with the same files and no duplicates', async () => {
    const ids = await record(testStore.store, event(T0 + 1000, 'A'), event(T0 + 2000, 'B'));
    let fail = true;
    const flaky: LogDestination = {
      async put(bucket, key, body, metadata) {
        await destination.put(bucket, key, body, metadata);
        if (fail) {
          fail = false;
          throw Object.assign(new Error('the disk went away'), { code: 'EIO' });
        }
      },
    };
    await run(T0 + 5 * MIN, testStore.store, flaky);
    const failed = await readDeliveryState(testStore.store, target.stateKey);
    expect(failed).toMatchObject({ latestDeliveryError: 'InternalError', pendingLogs: expect.anything() });
    expect(failed?.latestDeliveryTime).toBeUndefined();
    const first = await deliveredIds();
    expect(first.files).toHaveLength(1);

    await run(T0 + 10 * MIN, testStore.store, flaky);
    const second = await deliveredIds();
    expect(second.files).toEqual(first.files);
    expect(second.ids).toEqual(ids);
    const state = await readDeliveryState(testStore.store, target.stateKey);
    expect(state?.latestDeliveryError).toBeUndefined();
    expect(state?.latestDeliveryTime).toBe(T0 + 5 * MIN);
  });

  it('delivers once when two workers run the same job at the same time', async () => {
    const ids = await record(testStore.store, event(T0 + 1000, 'A'), event(T0 + 2000, 'B'), event(T0 + 3000, 'C'));
    const other = await testStore.reopen();
    try {
      await Promise.all([run(T0 + 5 * MIN), run(T0 + 5 * MIN, other), run(T0 + 5 * MIN)]);
      await record(testStore.store, event(T0 + 7 * MIN, 'D'));
      await Promise.all([run(T0 + 10 * MIN, other), run(T0 + 10 * MIN)]);
    } finally {
      await other.close();
    }
    const { ids: delivered } = await deliveredIds();
    expect(delivered).toHaveLength(4);
    expect(new Set(delivered).size).toBe(4);
    expect(delivered.slice(0, 3).sort()).toEqual([...ids].sort());
  });

  it('signs hourly digests that validate, and ends the chain when logging stops', async () => {
    await record(testStore.store, event(T0 + 1000, 'A'));
    await run(T0 + 5 * MIN);
    await record(testStore.store, event(T0 + 30 * MIN, 'B'));
    await run(T0 + 61 * MIN);
    await record(testStore.store, event(T0 + 90 * MIN, 'C'));
    config = { ...config, logging: [{ from: T0, to: T0 + 100 * MIN }] };
    await record(testStore.store, event(T0 + 101 * MIN, 'AfterStop'));
    await run(T0 + 105 * MIN);
    expect(jobs.completed).toBe(1);
    const state = await readDeliveryState(testStore.store, target.stateKey);
    expect(state?.digestPeriodStart).toBeUndefined();
    expect((await deliveredIds()).ids).toHaveLength(3);

    const findings: Finding[] = [];
    const summary = await validateLogs(
      {
        source: destination,
        bucket: 'bucket-a',
        accountId: ACCOUNT,
        region: 'us-east-1',
        trailName: 'trail',
        homeRegion: 'us-east-1',
        start: T0,
        end: T0 + 3 * 60 * MIN,
        publicKeys: async (start, end) =>
          (await signingKeysInRange(testStore.store, ACCOUNT, 'us-east-1', start, end)).map((k) => ({
            fingerprint: k.fingerprint,
            der: Buffer.from(k.publicKey, 'base64'),
            validityStart: k.validityStart,
            validityEnd: k.validityEnd,
          })),
      },
      (f) => findings.push(f),
    );
    expect(summary).toMatchObject({ digests: { valid: 2, invalid: 0 }, logs: { valid: 3, invalid: 0 } });
    expect(findings.every((f) => f.kind !== 'gap' && f.valid)).toBe(true);
  });

  it('leaves a deleted or re-created trail’s job alone', async () => {
    await record(testStore.store, event(T0 + 1000, 'A'));
    config = { ...config, generation: 'g2' };
    await run(T0 + 5 * MIN);
    expect((await deliveredIds()).files).toEqual([]);
    expect(jobs.rescheduled).toEqual([]);
    expect(await readDeliveryState(testStore.store, target.stateKey)).toBeUndefined();
  });
});
