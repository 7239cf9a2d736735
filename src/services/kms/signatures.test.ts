import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SigningAlgorithmSpec } from '../../generated/kms/types.js';
import { signMessage, verifySignature } from './signatures.js';

const cases: [SigningAlgorithmSpec, () => ReturnType<typeof generateKeyPairSync>][] = [
  ['RSASSA_PSS_SHA_256', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ['RSASSA_PSS_SHA_384', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ['RSASSA_PSS_SHA_512', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ['RSASSA_PKCS1_V1_5_SHA_256', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ['RSASSA_PKCS1_V1_5_SHA_384', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ['RSASSA_PKCS1_V1_5_SHA_512', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ['ECDSA_SHA_256', () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' })],
  ['ECDSA_SHA_384', () => generateKeyPairSync('ec', { namedCurve: 'secp384r1' })],
  ['ECDSA_SHA_512', () => generateKeyPairSync('ec', { namedCurve: 'secp521r1' })],
];

describe('signatures over RAW messages and DIGESTs', () => {
  const message = Buffer.from('the message to sign');
  it.each(cases)('%s: a digest signature verifies as a message signature and the other way round', async (algorithm, makeKey) => {
    const { privateKey, publicKey } = makeKey();
    const hash = algorithm.endsWith('512') ? 'sha512' : algorithm.endsWith('384') ? 'sha384' : 'sha256';
    const digest = createHash(hash).update(message).digest();
    const overDigest = await signMessage(privateKey, algorithm, digest, true);
    const overMessage = await signMessage(privateKey, algorithm, message, false);
    expect(await verifySignature(publicKey, algorithm, message, false, overDigest)).toBe(true);
    expect(await verifySignature(publicKey, algorithm, digest, true, overMessage)).toBe(true);
    expect(await verifySignature(publicKey, algorithm, Buffer.from('another message'), false, overMessage)).toBe(false);
    expect(await verifySignature(publicKey, algorithm, digest, true, Buffer.from('not a signature'))).toBe(false);
    if (algorithm.startsWith('ECDSA')) expect(overMessage[0]).toBe(0x30); // DER SEQUENCE
  });
});
