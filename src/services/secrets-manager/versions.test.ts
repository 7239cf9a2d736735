// Staging labels move as AWS moves them, and pruning keeps young versions.
import { describe, expect, it } from 'vitest';
import type { SecretRecord } from './records.js';
import { DAY_MS } from './records.js';
import { addVersion, moveStage, pruneVersions } from './versions.js';

const secret = (): SecretRecord => ({ id: 'i', arn: 'a', name: 'n', partition: 'aws', accountId: '1', region: 'r', tags: [], createdAt: 0, lastChangedAt: 0, versions: {} });
const meta = (createdAt: number) => ({ createdAt, kmsKeyArns: [], hasValue: true });
const stages = (record: SecretRecord) => Object.fromEntries(Object.entries(record.versions).map(([id, m]) => [id, m.stages]));

describe('staging labels', () => {
  it('moves AWSPREVIOUS to the version AWSCURRENT leaves, and a label off its old version', () => {
    const record = secret();
    addVersion(record, 'v1', meta(1), ['AWSCURRENT'], 1);
    addVersion(record, 'v2', meta(2), ['AWSCURRENT', 'blue'], 2);
    addVersion(record, 'v3', meta(3), ['AWSCURRENT'], 3);
    expect(stages(record)).toEqual({ v1: [], v2: ['blue', 'AWSPREVIOUS'], v3: ['AWSCURRENT'] });
    addVersion(record, 'v4', meta(4), ['blue'], 4);
    expect(stages(record).v2).toEqual(['AWSPREVIOUS']);
    moveStage(record, 'AWSCURRENT', 'v2', 'v3');
    expect(stages(record)).toEqual({ v1: [], v2: ['AWSCURRENT'], v3: ['AWSPREVIOUS'], v4: ['blue'] });
  });

  it('refuses moves AWS refuses', () => {
    const record = secret();
    addVersion(record, 'v1', meta(1), ['AWSCURRENT'], 1);
    addVersion(record, 'v2', meta(2), ['x'], 2);
    expect(() => moveStage(record, 'AWSCURRENT', 'v2', undefined)).toThrow(/RemoveFromVersionId can't be empty/);
    expect(() => moveStage(record, 'AWSCURRENT', undefined, 'v1')).toThrow(/without moving it/);
    expect(() => moveStage(record, 'x', 'nope', 'v2')).toThrow(/Not a valid version: nope/);
    expect(() => moveStage(record, 'x', 'v1', 'v1')).toThrow(/is not attached to version v1/);
    moveStage(record, 'x', undefined, 'v2');
    expect(stages(record).v2).toEqual([]);
  });

  it('prunes the oldest deprecated versions past 100 once they are a day old, and refuses more young ones', () => {
    const record = secret();
    for (let i = 0; i < 100; i++) addVersion(record, `v${i}`, meta(i), ['AWSCURRENT'], i);
    expect(() => addVersion(record, 'young', meta(200), ['AWSCURRENT'], 200)).toThrow(/quota of 100 versions/);
    const record2 = secret();
    for (let i = 0; i < 100; i++) addVersion(record2, `v${i}`, meta(i), ['AWSCURRENT'], i);
    const pruned = addVersion(record2, 'late', meta(DAY_MS + 50), ['AWSCURRENT'], DAY_MS + 50);
    expect(pruned).toEqual(['v0']);
    expect(Object.keys(record2.versions)).toHaveLength(100);
    expect(pruneVersions(record2, DAY_MS + 50)).toEqual([]);
  });
});
