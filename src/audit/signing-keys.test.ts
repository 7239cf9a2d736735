import { createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../../test/helpers/stores.js';
import { Keyring } from '../crypto/keyring.js';
import { createRootKeyProvider } from '../crypto/root-key.js';
import { publicKeyFingerprint } from './digest.js';
import { currentSigningKey, KEY_VALIDITY_MS, openPrivateKey, signingKeysInRange } from './signing-keys.js';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

describe('digest signing keys', () => {
  let testStore: TestStore;
  let keyring: Keyring;

  beforeEach(async () => {
    testStore = await createTestStore('sqlite');
    keyring = await Keyring.open(testStore.store, createRootKeyProvider({ kind: 'env', base64: randomBytes(32).toString('base64') }));
  });
  afterEach(() => testStore.destroy());

  it('keeps one 2048-bit key per account and region, its private half sealed', async () => {
    const key = await currentSigningKey(testStore.store, keyring, '111122223333', 'us-east-1', T0);
    expect(await currentSigningKey(testStore.store, keyring, '111122223333', 'us-east-1', T0 + DAY)).toEqual(key);
    expect((await currentSigningKey(testStore.store, keyring, '111122223333', 'eu-west-1', T0)).fingerprint).not.toBe(key.fingerprint);
    expect((await currentSigningKey(testStore.store, keyring, '999988887777', 'us-east-1', T0)).fingerprint).not.toBe(key.fingerprint);

    const publicKey = createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'pkcs1' });
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(key.fingerprint).toBe(publicKeyFingerprint(Buffer.from(key.publicKey, 'base64')));
    expect(key.sealedPrivateKey).toMatch(/^s1:/);
    const privateKey = openPrivateKey(keyring, '111122223333', 'us-east-1', key);
    expect(verify('sha256', Buffer.from('x'), publicKey, sign('sha256', Buffer.from('x'), privateKey))).toBe(true);
    // Sealed for its own record: it does not open as another region's key.
    expect(() => openPrivateKey(keyring, '111122223333', 'eu-west-1', key)).toThrow();
  });

  it('replaces a key when its validity ends, keeping the old public key for validation', async () => {
    const first = await currentSigningKey(testStore.store, keyring, '111122223333', 'us-east-1', T0);
    const rotated = T0 + KEY_VALIDITY_MS;
    const second = await currentSigningKey(testStore.store, keyring, '111122223333', 'us-east-1', rotated);
    expect(second.sequence).toBe(2);
    expect(second.fingerprint).not.toBe(first.fingerprint);

    const all = await signingKeysInRange(testStore.store, '111122223333', 'us-east-1', T0, rotated + DAY);
    expect(all.map((k) => [k.sequence, k.validityStart, k.validityEnd])).toEqual([
      [1, T0, rotated],
      [2, rotated, rotated + KEY_VALIDITY_MS],
    ]);
    expect((await signingKeysInRange(testStore.store, '111122223333', 'us-east-1', T0 + DAY, T0 + 2 * DAY)).map((k) => k.sequence)).toEqual([1]);

    // A day after it retired, the old key's private half is erased at the next rotation.
    await currentSigningKey(testStore.store, keyring, '111122223333', 'us-east-1', rotated + KEY_VALIDITY_MS);
    const [old] = await signingKeysInRange(testStore.store, '111122223333', 'us-east-1', T0, T0);
    expect(old.sealedPrivateKey).toBeUndefined();
    expect(old.publicKey).toBe(first.publicKey);
  });
});
