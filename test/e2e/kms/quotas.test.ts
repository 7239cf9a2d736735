// Request quotas: past the quota a request is throttled with AWS's ThrottlingException (HTTP 400),
// and the SDK's retry with backoff then gets through. The quota here is tiny (RAMPART_KMS_QUOTAS).
import { EncryptCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { bytes, createKey, failure, kmsClient } from './support.js';

describe.each(testBackends())('request quotas on %s', (backend) => {
  let server: TestServer;
  let keyId: string;

  beforeAll(async () => {
    process.env.RAMPART_KMS_QUOTAS = JSON.stringify({ CryptographicSymmetric: 2, CreateKey: 1 });
    server = await startInProcess({ backend });
    keyId = (await createKey(await kmsClient(server))).KeyId!;
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('throttles past the quota with ThrottlingException, and the SDK’s retries then succeed', async () => {
    const kms = await kmsClient(server);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }))));
    const throttled = results.filter((r) => r.status === 'rejected');
    expect(throttled.length).toBeGreaterThanOrEqual(5);
    const error = await failure(Promise.reject((throttled[0] as PromiseRejectedResult).reason));
    expect(error).toMatchObject({ name: 'ThrottlingException', status: 400, message: 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.' });

    const retrying = await kmsClient(server, { maxAttempts: 10 });
    const done = await Promise.all(Array.from({ length: 6 }, () => retrying.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }))));
    expect(done.every((r) => r.CiphertextBlob !== undefined)).toBe(true);
  }, 60_000);

  it('gives CreateKey its own quota', async () => {
    const kms = await kmsClient(server);
    await new Promise((r) => setTimeout(r, 1100));
    await createKey(kms);
    expect((await failure(createKey(kms))).name).toBe('ThrottlingException');
  });
});
