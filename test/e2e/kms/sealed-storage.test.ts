// KMS keeps key material only sealed: plaintexts that went through Encrypt, a known imported key
// material, data keys and private keys appear in no encoding in the database files (SQLite) or tables
// (PostgreSQL). A control value stored in clear is found by the same search.
import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { EncryptCommand, GenerateDataKeyCommand, GenerateDataKeyPairCommand, GetParametersForImportCommand, ImportKeyMaterialCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { encodings, storageBytes } from '../../helpers/storage-search.js';
import { createKey, kmsClient } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;

describe.each(testBackends())('KMS secrets at rest in %s storage', (backend) => {
  let server: Server;
  const plaintext = Buffer.from(`kms-plaintext-${randomBytes(12).toString('hex')}`);
  const importedMaterial = randomBytes(32);
  const secrets: Buffer[] = [plaintext, importedMaterial];
  let controlDescription: string;

  beforeAll(async () => {
    server = await startInProcess({ backend });
    const kms = await kmsClient(server);
    controlDescription = `kms-control-${randomBytes(12).toString('hex')}`;
    const key = await createKey(kms, { Description: controlDescription });
    await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext }));
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' }));
    secrets.push(Buffer.from(dataKey.Plaintext!));
    const pair = await kms.send(new GenerateDataKeyPairCommand({ KeyId: key.KeyId, KeyPairSpec: 'ECC_NIST_P256' }));
    secrets.push(Buffer.from(pair.PrivateKeyPlaintext!));

    const external = await createKey(kms, { Origin: 'EXTERNAL' });
    const params = await kms.send(new GetParametersForImportCommand({ KeyId: external.KeyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_3072' }));
    const aesKey = randomBytes(32);
    const cipher = createCipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('A65959A6', 'hex'));
    const publicKey = createPublicKey({ key: Buffer.from(params.PublicKey!), format: 'der', type: 'spki' });
    const wrapped = Buffer.concat([publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aesKey), cipher.update(importedMaterial), cipher.final()]);
    await kms.send(new ImportKeyMaterialCommand({ KeyId: external.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }));
    await kms.send(new EncryptCommand({ KeyId: external.KeyId, Plaintext: plaintext }));
    await server.stop();
  });
  afterAll(() => server?.destroy());

  it('finds the key description written in clear (the search works)', async () => {
    expect((await storageBytes(server)).includes(Buffer.from(controlDescription))).toBe(true);
  });

  it('finds no plaintext, data key, private key or imported key material in any encoding', async () => {
    const stored = await storageBytes(server);
    for (const secret of secrets) for (const encoded of encodings(secret)) expect(stored.includes(encoded)).toBe(false);
  });
});
