// The AWS CLI against Rampart: create-key, encrypt, decrypt, re-encrypt, sign, verify,
// get-public-key, generate-data-key, generate-mac and schedule-key-deletion round trips, and an error
// code as the CLI reports it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, cliErrorCode } from '../../helpers/aws-cli.js';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';

describe.each(testBackends())('the AWS CLI on %s', (backend) => {
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    server = await startInProcess({ backend });
    dir = mkdtempSync(join(tmpdir(), 'rampart-kms-cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server?.destroy();
  });

  async function kms(...args: string[]) {
    const result = await awsCli(server, ['kms', ...args]);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout || '{}');
  }
  const file = (name: string, content: Buffer | string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return `fileb://${path}`;
  };
  const b64 = (value: string) => Buffer.from(value, 'base64');

  it('creates keys and encrypts, decrypts and re-encrypts', async () => {
    const { KeyMetadata } = await kms('create-key', '--description', 'from the CLI');
    expect(KeyMetadata).toMatchObject({ KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', Description: 'from the CLI' });
    const other = (await kms('create-key')).KeyMetadata;
    const encrypted = await kms('encrypt', '--key-id', KeyMetadata.KeyId, '--plaintext', file('plain.txt', 'hello from the cli'), '--encryption-context', 'app=cli');
    const decrypted = await kms('decrypt', '--ciphertext-blob', file('ct.bin', b64(encrypted.CiphertextBlob)), '--encryption-context', 'app=cli');
    expect(b64(decrypted.Plaintext).toString()).toBe('hello from the cli');
    expect(decrypted.KeyId).toBe(KeyMetadata.Arn);
    const moved = await kms('re-encrypt', '--ciphertext-blob', file('ct.bin', b64(encrypted.CiphertextBlob)), '--source-encryption-context', 'app=cli', '--destination-key-id', other.KeyId);
    expect(moved.KeyId).toBe(other.Arn);
    const again = await kms('decrypt', '--ciphertext-blob', file('moved.bin', b64(moved.CiphertextBlob)));
    expect(b64(again.Plaintext).toString()).toBe('hello from the cli');
    const failed = await awsCli(server, ['kms', 'decrypt', '--ciphertext-blob', file('ct.bin', b64(encrypted.CiphertextBlob))]);
    expect(cliErrorCode(failed)).toBe('InvalidCiphertextException');
  });

  it('generates data keys and MACs', async () => {
    const key = (await kms('create-key')).KeyMetadata;
    const dataKey = await kms('generate-data-key', '--key-id', key.KeyId, '--key-spec', 'AES_256');
    expect(b64(dataKey.Plaintext)).toHaveLength(32);
    const decrypted = await kms('decrypt', '--ciphertext-blob', file('dk.bin', b64(dataKey.CiphertextBlob)));
    expect(decrypted.Plaintext).toBe(dataKey.Plaintext);
    const hmac = (await kms('create-key', '--key-spec', 'HMAC_256', '--key-usage', 'GENERATE_VERIFY_MAC')).KeyMetadata;
    const mac = await kms('generate-mac', '--key-id', hmac.KeyId, '--message', file('m.txt', 'message'), '--mac-algorithm', 'HMAC_SHA_256');
    expect(b64(mac.Mac)).toHaveLength(32);
  });

  it('signs, verifies and gets the public key', async () => {
    const key = (await kms('create-key', '--key-spec', 'ECC_NIST_P256', '--key-usage', 'SIGN_VERIFY')).KeyMetadata;
    const publicKey = await kms('get-public-key', '--key-id', key.KeyId);
    expect(publicKey).toMatchObject({ KeySpec: 'ECC_NIST_P256', SigningAlgorithms: ['ECDSA_SHA_256'] });
    const signed = await kms('sign', '--key-id', key.KeyId, '--message', file('msg.txt', 'sign me'), '--signing-algorithm', 'ECDSA_SHA_256');
    const verified = await kms('verify', '--key-id', key.KeyId, '--message', file('msg.txt', 'sign me'), '--signature', file('sig.bin', b64(signed.Signature)), '--signing-algorithm', 'ECDSA_SHA_256');
    expect(verified.SignatureValid).toBe(true);
    const bad = await awsCli(server, ['kms', 'verify', '--key-id', key.KeyId, '--message', file('other.txt', 'not signed'), '--signature', file('sig.bin', b64(signed.Signature)), '--signing-algorithm', 'ECDSA_SHA_256']);
    expect(cliErrorCode(bad)).toBe('KMSInvalidSignatureException');
  });

  it('schedules a key’s deletion', async () => {
    const key = (await kms('create-key')).KeyMetadata;
    const scheduled = await kms('schedule-key-deletion', '--key-id', key.KeyId, '--pending-window-in-days', '7');
    expect(scheduled).toMatchObject({ KeyId: key.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    const described = await kms('describe-key', '--key-id', key.KeyId);
    expect(described.KeyMetadata.KeyState).toBe('PendingDeletion');
    expect(cliErrorCode(await awsCli(server, ['kms', 'schedule-key-deletion', '--key-id', key.KeyId, '--pending-window-in-days', '3']))).toBe('ValidationException');
  });
});
