// The ciphertext blob of symmetric encryption keys. It is self-describing, so Decrypt needs no key id
// and never tries keys in turn: it names the owning account, the key and the backing-key version, then
// carries an AES-256-GCM IV, tag and ciphertext. The header and the encryption context are the
// associated data, so a changed header or a different context fails authentication.
//
//   offset  size  field
//   0       1     format (1)
//   1       12    owning account id (ASCII digits)
//   13      36    key id (ASCII: a UUID, or "mrk-" and 32 hex digits)
//   49      4     backing-key version (unsigned, big-endian)
//   53      12    IV
//   65      16    GCM tag
//   81      n     ciphertext
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AwsError } from '../../errors.js';
import { encodeEncryptionContext } from './encryption-context.js';

const FORMAT = 1;
const HEADER_BYTES = 53;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const BLOB_OVERHEAD = HEADER_BYTES + IV_BYTES + TAG_BYTES;

export interface BlobHeader {
  accountId: string;
  keyId: string;
  version: number;
}

export interface ParsedBlob extends BlobHeader {
  bytes: Buffer;
}

/** InvalidCiphertextException as AWS sends it for a blob that does not authenticate: no message. */
export const invalidCiphertext = () => new AwsError('InvalidCiphertextException', '');

// randomBytes has a fixed cost per call that dominates a 12-byte draw: take IVs from a pool of
// CSPRNG output instead (each IV is used once, then the pool is refilled).
const IV_POOL_BYTES = IV_BYTES * 1024;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;

function freshIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_POOL_BYTES);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

function aad(blob: Buffer, context: Readonly<Record<string, string>> | undefined): Buffer {
  return Buffer.concat([blob.subarray(0, HEADER_BYTES), encodeEncryptionContext(context)]);
}

export function encryptBlob(key: Buffer, header: BlobHeader, plaintext: Uint8Array, context: Readonly<Record<string, string>> | undefined): Buffer {
  const blob = Buffer.allocUnsafe(BLOB_OVERHEAD + plaintext.length);
  blob.writeUInt8(FORMAT, 0);
  blob.write(header.accountId, 1, 12, 'latin1');
  blob.write(header.keyId, 13, 36, 'latin1');
  blob.writeUInt32BE(header.version, 49);
  const iv = freshIv();
  iv.copy(blob, HEADER_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(blob, context));
  const body = cipher.update(plaintext);
  const final = cipher.final();
  body.copy(blob, BLOB_OVERHEAD);
  final.copy(blob, BLOB_OVERHEAD + body.length);
  cipher.getAuthTag().copy(blob, HEADER_BYTES + IV_BYTES);
  return blob;
}

const ACCOUNT = /^\d{12}$/;
const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;

/** The header of a blob, or undefined when the bytes are not a blob of this format. */
export function parseBlob(bytes: Uint8Array): ParsedBlob | undefined {
  const blob = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  if (blob.length < BLOB_OVERHEAD || blob.readUInt8(0) !== FORMAT) return undefined;
  const accountId = blob.toString('latin1', 1, 13);
  const keyId = blob.toString('latin1', 13, 49);
  if (!ACCOUNT.test(accountId) || !KEY_ID.test(keyId)) return undefined;
  return { accountId, keyId, version: blob.readUInt32BE(49), bytes: blob };
}

/** Decrypts a parsed blob; InvalidCiphertextException unless it authenticates with this context. */
export function decryptBlob(key: Buffer, blob: ParsedBlob, context: Readonly<Record<string, string>> | undefined): Buffer {
  const bytes = blob.bytes;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES));
    decipher.setAAD(aad(bytes, context));
    decipher.setAuthTag(bytes.subarray(HEADER_BYTES + IV_BYTES, BLOB_OVERHEAD));
    return Buffer.concat([decipher.update(bytes.subarray(BLOB_OVERHEAD)), decipher.final()]);
  } catch {
    throw invalidCiphertext();
  }
}
