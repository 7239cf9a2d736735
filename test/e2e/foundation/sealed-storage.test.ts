// Secrets written through the sealed layer appear nowhere in storage: not in the SQLite database
// file or its WAL, not in any PostgreSQL table of the store's schema. A control value written in
// clear is found by the same search, so the search itself is shown to work.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../../src/crypto/keyring.js';
import { createRootKeyProvider } from '../../../src/crypto/root-key.js';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { encodings, storageBytes } from '../../helpers/storage-search.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;

describe.each(testBackends())('sealed values in %s storage', (backend) => {
  let server: Server;
  const marker = `rampart-marker-${randomBytes(12).toString('hex')}`;
  const control = `rampart-control-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    server = await startInProcess({ backend });
    const store = server.server.store;
    const keyring = await Keyring.open(store, createRootKeyProvider(server.config.rootKey));
    await store.transaction((tx) => {
      tx.put('test/sealed', { secret: keyring.sealString(marker, 'test/sealed/secret') });
      tx.put('test/clear', { value: control });
    });
    await server.stop(); // closes the store: everything is on disk
  });
  afterAll(() => server?.destroy());

  it('finds the control value written in clear (the search works)', async () => {
    const bytes = await storageBytes(server);
    expect(bytes.includes(Buffer.from(control))).toBe(true);
  });

  it('finds the sealed marker in no encoding', async () => {
    const bytes = await storageBytes(server);
    for (const encoded of encodings(marker)) expect(bytes.includes(encoded)).toBe(false);
  });

  it('keeps the root secret access key sealed too', async () => {
    const bytes = await storageBytes(server);
    for (const encoded of encodings(server.credentials.secretAccessKey)) expect(bytes.includes(encoded)).toBe(false);
    expect(bytes.includes(Buffer.from(server.credentials.accessKeyId))).toBe(true);
  });
});
