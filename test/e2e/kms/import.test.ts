// Imported key material (BYOK) the way users wrap it: with openssl (RSAES-OAEP) and with node:crypto
// (RSA-AES key wrap: an ephemeral AES key wrapped with RSAES-OAEP, the material with AES key wrap with
// padding), for symmetric, HMAC and asymmetric keys; re-import of the same material only; expiring
// import tokens; DeleteImportedKeyMaterial; and material expiring at ValidTo by the scheduler.
import { execFileSync } from 'node:child_process';
import { constants, createCipheriv, createHmac, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ImportKeyMaterialCommand,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  SignCommand,
  type KMSClient,
  type AlgorithmSpec,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { bytes, createKey, failure, kmsClient, serverNow } from './support.js';

const DAY = 86_400;

/** Wraps material as GetParametersForImport's algorithm says, with node:crypto. */
function wrap(publicKeyDer: Uint8Array, algorithm: AlgorithmSpec, material: Buffer): Buffer {
  const publicKey = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' });
  const oaepHash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
  const oaep = (data: Buffer) => publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, data);
  if (algorithm.startsWith('RSAES_OAEP')) return oaep(material);
  const aesKey = randomBytes(32);
  const cipher = createCipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('A65959A6', 'hex'));
  return Buffer.concat([oaep(aesKey), cipher.update(material), cipher.final()]);
}

describe.each(testBackends())('imported key material on %s', (backend) => {
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    dir = mkdtempSync(join(tmpdir(), 'rampart-kms-import-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server?.destroy();
  });

  async function parameters(kms: KMSClient, keyId: string, WrappingAlgorithm: AlgorithmSpec = 'RSAES_OAEP_SHA_256') {
    return kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm, WrappingKeySpec: 'RSA_2048' }));
  }

  it('imports symmetric material wrapped by openssl, then only that material again', async () => {
    const kms = await kmsClient(server);
    const key = await createKey(kms, { Origin: 'EXTERNAL' });
    expect(key).toMatchObject({ KeyState: 'PendingImport', Origin: 'EXTERNAL', Enabled: false });
    expect(await failure(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('x') })))).toMatchObject({
      name: 'KMSInvalidStateException',
      message: `${key.Arn} is pending import.`,
    });
    const params = await parameters(kms, key.KeyId!);
    expect(params.KeyId).toBe(key.Arn);
    expect(params.ParametersValidTo!.getTime() - (await serverNow(server))).toBeGreaterThan(23.9 * 3600_000);

    const material = randomBytes(32);
    const publicKey = join(dir, 'wrapping.der');
    writeFileSync(publicKey, Buffer.from(params.PublicKey!));
    writeFileSync(join(dir, 'material.bin'), material);
    const wrapped = execFileSync('openssl', [
      'pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', publicKey, '-in', join(dir, 'material.bin'),
      '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256',
    ]);
    const imported = await kms.send(
      new ImportKeyMaterialCommand({ KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
    );
    expect(imported.KeyMaterialId).toBe(createHmac('sha256', material).update(`kms/key-material-id/${key.KeyId}`).digest('hex'));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    const encrypted = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('under imported material') }));
    expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }))).Plaintext!).toString()).toBe('under imported material');

    // Other material: refused. The same material (deleted first): the old ciphertext decrypts again.
    const other = wrap(params.PublicKey!, 'RSAES_OAEP_SHA_256', randomBytes(32));
    expect((await failure(kms.send(new ImportKeyMaterialCommand({ KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: other, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'EXISTING_KEY_MATERIAL' })))).name).toBe('IncorrectKeyMaterialException');
    const deleted = await kms.send(new DeleteImportedKeyMaterialCommand({ KeyId: key.KeyId }));
    expect(deleted.KeyMaterialId).toBe(imported.KeyMaterialId);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState).toBe('PendingImport');
    expect((await failure(kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob })))).name).toBe('KMSInvalidStateException');
    await kms.send(new ImportKeyMaterialCommand({ KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrap(params.PublicKey!, 'RSAES_OAEP_SHA_256', material), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
    expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }))).Plaintext!).toString()).toBe('under imported material');
  });

  it('imports new symmetric material for an on-demand rotation', async () => {
    const kms = await kmsClient(server);
    const key = await createKey(kms, { Origin: 'EXTERNAL' });
    const params = await parameters(kms, key.KeyId!, 'RSA_AES_KEY_WRAP_SHA_256');
    const first = randomBytes(32);
    await kms.send(new ImportKeyMaterialCommand({ KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrap(params.PublicKey!, 'RSA_AES_KEY_WRAP_SHA_256', first), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
    const old = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('old') }));
    expect((await failure(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })))).name).toBe('KMSInvalidStateException');
    const second = await kms.send(
      new ImportKeyMaterialCommand({ KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrap(params.PublicKey!, 'RSA_AES_KEY_WRAP_SHA_256', randomBytes(32)), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'second' }),
    );
    const pending = (await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }))).Rotations!;
    expect(pending.map((r) => [r.KeyMaterialState, r.ImportState])).toEqual([['CURRENT', 'IMPORTED'], ['PENDING_ROTATION', 'IMPORTED']]);
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    const fresh = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('new') }));
    expect((await kms.send(new DecryptCommand({ CiphertextBlob: fresh.CiphertextBlob }))).KeyMaterialId).toBe(second.KeyMaterialId);
    expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: old.CiphertextBlob }))).Plaintext!).toString()).toBe('old');
  });

  it('imports HMAC and asymmetric material wrapped with RSA-AES key wrap', async () => {
    const kms = await kmsClient(server);
    const hmacKey = await createKey(kms, { Origin: 'EXTERNAL', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const hmacParams = await parameters(kms, hmacKey.KeyId!, 'RSA_AES_KEY_WRAP_SHA_1');
    const hmacMaterial = randomBytes(48);
    await kms.send(new ImportKeyMaterialCommand({ KeyId: hmacKey.KeyId, ImportToken: hmacParams.ImportToken, EncryptedKeyMaterial: wrap(hmacParams.PublicKey!, 'RSA_AES_KEY_WRAP_SHA_1', hmacMaterial), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
    const { Mac } = await kms.send(new GenerateMacCommand({ KeyId: hmacKey.KeyId, Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256' }));
    expect(Buffer.from(Mac!).equals(createHmac('sha256', hmacMaterial).update('m').digest())).toBe(true);

    const signing = await createKey(kms, { Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const params = await parameters(kms, signing.KeyId!, 'RSA_AES_KEY_WRAP_SHA_256');
    const wrongCurve = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ format: 'der', type: 'pkcs8' });
    expect((await failure(kms.send(new ImportKeyMaterialCommand({ KeyId: signing.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrap(params.PublicKey!, 'RSA_AES_KEY_WRAP_SHA_256', wrongCurve), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })))).name).toBe('IncorrectKeyMaterialException');
    const material = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
    await kms.send(new ImportKeyMaterialCommand({ KeyId: signing.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrap(params.PublicKey!, 'RSA_AES_KEY_WRAP_SHA_256', material), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: signing.KeyId }));
    expect(Buffer.from(PublicKey!).equals(pair.publicKey.export({ format: 'der', type: 'spki' }))).toBe(true);
    const { Signature } = await kms.send(new SignCommand({ KeyId: signing.KeyId, Message: bytes('signed'), SigningAlgorithm: 'ECDSA_SHA_256' }));
    expect(verify('sha256', bytes('signed'), pair.publicKey, Buffer.from(Signature!))).toBe(true);
  });

  it('refuses tokens of other keys, garbage, wrongly wrapped material, and tokens past 24 hours', async () => {
    let kms = await kmsClient(server);
    const key = await createKey(kms, { Origin: 'EXTERNAL' });
    const other = await createKey(kms, { Origin: 'EXTERNAL' });
    const params = await parameters(kms, key.KeyId!);
    const otherParams = await parameters(kms, other.KeyId!);
    const material = wrap(params.PublicKey!, 'RSAES_OAEP_SHA_256', randomBytes(32));
    const attempt = (input: Partial<{ ImportToken: Uint8Array; EncryptedKeyMaterial: Uint8Array }>) =>
      failure(kms.send(new ImportKeyMaterialCommand({ KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: material, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ...input })));
    expect((await attempt({ ImportToken: otherParams.ImportToken })).name).toBe('InvalidImportTokenException');
    expect((await attempt({ ImportToken: bytes('garbage') })).name).toBe('InvalidImportTokenException');
    expect((await attempt({ EncryptedKeyMaterial: randomBytes(256) })).name).toBe('InvalidCiphertextException');
    expect((await attempt({ EncryptedKeyMaterial: wrap(params.PublicKey!, 'RSAES_OAEP_SHA_256', randomBytes(16)) })).name).toBe('IncorrectKeyMaterialException');
    await server.advanceClock(DAY + 60);
    kms = await kmsClient(server);
    expect((await failure(kms.send(new ImportKeyMaterialCommand({ KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: material, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })))).name).toBe('ExpiredImportTokenException');
    const symmetric = await createKey(kms);
    expect(await failure(parameters(kms, symmetric.KeyId!))).toMatchObject({ name: 'UnsupportedOperationException', message: `${symmetric.Arn} origin is AWS_KMS which is not valid for this operation.` });
  });

  it('deletes material at ValidTo, leaving the key pending import', async () => {
    let kms = await kmsClient(server);
    const key = await createKey(kms, { Origin: 'EXTERNAL' });
    const params = await parameters(kms, key.KeyId!);
    const validTo = new Date((await serverNow(server)) + 2 * DAY * 1000);
    const material = wrap(params.PublicKey!, 'RSAES_OAEP_SHA_256', randomBytes(32));
    expect((await failure(kms.send(new ImportKeyMaterialCommand({ KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: material })))).message).toBe(
      'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES',
    );
    await kms.send(new ImportKeyMaterialCommand({ KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: material, ValidTo: validTo }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo });
    await server.advanceClock(DAY);
    kms = await kmsClient(server);
    await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('still fine') }));
    await server.advanceClock(DAY + 60);
    kms = await kmsClient(server);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata!.KeyState).toBe('PendingImport');
    expect((await failure(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('x') })))).name).toBe('KMSInvalidStateException');
  });
});
