import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../../test/helpers/stores.js';
import { InvalidEventTokenError, listEvents, recordEvent } from './event-log.js';

describe('the event log', () => {
  let test: TestStore;
  beforeAll(async () => {
    test = await createTestStore('sqlite');
  });
  afterAll(() => test?.destroy());

  it('lists an account and Region newest first, paged and filtered', async () => {
    const base = Date.parse('2030-01-01T00:00:00Z');
    await test.store.transaction((tx) => {
      for (let i = 0; i < 5; i++) {
        recordEvent(tx, { detailType: i % 2 ? 'B' : 'A', source: 'aws.ssm', account: '111122223333', region: 'us-east-1', time: base + i * 1000, resources: [], detail: { i } });
      }
      recordEvent(tx, { detailType: 'A', source: 'aws.ssm', account: '999999999999', region: 'us-east-1', time: base, resources: [], detail: { other: true } });
    });
    const first = await listEvents(test.store, { account: '111122223333', region: 'us-east-1', limit: 2 });
    expect(first.events.map((e) => e.detail.i)).toEqual([4, 3]);
    expect(first.events[0]).toMatchObject({ version: '0', source: 'aws.ssm', time: '2030-01-01T00:00:04Z', account: '111122223333' });
    const second = await listEvents(test.store, { account: '111122223333', region: 'us-east-1', limit: 2, nextToken: first.nextToken });
    expect(second.events.map((e) => e.detail.i)).toEqual([2, 1]);
    const third = await listEvents(test.store, { account: '111122223333', region: 'us-east-1', limit: 2, nextToken: second.nextToken });
    expect(third.events.map((e) => e.detail.i)).toEqual([0]);
    expect(third.nextToken).toBeUndefined();
    const onlyA = await listEvents(test.store, { account: '111122223333', region: 'us-east-1', detailType: 'A' });
    expect(onlyA.events.map((e) => e.detail.i)).toEqual([4, 2, 0]);
    await expect(listEvents(test.store, { account: '999999999999', region: 'us-east-1', nextToken: first.nextToken })).rejects.toBeInstanceOf(InvalidEventTokenError);
  });
});
