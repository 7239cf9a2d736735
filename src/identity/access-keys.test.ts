import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../../test/helpers/stores.js';
import { testBackends } from '../../test/helpers/postgres.js';
import { Keyring } from '../crypto/keyring.js';
import { createRootKeyProvider } from '../crypto/root-key.js';
import { accountOfAccessKeyId, AccessKeys, newAccessKeyId } from './access-keys.js';

describe('access key ids', () => {
  it('carry the owning account in AWS shape, decodable from the id alone', () => {
    for (const account of ['000000000000', '123456789012', '999999999999', '000000000001']) {
      for (const prefix of ['AKIA', 'ASIA'] as const) {
        const id = newAccessKeyId(prefix, account);
        expect(id).toMatch(new RegExp(`^${prefix}[A-Z2-7]{16}$`));
        expect(accountOfAccessKeyId(id)).toBe(account);
      }
    }
  });
  it('differ for the same account (the other bits are random)', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newAccessKeyId('AKIA', '123456789012')));
    expect(ids.size).toBe(50);
  });
  it('refuse to decode what is not a key id', () => {
    expect(accountOfAccessKeyId('123456789012')).toBeUndefined();
    expect(accountOfAccessKeyId('akia0000000000000000')).toBeUndefined();
  });
});

describe.each(testBackends())('access key revocation on %s', (backend) => {
  let testStore: TestStore;
  let keys: AccessKeys;
  beforeEach(async () => {
    testStore = await createTestStore(backend);
    const keyring = await Keyring.open(testStore.store, createRootKeyProvider({ kind: 'env', base64: randomBytes(32).toString('base64') }));
    keys = new AccessKeys(keyring);
  });
  afterEach(() => testStore.destroy());

  it('an inactive or deleted key is revoked; an unknown id is not', async () => {
    const { store } = testStore;
    const created = await store.transaction((tx) => keys.create(tx, { accountId: '123456789012', owner: { type: 'Root' }, now: Date.now() }));
    expect(await keys.isRevoked(store, created.accessKeyId)).toBe(false);
    expect((await keys.open(store, created.accessKeyId))?.secretAccessKey).toBe(created.secretAccessKey);
    await store.transaction((tx) => tx.put(`cred/${created.accessKeyId}`, { ...created.record, status: 'Inactive' } as never));
    expect(await keys.isRevoked(store, created.accessKeyId)).toBe(true);
    await store.transaction((tx) => keys.delete(tx, created.accessKeyId, Date.now()));
    expect(await keys.open(store, created.accessKeyId)).toBeUndefined();
    expect(await keys.isRevoked(store, created.accessKeyId)).toBe(true);
    expect(await keys.isRevoked(store, 'AKIAIOSFODNN7EXAMPLE')).toBe(false);
  });
});
