// What the cryptographic operations share: the usable-key checks in AWS's order (state, then usage,
// then algorithm), symmetric encryption under the key's current backing key, decryption by the
// version a blob names, RSAES-OAEP, and the DryRun and Recipient answers.
import { constants, createPublicKey, privateDecrypt, publicEncrypt } from 'node:crypto';
import { AwsError } from '../../errors.js';
import type { EncryptionAlgorithmSpec, KeyUsageType, RecipientInfo } from '../../generated/kms/types.js';
import { decryptBlob, encryptBlob, invalidCiphertext, parseBlob } from './ciphertext.js';
import type { KmsDeps } from './deps.js';
import { currentMaterial, materialsOf, type KeyRecord, type LoadedKey, type MaterialVersion } from './key-record.js';
import { assertKeyState, wrongUsage } from './key-states.js';
import { hashOf, KEY_SPECS, rsaPlaintextLimit } from './key-specs.js';

export const dryRunRefusal = () => new AwsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');

export function refuseRecipient(recipient: RecipientInfo | undefined): void {
  // A Recipient asks for the result encrypted to a Nitro Enclave's attested key: no enclaves here.
  if (recipient !== undefined) throw new AwsError('ValidationException', 'Recipient is supported only for requests from a Nitro enclave.');
}

/** A key usable for `operation`: Enabled, of this usage. */
export function usableKey(loaded: LoadedKey, usage: KeyUsageType, operation: string): KeyRecord {
  const key = loaded.record;
  assertKeyState(key, 'usable');
  if (key.keyUsage !== usage) throw wrongUsage(key, operation);
  return key;
}

export const incompatibleAlgorithm = (algorithm: string, key: KeyRecord) =>
  new AwsError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);

/** The key must be a symmetric encryption key (data keys, data key pairs). */
export function requireSymmetric(key: KeyRecord, operation: string): void {
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw new AwsError('InvalidKeyUsageException', `${key.arn} key spec ${key.keySpec} is not valid for ${operation}.`);
}

export function encryptionAlgorithmFor(key: KeyRecord, requested: EncryptionAlgorithmSpec | undefined): EncryptionAlgorithmSpec {
  const algorithm = requested ?? 'SYMMETRIC_DEFAULT';
  if (!(KEY_SPECS[key.keySpec].encryptionAlgorithms ?? []).includes(algorithm)) throw incompatibleAlgorithm(algorithm, key);
  return algorithm;
}

function refuseContextForAsymmetric(context: Readonly<Record<string, string>> | undefined): void {
  if (context && Object.keys(context).length > 0) {
    throw new AwsError('ValidationException', 'EncryptionContext is supported only with symmetric encryption KMS keys.');
  }
}

function secretOf(deps: Pick<KmsDeps, 'materials'>, key: KeyRecord, material: MaterialVersion): Buffer {
  const opened = deps.materials.open(key, material);
  if (!opened || opened.kind !== 'secret') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending import.`);
  return opened.key;
}

/** Encrypts under the current backing key of a symmetric key. */
export function encryptSymmetric(deps: Pick<KmsDeps, 'materials'>, loaded: LoadedKey, plaintext: Uint8Array, context: Readonly<Record<string, string>> | undefined) {
  const key = loaded.record;
  const material = currentMaterial(loaded);
  if (!material) throw new AwsError('KMSInvalidStateException', `${key.arn} is pending import.`);
  const blob = encryptBlob(secretOf(deps, key, material), { accountId: key.accountId, keyId: key.keyId, version: material.version }, plaintext, context);
  return { blob, materialId: material.id };
}

export const incorrectKey = () =>
  new AwsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');

/** Decrypts a symmetric blob that must belong to this key. */
export function decryptSymmetric(deps: Pick<KmsDeps, 'materials'>, loaded: LoadedKey, ciphertext: Uint8Array, context: Readonly<Record<string, string>> | undefined) {
  const key = loaded.record;
  const blob = parseBlob(ciphertext);
  if (!blob) throw invalidCiphertext();
  if (blob.keyId !== key.keyId || blob.accountId !== key.accountId) throw incorrectKey();
  const material = materialsOf(loaded).find((m) => m.version === blob.version);
  if (!material) throw invalidCiphertext();
  return { plaintext: decryptBlob(secretOf(deps, key, material), blob, context), materialId: material.id };
}

function rsaPadding(algorithm: EncryptionAlgorithmSpec) {
  return { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hashOf(algorithm) };
}

export function encryptRsa(loaded: LoadedKey, algorithm: EncryptionAlgorithmSpec, plaintext: Uint8Array, context: Readonly<Record<string, string>> | undefined): Buffer {
  refuseContextForAsymmetric(context);
  const key = loaded.record;
  const limit = rsaPlaintextLimit(KEY_SPECS[key.keySpec].modulusBits!, algorithm);
  if (plaintext.length > limit) {
    throw new AwsError('ValidationException', `Algorithm ${algorithm} and key spec ${key.keySpec} cannot encrypt data larger than ${limit} bytes.`);
  }
  const material = currentMaterial(loaded)!;
  const publicKey = createPublicKey({ key: Buffer.from(material.publicKey!, 'base64'), format: 'der', type: 'spki' });
  return publicEncrypt({ key: publicKey, ...rsaPadding(algorithm) }, plaintext);
}

export function decryptRsa(deps: Pick<KmsDeps, 'materials'>, loaded: LoadedKey, algorithm: EncryptionAlgorithmSpec, ciphertext: Uint8Array, context: Readonly<Record<string, string>> | undefined): Buffer {
  refuseContextForAsymmetric(context);
  const key = loaded.record;
  const material = currentMaterial(loaded);
  const opened = material ? deps.materials.open(key, material) : undefined;
  if (!opened || opened.kind !== 'private-key') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending import.`);
  try {
    return privateDecrypt({ key: opened.key, ...rsaPadding(algorithm) }, ciphertext);
  } catch {
    throw invalidCiphertext();
  }
}
