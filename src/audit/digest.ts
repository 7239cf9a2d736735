// CloudTrail digest files: every hour, a trail with log file validation writes, per region, a JSON
// document naming the log files it delivered in that hour with the SHA-256 of each (of the
// uncompressed file), chained to the previous digest by its place, hash and signature. The digest is
// signed with SHA256withRSA over CloudTrail's data-signing string:
//
//   <digestEndTime>\n<digestS3Bucket>/<digestS3Object>\n<hex SHA-256 of the uncompressed digest>\n<previous digest's signature, or null>
//
// and the signature travels, hex-encoded, beside the object (S3 metadata; a sidecar file here).
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export const SIGNATURE_ALGORITHM = 'SHA256withRSA';
export const HASH_ALGORITHM = 'SHA-256';

export interface DigestLogFile {
  s3Bucket: string;
  s3Object: string;
  /** Hex SHA-256 of the uncompressed log file. */
  hashValue: string;
  hashAlgorithm: typeof HASH_ALGORITHM;
  newestEventTime: string;
  oldestEventTime: string;
}

/** The previous digest of the same chain, as a digest records it. */
export interface DigestLink {
  bucket: string;
  key: string;
  /** Hex SHA-256 of the previous digest file, uncompressed. */
  hashValue: string;
  /** Hex signature of the previous digest. */
  signature: string;
}

export interface DigestDocument {
  awsAccountId: string;
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm: typeof SIGNATURE_ALGORITHM;
  newestEventTime: string | null;
  oldestEventTime: string | null;
  previousDigestS3Bucket: string | null;
  previousDigestS3Object: string | null;
  previousDigestHashValue: string | null;
  previousDigestHashAlgorithm: string | null;
  previousDigestSignature: string | null;
  logFiles: DigestLogFile[];
}

export interface DigestInput {
  accountId: string;
  startTime: string;
  endTime: string;
  bucket: string;
  key: string;
  fingerprint: string;
  previous: DigestLink | undefined;
  logFiles: readonly DigestLogFile[];
}

export function buildDigest(input: DigestInput): DigestDocument {
  // ISO times of one format compare as strings.
  const newest = input.logFiles.reduce<string | null>((max, f) => (max === null || f.newestEventTime > max ? f.newestEventTime : max), null);
  const oldest = input.logFiles.reduce<string | null>((min, f) => (min === null || f.oldestEventTime < min ? f.oldestEventTime : min), null);
  return {
    awsAccountId: input.accountId,
    digestStartTime: input.startTime,
    digestEndTime: input.endTime,
    digestS3Bucket: input.bucket,
    digestS3Object: input.key,
    digestPublicKeyFingerprint: input.fingerprint,
    digestSignatureAlgorithm: SIGNATURE_ALGORITHM,
    newestEventTime: newest,
    oldestEventTime: oldest,
    previousDigestS3Bucket: input.previous?.bucket ?? null,
    previousDigestS3Object: input.previous?.key ?? null,
    previousDigestHashValue: input.previous?.hashValue ?? null,
    previousDigestHashAlgorithm: input.previous ? HASH_ALGORITHM : null,
    previousDigestSignature: input.previous?.signature ?? null,
    logFiles: input.logFiles.map((f) => ({ ...f })),
  };
}

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** CloudTrail's data-signing string for a digest (see the header). */
export function digestSigningString(
  digest: Pick<DigestDocument, 'digestEndTime' | 'digestS3Bucket' | 'digestS3Object' | 'previousDigestSignature'>,
  uncompressedDigest: string | Uint8Array,
): string {
  return [
    digest.digestEndTime,
    `${digest.digestS3Bucket}/${digest.digestS3Object}`,
    sha256Hex(uncompressedDigest),
    digest.previousDigestSignature ?? 'null',
  ].join('\n');
}

/** SHA256withRSA (PKCS #1 v1.5), hex-encoded as CloudTrail stores it. */
export function signDigest(privateKey: KeyObject, signingString: string): string {
  return sign('sha256', Buffer.from(signingString, 'utf8'), privateKey).toString('hex');
}

/** Checks a hex signature with an RSA public key in PKCS #1 DER (what ListPublicKeys returns). */
export function verifyDigestSignature(publicKeyPkcs1Der: Uint8Array, signingString: string, signatureHex: string): boolean {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(signatureHex)) return false;
  const key = createPublicKey({ key: Buffer.from(publicKeyPkcs1Der), format: 'der', type: 'pkcs1' });
  return verify('sha256', Buffer.from(signingString, 'utf8'), key, Buffer.from(signatureHex, 'hex'));
}

/**
 * A public key's fingerprint, as digests name their key: the hex MD5 of its PKCS #1 DER encoding. (MD5
 * only identifies the key here; the signature itself is SHA-256.)
 */
export function publicKeyFingerprint(publicKeyPkcs1Der: Uint8Array): string {
  return createHash('md5').update(publicKeyPkcs1Der).digest('hex');
}
