import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../../test/helpers/stores.js';
import { KEYRING_KEY, Keyring, SealedValueError } from './keyring.js';
import { createRootKeyProvider, RootKeyError } from './root-key.js';

describe('keyring', () => {
  let dir: string;
  let testStore: TestStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-keyring-'));
    testStore = await createTestStore('sqlite');
  });
  afterEach(async () => {
    await testStore.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const fileProvider = () => createRootKeyProvider({ kind: 'file', path: join(dir, 'root.key') });

  it('creates a 0600 root key file on first start and seals values bound to their record', async () => {
    const keyring = await Keyring.open(testStore.store, fileProvider());
    expect(statSync(join(dir, 'root.key')).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(join(dir, 'root.key'), 'utf8').trim(), 'base64')).toHaveLength(32);

    const sealed = keyring.seal(Buffer.from('the marker secret'), 'kms/key/1/material/1');
    expect(sealed).not.toContain('marker');
    expect(keyring.open(sealed, 'kms/key/1/material/1').toString()).toBe('the marker secret');
    // Moved to another record, it does not open.
    expect(() => keyring.open(sealed, 'kms/key/2/material/1')).toThrow(SealedValueError);
    // Any flipped byte is detected.
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 20] ^= 1;
    expect(() => keyring.open('s1:' + bytes.toString('base64'), 'kms/key/1/material/1')).toThrow(SealedValueError);
    expect(() => keyring.open('garbage', 'kms/key/1/material/1')).toThrow(SealedValueError);
  });

  it('opens the same keyring again with the same root key, and its sealed values', async () => {
    const first = await Keyring.open(testStore.store, fileProvider());
    const sealed = first.sealString('value', 'aad');
    const again = await Keyring.open(await testStore.reopen(), fileProvider());
    expect(again.openString(sealed, 'aad')).toBe('value');
  });

  it('refuses a wrong root key with a clear message and writes nothing', async () => {
    await Keyring.open(testStore.store, fileProvider());
    const before = await testStore.store.commitSequence();
    const stored = await testStore.store.get(KEYRING_KEY);
    const wrong = createRootKeyProvider({ kind: 'env', base64: randomBytes(32).toString('base64') });
    await expect(Keyring.open(testStore.store, wrong)).rejects.toThrow(RootKeyError);
    await expect(Keyring.open(testStore.store, wrong)).rejects.toThrow(/does not open this data store's keyring.*Nothing was changed/);
    expect(await testStore.store.commitSequence()).toBe(before);
    expect(await testStore.store.get(KEYRING_KEY)).toEqual(stored);
  });

  it('does not invent a new key file when the store already has a keyring', async () => {
    await Keyring.open(testStore.store, fileProvider());
    rmSync(join(dir, 'root.key'));
    await expect(Keyring.open(testStore.store, fileProvider())).rejects.toThrow(/does not exist, but this data store was sealed/);
  });

  it('derives the root key from a passphrase with stored scrypt parameters', async () => {
    const provider = createRootKeyProvider({ kind: 'passphrase', passphrase: 'correct horse battery staple' });
    const keyring = await Keyring.open(testStore.store, provider);
    const sealed = keyring.sealString('value', 'aad');
    const stored = (await testStore.store.get(KEYRING_KEY))!.value as { kdf: { algorithm: string; N: number } };
    expect(stored.kdf.algorithm).toBe('scrypt');
    expect(stored.kdf.N).toBeGreaterThanOrEqual(2 ** 15);
    const again = await Keyring.open(testStore.store, createRootKeyProvider({ kind: 'passphrase', passphrase: 'correct horse battery staple' }));
    expect(again.openString(sealed, 'aad')).toBe('value');
    await expect(
      Keyring.open(testStore.store, createRootKeyProvider({ kind: 'passphrase', passphrase: 'wrong horse battery staple' })),
    ).rejects.toThrow(RootKeyError);
  });

  it('rejects malformed root keys and short passphrases', () => {
    expect(() => createRootKeyProvider({ kind: 'env', base64: 'c2hvcnQ=' })).toThrow(/32 random bytes/);
    expect(() => createRootKeyProvider({ kind: 'env', base64: '!!!' })).toThrow(RootKeyError);
    expect(() => createRootKeyProvider({ kind: 'passphrase', passphrase: 'short' })).toThrow(/at least 12/);
  });

  it('gives concurrent first starts one keyring', async () => {
    const other = await testStore.reopen();
    const [a, b] = await Promise.all([Keyring.open(testStore.store, fileProvider()), Keyring.open(other, fileProvider())]);
    expect(b.openString(a.sealString('shared', 'aad'), 'aad')).toBe('shared');
    await other.close();
  });
});
