// Asymmetric keys and HMAC keys through the SDK, checked against openssl: GetPublicKey, RSA
// encryption (openssl encrypts, KMS decrypts), Sign/Verify for every algorithm over RAW messages and
// DIGESTs (openssl verifies), GenerateDataKeyPair, DeriveSharedSecret (openssl derives the same
// secret) and GenerateMac/VerifyMac.
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DecryptCommand,
  DeriveSharedSecretCommand,
  EncryptCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateMacCommand,
  GetPublicKeyCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type KMSClient,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { bytes, createKey, failure, kmsClient } from './support.js';

const der = (b: Uint8Array) => createPublicKey({ key: Buffer.from(b), format: 'der', type: 'spki' });

describe.each(testBackends())('asymmetric and HMAC keys on %s', (backend) => {
  let server: TestServer;
  let kms: KMSClient;
  let dir: string;

  beforeAll(async () => {
    server = await startInProcess({ backend });
    kms = await kmsClient(server);
    dir = mkdtempSync(join(tmpdir(), 'rampart-kms-openssl-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server?.destroy();
  });

  const file = (name: string, content: Buffer | string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });

  it('decrypts what openssl encrypted under the public key, and limits plaintext per key size', async () => {
    const key = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    const publicKey = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    expect(publicKey).toMatchObject({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT', EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'], KeyId: key.Arn });
    const pem = file('rsa-public.pem', der(publicKey.PublicKey!).export({ format: 'pem', type: 'spki' }) as string);
    const plain = file('rsa-plain.bin', 'encrypted by openssl');
    const encrypted = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', pem, '-in', plain, '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256']);
    const decrypted = await kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: encrypted, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('encrypted by openssl');
    expect((await failure(kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: encrypted, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })))).name).toBe('InvalidCiphertextException');
    expect((await failure(kms.send(new DecryptCommand({ CiphertextBlob: encrypted })))).name).toBe('InvalidCiphertextException');

    const viaKms = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(214, 1), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));
    expect((await kms.send(new DecryptCommand({ KeyId: key.KeyId, CiphertextBlob: viaKms.CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }))).Plaintext).toHaveLength(214);
    expect(await failure(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.alloc(191, 1), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })))).toMatchObject({
      name: 'ValidationException',
      message: 'Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.',
    });
    expect((await failure(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: bytes('x') })))).name).toBe('InvalidKeyUsageException');
  });

  const signingCases: [string, SigningAlgorithmSpec, 'sha256' | 'sha384' | 'sha512'][] = [
    ['RSA_2048', 'RSASSA_PSS_SHA_256', 'sha256'],
    ['RSA_2048', 'RSASSA_PSS_SHA_384', 'sha384'],
    ['RSA_2048', 'RSASSA_PSS_SHA_512', 'sha512'],
    ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256', 'sha256'],
    ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_384', 'sha384'],
    ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_512', 'sha512'],
    ['ECC_NIST_P256', 'ECDSA_SHA_256', 'sha256'],
    ['ECC_NIST_P384', 'ECDSA_SHA_384', 'sha384'],
    ['ECC_NIST_P521', 'ECDSA_SHA_512', 'sha512'],
    ['ECC_SECG_P256K1', 'ECDSA_SHA_256', 'sha256'],
  ];

  it.each(signingCases)('%s signs with %s over RAW and DIGEST; openssl verifies; Verify refuses a bad signature', async (KeySpec, SigningAlgorithm, hash) => {
    const key = await createKey(kms, { KeySpec: KeySpec as 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    const pem = file(`${SigningAlgorithm}-${KeySpec}.pem`, der(PublicKey!).export({ format: 'pem', type: 'spki' }) as string);
    const message = bytes(`message for ${SigningAlgorithm}`);
    const digest = createHash(hash).update(message).digest();
    const raw = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: message, SigningAlgorithm, MessageType: 'RAW' }));
    const overDigest = await kms.send(new SignCommand({ KeyId: key.KeyId, Message: digest, SigningAlgorithm, MessageType: 'DIGEST' }));
    expect(raw.KeyId).toBe(key.Arn);
    const pss = SigningAlgorithm.startsWith('RSASSA_PSS') ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest'] : [];
    for (const signature of [raw.Signature!, overDigest.Signature!]) {
      const sig = file(`${SigningAlgorithm}.sig`, Buffer.from(signature));
      const msg = file(`${SigningAlgorithm}.msg`, message);
      expect(openssl(['dgst', `-${hash}`, '-verify', pem, '-signature', sig, ...pss, msg]).toString()).toContain('Verified OK');
    }
    expect((await kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: message, Signature: overDigest.Signature, SigningAlgorithm }))).SignatureValid).toBe(true);
    expect((await kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', Signature: raw.Signature, SigningAlgorithm }))).SignatureValid).toBe(true);
    expect((await failure(kms.send(new VerifyCommand({ KeyId: key.KeyId, Message: bytes('other'), Signature: raw.Signature, SigningAlgorithm })))).name).toBe('KMSInvalidSignatureException');
    expect(await failure(kms.send(new SignCommand({ KeyId: key.KeyId, Message: digest.subarray(1), SigningAlgorithm, MessageType: 'DIGEST' })))).toMatchObject({
      name: 'ValidationException',
      message: `Digest is invalid length for algorithm ${SigningAlgorithm}.`,
    });
  });

  it('refuses algorithms a key does not support and messages over 4,096 bytes', async () => {
    const key = await createKey(kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(await failure(kms.send(new SignCommand({ KeyId: key.KeyId, Message: bytes('x'), SigningAlgorithm: 'ECDSA_SHA_384' })))).toMatchObject({
      name: 'InvalidKeyUsageException',
      message: 'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.',
    });
    expect((await failure(kms.send(new SignCommand({ KeyId: key.KeyId, Message: Buffer.alloc(4097), SigningAlgorithm: 'ECDSA_SHA_256' })))).name).toBe('ValidationException');
    const symmetric = await createKey(kms);
    expect(await failure(kms.send(new SignCommand({ KeyId: symmetric.KeyId, Message: bytes('x'), SigningAlgorithm: 'ECDSA_SHA_256' })))).toMatchObject({
      name: 'InvalidKeyUsageException',
      message: `${symmetric.Arn} key usage is ENCRYPT_DECRYPT which is not valid for Sign.`,
    });
    expect((await failure(kms.send(new GetPublicKeyCommand({ KeyId: symmetric.KeyId })))).name).toBe('UnsupportedOperationException');
  });

  it('generates data key pairs whose private key is encrypted under the key', async () => {
    const key = await createKey(kms);
    for (const KeyPairSpec of ['RSA_2048', 'ECC_NIST_P256', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519'] as const) {
      const pair = await kms.send(new GenerateDataKeyPairCommand({ KeyId: key.KeyId, KeyPairSpec, EncryptionContext: { pair: KeyPairSpec } }));
      expect(pair).toMatchObject({ KeyId: key.Arn, KeyPairSpec });
      const privateKey = createPrivateKey({ key: Buffer.from(pair.PrivateKeyPlaintext!), format: 'der', type: 'pkcs8' });
      expect(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).equals(Buffer.from(pair.PublicKey!))).toBe(true);
      const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: pair.PrivateKeyCiphertextBlob, EncryptionContext: { pair: KeyPairSpec } }));
      expect(Buffer.from(decrypted.Plaintext!).equals(Buffer.from(pair.PrivateKeyPlaintext!))).toBe(true);
    }
    const without = await kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: key.KeyId, KeyPairSpec: 'ECC_NIST_P384' }));
    expect(without).not.toHaveProperty('PrivateKeyPlaintext');
    expect((await failure(kms.send(new GenerateDataKeyPairCommand({ KeyId: key.KeyId, KeyPairSpec: 'SM2' })))).name).toBe('UnsupportedOperationException');
    const rsa = await createKey(kms, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    expect((await failure(kms.send(new GenerateDataKeyPairCommand({ KeyId: rsa.KeyId, KeyPairSpec: 'ECC_NIST_P256' })))).name).toBe('InvalidKeyUsageException');
  });

  it('derives the ECDH secret openssl derives, and checks the peer key', async () => {
    const key = await createKey(kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' });
    const { PublicKey, KeyAgreementAlgorithms } = await kms.send(new GetPublicKeyCommand({ KeyId: key.KeyId }));
    expect(KeyAgreementAlgorithms).toEqual(['ECDH']);
    const peer = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const derived = await kms.send(
      new DeriveSharedSecretCommand({ KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer.publicKey.export({ format: 'der', type: 'spki' }) }),
    );
    expect(derived).toMatchObject({ KeyId: key.Arn, KeyAgreementAlgorithm: 'ECDH', KeyOrigin: 'AWS_KMS' });
    const peerPrivate = file('peer.pem', peer.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
    const kmsPublic = file('kms-public.pem', der(PublicKey!).export({ format: 'pem', type: 'spki' }) as string);
    const opensslSecret = openssl(['pkeyutl', '-derive', '-inkey', peerPrivate, '-peerkey', kmsPublic]);
    expect(Buffer.from(derived.SharedSecret!).equals(opensslSecret)).toBe(true);
    const otherCurve = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ format: 'der', type: 'spki' });
    expect((await failure(kms.send(new DeriveSharedSecretCommand({ KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: otherCurve })))).name).toBe('ValidationException');
    expect((await failure(kms.send(new DeriveSharedSecretCommand({ KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: bytes('garbage') })))).name).toBe('ValidationException');
  });

  it('computes and verifies HMACs', async () => {
    for (const [KeySpec, MacAlgorithm] of [['HMAC_224', 'HMAC_SHA_224'], ['HMAC_256', 'HMAC_SHA_256'], ['HMAC_384', 'HMAC_SHA_384'], ['HMAC_512', 'HMAC_SHA_512']] as const) {
      const key = await createKey(kms, { KeySpec, KeyUsage: 'GENERATE_VERIFY_MAC' });
      const { Mac } = await kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: bytes('mac me'), MacAlgorithm }));
      expect((await kms.send(new VerifyMacCommand({ KeyId: key.KeyId, Message: bytes('mac me'), MacAlgorithm, Mac }))).MacValid).toBe(true);
      expect((await failure(kms.send(new VerifyMacCommand({ KeyId: key.KeyId, Message: bytes('mac you'), MacAlgorithm, Mac })))).name).toBe('KMSInvalidMacException');
      // Deterministic: the same message gives the same MAC.
      expect(Buffer.from((await kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: bytes('mac me'), MacAlgorithm }))).Mac!).equals(Buffer.from(Mac!))).toBe(true);
    }
    const key = await createKey(kms, { KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(await failure(kms.send(new GenerateMacCommand({ KeyId: key.KeyId, Message: bytes('x'), MacAlgorithm: 'HMAC_SHA_256' })))).toMatchObject({
      name: 'InvalidKeyUsageException',
      message: 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.',
    });
  });
});
