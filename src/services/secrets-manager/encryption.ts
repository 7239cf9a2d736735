// Secret values are envelope-encrypted as Secrets Manager does it: for every version KMS generates a
// 256-bit data key under the secret's KMS key, with the encryption context AWS uses (SecretARN,
// SecretVersionId); the value is encrypted with AES-256-GCM under that data key, and only the
// KMS-encrypted data key is stored. The plaintext data key lives for one call. The GCM associated data
// names the secret and version, so a ciphertext copied into another version does not open.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Keyring } from '../../crypto/keyring.js';
import type { JsonValue, Transaction } from '../../storage/types.js';
import type { AuthorizationCheck } from '../authorization.js';
import type { KmsInternalApi } from '../kms/internal.js';
import { asDecryptionFailure, asEncryptionFailure, decryptionFailure } from './errors.js';
import type { Envelope, ValueRecord } from './records.js';

export interface PlainValue {
  kind: 'string' | 'binary';
  bytes: Buffer;
}

export const encryptionContext = (arn: string, versionId: string): Record<string, string> => ({ SecretARN: arn, SecretVersionId: versionId });

const aad = (arn: string, versionId: string, kind: string) => Buffer.from(`secretsmanager/value/${arn}/${versionId}/${kind}`, 'utf8');

export function sealEnvelope(kms: KmsInternalApi, check: AuthorizationCheck, arn: string, versionId: string, value: PlainValue): Envelope {
  let dataKey: { plaintext: Buffer; ciphertextBlob: Buffer; keyArn: string };
  try {
    dataKey = kms.generateDataKey(check, { keySpec: 'AES_256', encryptionContext: encryptionContext(arn, versionId) });
  } catch (error) {
    asEncryptionFailure(error);
  }
  try {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey.plaintext, iv);
    cipher.setAAD(aad(arn, versionId, value.kind));
    const ciphertext = Buffer.concat([cipher.update(value.bytes), cipher.final()]);
    return {
      keyArn: dataKey.keyArn,
      dataKey: dataKey.ciphertextBlob.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  } finally {
    dataKey.plaintext.fill(0);
  }
}

export function openEnvelope(kms: KmsInternalApi, check: AuthorizationCheck, arn: string, versionId: string, kind: ValueRecord['kind'], envelope: Envelope): Buffer {
  let dataKey: Buffer;
  try {
    dataKey = kms.decrypt(check, Buffer.from(envelope.dataKey, 'base64'), encryptionContext(arn, versionId)).plaintext;
  } catch (error) {
    asDecryptionFailure(error);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(envelope.iv, 'base64'));
    decipher.setAAD(aad(arn, versionId, kind));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(envelope.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw decryptionFailure();
  } finally {
    dataKey.fill(0);
  }
}

/** The envelope a read uses: the one under the secret's current key if there is one, else the newest. */
export function envelopeFor(value: ValueRecord, preferredKeyArn: string | undefined): Envelope {
  return value.envelopes.find((e) => e.keyArn === preferredKeyArn) ?? value.envelopes[value.envelopes.length - 1];
}

export function plainValue(input: { SecretString?: string; SecretBinary?: Uint8Array }): PlainValue | undefined {
  if (input.SecretString !== undefined) return { kind: 'string', bytes: Buffer.from(input.SecretString, 'utf8') };
  if (input.SecretBinary !== undefined) return { kind: 'binary', bytes: Buffer.from(input.SecretBinary) };
  return undefined;
}

// ---- fingerprints ---------------------------------------------------------------------------------

const FINGERPRINT_KEY = 'sys/secretsmanager/fingerprint-key';
const FINGERPRINT_AAD = 'secretsmanager/fingerprint-key';

/**
 * A keyed hash of a version's value, so a retried CreateSecret/PutSecretValue with the same
 * ClientRequestToken can tell "same value" from "different value" without decrypting (which would
 * need the caller's kms:Decrypt). The key is random, stored sealed by the keyring, made on first use.
 */
export class Fingerprints {
  private key: Buffer | undefined;

  constructor(private readonly keyring: Keyring) {}

  async of(tx: Transaction, versionId: string, value: PlainValue): Promise<string> {
    const key = await this.keyIn(tx);
    return createHmac('sha256', key).update(`${versionId}\u0000${value.kind}\u0000`).update(value.bytes).digest('base64');
  }

  private async keyIn(tx: Transaction): Promise<Buffer> {
    if (this.key) return this.key;
    const stored = await tx.get<{ sealed: string }>(FINGERPRINT_KEY);
    if (stored) {
      const key = this.keyring.open(stored.value.sealed, FINGERPRINT_AAD);
      this.key = key;
      return key;
    }
    const key = randomBytes(32);
    tx.put(FINGERPRINT_KEY, { sealed: this.keyring.seal(key, FINGERPRINT_AAD) } as JsonValue);
    tx.afterCommit(() => (this.key = key));
    return key;
  }
}
