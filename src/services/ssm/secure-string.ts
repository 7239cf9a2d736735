// SecureString values, encrypted through Rampart's KMS as the caller (kms:ViaService
// ssm.<region>.amazonaws.com) with the encryption context Parameter Store uses, PARAMETER_ARN: the
// parameter's ARN. Standard parameters are encrypted by KMS Encrypt directly (their 4 KB fit its
// plaintext limit); Advanced parameters (8 KB) use envelope encryption: a KMS data key
// (GenerateDataKey) encrypts the value with AES-256-GCM, and only the KMS-encrypted data key is kept.
// WithDecryption=false returns the stored form, base64. KMS's failures reach the caller as Parameter
// Store reports them: InvalidKeyId carrying KMS's message and error code.
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { AwsError, isAwsError } from '../../errors.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { KmsInternalApi } from '../kms/internal.js';
import type { StoredTier } from './records.js';

export const DEFAULT_KEY_ID = 'alias/aws/ssm';
const VIA = { service: 'ssm' } as const;

// Envelope format: "RSE1", u16 length of the KMS blob, the blob, 12-byte IV, 16-byte tag, ciphertext.
const ENVELOPE_MAGIC = Buffer.from('RSE1', 'ascii');

export const encryptionContextOf = (parameterArn: string) => ({ PARAMETER_ARN: parameterArn });

/** KMS's errors as Parameter Store surfaces them. */
export function fromKms(error: unknown): unknown {
  if (!isAwsError(error)) return error;
  switch (error.code) {
    case 'AccessDenied':
    case 'Throttling':
    case 'ValidationException':
      return error;
    case 'KMSInternalException':
      return new AwsError('InternalServerError', 'An error occurred on the server side.', { senderFault: false, cause: error });
    default:
      return new AwsError(
        'InvalidKeyId',
        `${error.message} (Service: AWSKMS; Status Code: 400; Error Code: ${error.code}; Request ID: ${randomUUID()}; Proxy: null)`,
        { cause: error },
      );
  }
}

async function viaKms<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw fromKms(error);
  }
}

/** The KMS check a SecureString write needs: Encrypt for Standard, GenerateDataKey for Advanced. */
export function authorizeSeal(kms: KmsInternalApi, ctx: AuthorizationContext, keyId: string, tier: StoredTier, parameterArn: string): Promise<AuthorizationCheck> {
  const request = { ...VIA, keyId, encryptionContext: encryptionContextOf(parameterArn) };
  return viaKms(() => (tier === 'Standard' ? kms.authorizeEncrypt(ctx, request) : kms.authorizeGenerateDataKey(ctx, request)));
}

/** Encrypts `plaintext` with the check the pipeline allowed; returns the stored form (base64). */
export function seal(kms: KmsInternalApi, check: AuthorizationCheck, tier: StoredTier, plaintext: string, parameterArn: string): Promise<string> {
  const context = encryptionContextOf(parameterArn);
  return viaKms(() => {
    const data = Buffer.from(plaintext, 'utf8');
    if (tier === 'Standard') return kms.encrypt(check, data, context).ciphertextBlob.toString('base64');
    const dataKey = kms.generateDataKey(check, { keySpec: 'AES_256', encryptionContext: context });
    try {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', dataKey.plaintext, iv);
      cipher.setAAD(Buffer.from(parameterArn, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
      const length = Buffer.alloc(2);
      length.writeUInt16BE(dataKey.ciphertextBlob.length);
      return Buffer.concat([ENVELOPE_MAGIC, length, dataKey.ciphertextBlob, iv, cipher.getAuthTag(), ciphertext]).toString('base64');
    } finally {
      dataKey.plaintext.fill(0);
    }
  });
}

interface Envelope {
  kmsBlob: Buffer;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function parseEnvelope(stored: Buffer): Envelope | undefined {
  if (stored.length < 6 || !stored.subarray(0, 4).equals(ENVELOPE_MAGIC)) return undefined;
  const length = stored.readUInt16BE(4);
  const start = 6 + length;
  if (stored.length < start + 28) return undefined;
  return { kmsBlob: stored.subarray(6, start), iv: stored.subarray(start, start + 12), tag: stored.subarray(start + 12, start + 28), ciphertext: stored.subarray(start + 28) };
}

/** The KMS Decrypt check a read WithDecryption needs for one stored value. */
export function authorizeOpen(kms: KmsInternalApi, ctx: AuthorizationContext, stored: string, parameterArn: string): Promise<AuthorizationCheck> {
  const bytes = Buffer.from(stored, 'base64');
  const blob = parseEnvelope(bytes)?.kmsBlob ?? bytes;
  return viaKms(() => kms.authorizeDecrypt(ctx, { ...VIA, ciphertextBlob: blob, encryptionContext: encryptionContextOf(parameterArn) }));
}

/** Decrypts a stored value with the Decrypt check the pipeline allowed. */
export function open(kms: KmsInternalApi, check: AuthorizationCheck, stored: string, parameterArn: string): Promise<string> {
  const context = encryptionContextOf(parameterArn);
  return viaKms(() => {
    const bytes = Buffer.from(stored, 'base64');
    const envelope = parseEnvelope(bytes);
    if (!envelope) return kms.decrypt(check, bytes, context).plaintext.toString('utf8');
    const dataKey = kms.decrypt(check, envelope.kmsBlob, context).plaintext;
    try {
      const decipher = createDecipheriv('aes-256-gcm', dataKey, envelope.iv);
      decipher.setAAD(Buffer.from(parameterArn, 'utf8'));
      decipher.setAuthTag(envelope.tag);
      return Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new AwsError('InvalidCiphertextException', '');
    } finally {
      dataKey.fill(0);
    }
  });
}
