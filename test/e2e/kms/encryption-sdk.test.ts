// The AWS Encryption SDK for JavaScript against Rampart: a 10 MB stream through the KMS keyring, the
// caching materials manager (one data key for several messages), and a message encrypted under a
// multi-Region key in one Region decrypted through its replica in another.
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import {
  AwsKmsMrkAwareSymmetricKeyringNode,
  buildClient,
  CommitmentPolicy,
  getLocalCryptographicMaterialsCache,
  KmsKeyringNode,
  NodeCachingMaterialsManager,
} from '@aws-crypto/client-node';
import { ReplicateKeyCommand, type KMS } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { createKey, kmsClient } from './support.js';

const { encrypt, decrypt, encryptStream, decryptStream } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Counts the KMS operations a client sends. */
function countCalls(client: KMS): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      counts.set(context.commandName!, (counts.get(context.commandName!) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  return counts;
}

describe.each(testBackends())('the AWS Encryption SDK on %s', (backend) => {
  let server: TestServer;
  let kms: KMS;

  beforeAll(async () => {
    server = await startInProcess({ backend });
    kms = await kmsClient(server);
  });
  afterAll(() => server?.destroy());

  it('encrypts and decrypts a 10 MB stream with the KMS keyring', async () => {
    const key = await createKey(kms);
    const keyring = new KmsKeyringNode({ generatorKeyId: key.Arn, clientProvider: () => kms });
    const plaintext = randomBytes(10 * 1024 * 1024);
    const context = { purpose: 'stream test' };
    const ciphertext = await collect(Readable.from(chunked(plaintext)).pipe(encryptStream(keyring, { encryptionContext: context })));
    expect(ciphertext.length).toBeGreaterThan(plaintext.length);
    const decrypted = await collect(Readable.from(chunked(ciphertext)).pipe(decryptStream(keyring)));
    expect(decrypted.equals(plaintext)).toBe(true);
  }, 120_000);

  it('reuses one data key for several messages through the caching materials manager', async () => {
    const key = await createKey(kms);
    const client = await kmsClient(server);
    const calls = countCalls(client);
    const keyring = new KmsKeyringNode({ generatorKeyId: key.Arn, clientProvider: () => client });
    const cmm = new NodeCachingMaterialsManager({ backingMaterials: keyring, cache: getLocalCryptographicMaterialsCache(10), maxAge: 60_000, maxMessagesEncrypted: 10 });
    const messages = ['one', 'two', 'three'];
    const results = [];
    for (const message of messages) results.push((await encrypt(cmm, message, { encryptionContext: { cached: 'yes' } })).result);
    expect(calls.get('GenerateDataKeyCommand')).toBe(1);
    for (const [i, result] of results.entries()) expect((await decrypt(cmm, result)).plaintext.toString()).toBe(messages[i]);
    expect(calls.get('DecryptCommand')).toBe(1);
  });

  it('decrypts through the replica in another Region what was encrypted under the multi-Region primary', async () => {
    const east = await kmsClient(server, { region: 'us-east-1' });
    const west = await kmsClient(server, { region: 'us-west-2' });
    const primary = await createKey(east, { MultiRegion: true });
    await east.send(new ReplicateKeyCommand({ KeyId: primary.KeyId, ReplicaRegion: 'us-west-2' }));
    const replicaArn = primary.Arn!.replace('us-east-1', 'us-west-2');
    const { result } = await encrypt(new AwsKmsMrkAwareSymmetricKeyringNode({ keyId: primary.Arn!, client: east }), 'across Regions');
    const decrypted = await decrypt(new AwsKmsMrkAwareSymmetricKeyringNode({ keyId: replicaArn, client: west }), result);
    expect(decrypted.plaintext.toString()).toBe('across Regions');
  });
});

function* chunked(buffer: Buffer, size = 64 * 1024): Generator<Buffer> {
  for (let offset = 0; offset < buffer.length; offset += size) yield buffer.subarray(offset, offset + size);
}
