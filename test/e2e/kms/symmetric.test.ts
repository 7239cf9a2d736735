// Symmetric encryption through the SDK: Encrypt, Decrypt and ReEncrypt with the encryption context
// bound to the self-describing ciphertext, data keys, random bytes, DryRun, and the errors of each.
import {
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  CreateAliasCommand,
  ReEncryptCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { bytes, createKey, failure, kmsClient, TEST_QUOTAS } from './support.js';

describe.each(testBackends())('symmetric cryptography on %s', (backend) => {
  let server: TestServer;
  let kms: KMSClient;
  let keyId: string;
  let keyArn: string;

  beforeAll(async () => {
    server = await startInProcess({ backend, env: { RAMPART_KMS_QUOTAS: TEST_QUOTAS } });
    kms = await kmsClient(server);
    const key = await createKey(kms, { Description: 'symmetric tests' });
    keyId = key.KeyId!;
    keyArn = key.Arn!;
  });
  afterAll(() => server?.destroy());

  it('encrypts and decrypts without a key id, binding the encryption context', async () => {
    const context = { purpose: 'test', tenant: 'a' };
    const encrypted = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('secret value'), EncryptionContext: context }));
    expect(encrypted.KeyId).toBe(keyArn);
    expect(encrypted.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { tenant: 'a', purpose: 'test' } }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('secret value');
    expect(decrypted.KeyId).toBe(keyArn);
    expect(decrypted.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);

    const wrongContexts: (Record<string, string> | undefined)[] = [undefined, { purpose: 'test' }, { purpose: 'test', tenant: 'b' }, { purpose: 'test', tenant: 'a', extra: 'x' }];
    for (const wrong of wrongContexts) {
      const error = await failure(kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: wrong })));
      expect(error.name).toBe('InvalidCiphertextException');
    }
  });

  it('encrypts under a key named by alias and alias ARN, and accepts 4,096 bytes but not 4,097', async () => {
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/symmetric-tests', TargetKeyId: keyId }));
    const aliasArn = keyArn.replace(/key\/.*$/, 'alias/symmetric-tests');
    for (const name of ['alias/symmetric-tests', aliasArn, keyArn]) {
      const encrypted = await kms.send(new EncryptCommand({ KeyId: name, Plaintext: Buffer.alloc(4096, 7) }));
      expect(encrypted.KeyId).toBe(keyArn);
    }
    const error = await failure(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(4097, 7) })));
    expect(error.name).toBe('ValidationException');
  });

  it('answers IncorrectKeyException when Decrypt names another key, and InvalidCiphertextException for damaged blobs', async () => {
    const other = await createKey(kms);
    const encrypted = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }));
    expect((await failure(kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, KeyId: other.KeyId })))).name).toBe('IncorrectKeyException');
    const damaged = Buffer.from(encrypted.CiphertextBlob!);
    damaged[damaged.length - 1] ^= 1;
    expect((await failure(kms.send(new DecryptCommand({ CiphertextBlob: damaged })))).name).toBe('InvalidCiphertextException');
    expect((await failure(kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from('not a ciphertext blob at all, just some bytes that are long enough to parse maybe ok') })))).name).toBe(
      'InvalidCiphertextException',
    );
  });

  it('re-encrypts under another key and context, and back', async () => {
    const destination = await createKey(kms);
    const encrypted = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('moving'), EncryptionContext: { a: '1' } }));
    const moved = await kms.send(
      new ReEncryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, SourceEncryptionContext: { a: '1' }, DestinationKeyId: destination.KeyId, DestinationEncryptionContext: { b: '2' } }),
    );
    expect(moved.SourceKeyId).toBe(keyArn);
    expect(moved.KeyId).toBe(destination.Arn);
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob, EncryptionContext: { b: '2' } }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('moving');
    expect((await failure(kms.send(new ReEncryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, DestinationKeyId: destination.KeyId })))).name).toBe('InvalidCiphertextException');
    expect((await failure(kms.send(new ReEncryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, SourceKeyId: destination.KeyId, SourceEncryptionContext: { a: '1' }, DestinationKeyId: keyId })))).name).toBe(
      'IncorrectKeyException',
    );
  });

  it('generates data keys of a key spec or a number of bytes, exactly one of them', async () => {
    const aes = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { file: 'f1' } }));
    expect(aes.Plaintext).toHaveLength(32);
    expect(aes.KeyId).toBe(keyArn);
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: aes.CiphertextBlob, EncryptionContext: { file: 'f1' } }));
    expect(Buffer.from(decrypted.Plaintext!).equals(Buffer.from(aes.Plaintext!))).toBe(true);
    expect((await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_128' }))).Plaintext).toHaveLength(16);
    expect((await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 1 }))).Plaintext).toHaveLength(1);
    expect((await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 1024 }))).Plaintext).toHaveLength(1024);
    const without = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
    expect(without).not.toHaveProperty('Plaintext');
    expect((await kms.send(new DecryptCommand({ CiphertextBlob: without.CiphertextBlob }))).Plaintext).toHaveLength(32);
    for (const bad of [{}, { KeySpec: 'AES_256' as const, NumberOfBytes: 32 }, { NumberOfBytes: 0 }, { NumberOfBytes: 1025 }]) {
      expect((await failure(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, ...bad })))).name).toBe('ValidationException');
    }
  });

  it('answers DryRun with DryRunOperationException and nothing else', async () => {
    expect((await failure(kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), DryRun: true })))).name).toBe('DryRunOperationException');
    expect((await failure(kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', DryRun: true })))).name).toBe('DryRunOperationException');
    expect((await failure(kms.send(new DecryptCommand({ KeyId: keyId, DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] })))).name).toBe('DryRunOperationException');
  });

  it('refuses a disabled key with DisabledException and its ARN', async () => {
    const key = await createKey(kms);
    const encrypted = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('x') }));
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const error = await failure(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('x') })));
    expect(error).toMatchObject({ name: 'DisabledException', status: 400, message: `${key.Arn} is disabled.` });
    expect((await failure(kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob })))).name).toBe('DisabledException');
  });

  it('keeps GenerateRandom working', async () => {
    expect((await kms.send(new GenerateRandomCommand({ NumberOfBytes: 64 }))).Plaintext).toHaveLength(64);
  });
});
