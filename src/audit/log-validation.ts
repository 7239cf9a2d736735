// Log file integrity validation, as `aws cloudtrail validate-logs` does it: start at the newest digest
// of the trail's chain in the time range and walk back along each digest's link to the previous one.
// Every digest must open (gzip, JSON, CloudTrail's fields), sit where it says it was delivered, carry
// a SHA256withRSA signature by a known public key over CloudTrail's data-signing string, and (beyond
// what the AWS CLI checks) be the digest its successor recorded, by hash and signature. Every log file
// a valid digest names must exist and hash to the recorded value. Deleting, changing, moving or
// reordering files therefore shows up as an invalid or missing digest or log file.
import { gunzipSync } from 'node:zlib';
import type { LogSource } from './destination.js';
import { digestSigningString, sha256Hex, SIGNATURE_ALGORITHM, verifyDigestSignature, type DigestDocument, type DigestLogFile } from './digest.js';
import { digestFolder, digestKeyPattern, parseDigestKeyTime, type DigestChainName } from './trail-files.js';

export interface ValidationKey {
  fingerprint: string;
  /** RSA public key, PKCS #1 DER. */
  der: Buffer;
  /** When the key signed; absent for a key given without validity (a PEM file). */
  validityStart?: number;
  validityEnd?: number;
}

export interface ValidationRequest extends DigestChainName {
  source: LogSource;
  bucket: string;
  start: number;
  end: number;
  /** The public keys for a time range (ListPublicKeys, or fixed keys). */
  publicKeys(start: number, end: number): Promise<ValidationKey[]>;
}

export type Finding =
  | { kind: 'digest' | 'log'; valid: true; location: string }
  | { kind: 'digest' | 'log'; valid: false; location: string; reason: string }
  | { kind: 'gap'; from: number; to: number };

export interface ValidationSummary {
  digests: { valid: number; invalid: number };
  logs: { valid: number; invalid: number };
  /** The span the valid digests cover, within the requested range. */
  foundStart?: number;
  foundEnd?: number;
}

const HOUR_MS = 3_600_000;
const REQUIRED_FIELDS = ['digestPublicKeyFingerprint', 'digestS3Bucket', 'digestS3Object', 'previousDigestSignature', 'digestEndTime', 'digestStartTime'] as const;

class InvalidDigest extends Error {}
class MissingObject extends Error {}

interface ListedDigest {
  key: string;
  time: number;
}

/** Validates one trail's chain of digests (for one region) and their log files; reports each finding as it is made. */
export async function validateLogs(request: ValidationRequest, report: (finding: Finding) => void): Promise<ValidationSummary> {
  const summary: ValidationSummary = { digests: { valid: 0, invalid: 0 }, logs: { valid: 0, invalid: 0 } };
  const pattern = digestKeyPattern(request);
  // Digests named from the start (less a minute, as the AWS CLI lists) to an hour past the end.
  const listed: ListedDigest[] = (await request.source.listFolder(request.bucket, digestFolder(request)))
    .map((key) => ({ key, time: parseDigestKeyTime(pattern.exec(key)?.[1] ?? '') }))
    .filter((d) => Number.isFinite(d.time) && d.time >= request.start - 60_000 && d.time <= request.end + HOUR_MS)
    .sort((a, b) => a.time - b.time);
  if (listed.length === 0) return summary;

  const keys = new Map<string, ValidationKey>();
  for (const key of await request.publicKeys(request.start, request.end + 2 * HOUR_MS)) keys.set(key.fingerprint, key);

  const location = (bucket: string, key: string) => request.source.location(bucket, key);
  /** The newest listed digest older than `time` (dropping everything newer from the list). */
  const olderThan = (time: number): ListedDigest | undefined => {
    while (listed.length > 0) {
      const next = listed.pop()!;
      if (next.time < time) return next;
    }
    return undefined;
  };

  let bucket = request.bucket;
  let current: ListedDigest | undefined = listed.pop();
  let lastStart = current?.time ?? 0;
  /** What the digest after this one recorded about it. */
  let expected: { hashValue: string; signature: string } | undefined;
  while (current && request.start <= lastStart) {
    const at = location(bucket, current.key);
    let digest: DigestDocument;
    try {
      digest = await loadDigest(request, keys, bucket, current.key, expected);
    } catch (error) {
      summary.digests.invalid++;
      const missing = error instanceof MissingObject;
      report({ kind: 'digest', valid: false, location: at, reason: missing ? 'not found' : (error as Error).message });
      current = olderThan(current.time);
      expected = undefined;
      continue;
    }
    summary.digests.valid++;
    report({ kind: 'digest', valid: true, location: at });
    const startTime = Date.parse(digest.digestStartTime);
    const endTime = Date.parse(digest.digestEndTime);
    summary.foundStart = Math.min(summary.foundStart ?? Infinity, Math.max(startTime, request.start));
    summary.foundEnd = Math.max(summary.foundEnd ?? -Infinity, Math.min(endTime, request.end));
    for (const log of digest.logFiles ?? []) {
      const finding = await checkLogFile(request.source, log);
      if (finding.valid) summary.logs.valid++;
      else summary.logs.invalid++;
      report(finding);
    }
    lastStart = startTime;
    if (digest.previousDigestS3Bucket && digest.previousDigestS3Object) {
      expected = { hashValue: digest.previousDigestHashValue ?? '', signature: digest.previousDigestSignature ?? '' };
      bucket = digest.previousDigestS3Bucket;
      const previous = digest.previousDigestS3Object;
      current = { key: previous, time: parseDigestKeyTime(pattern.exec(previous)?.[1] ?? '') };
      // The listing continues below the linked digest.
      while (listed.length > 0 && listed[listed.length - 1].time >= current.time) listed.pop();
    } else {
      // The chain starts here (logging or validation was off before): continue with an older chain.
      expected = undefined;
      const older = olderThan(current.time);
      if (older && request.start <= startTime) report({ kind: 'gap', from: older.time, to: startTime });
      current = older;
    }
  }
  return summary;
}

async function loadDigest(
  request: ValidationRequest,
  keys: ReadonlyMap<string, ValidationKey>,
  bucket: string,
  key: string,
  expected: { hashValue: string; signature: string } | undefined,
): Promise<DigestDocument> {
  const object = await request.source.get(bucket, key);
  if (!object) throw new MissingObject();
  let text: Buffer;
  let digest: DigestDocument;
  try {
    text = gunzipSync(object.body);
    digest = JSON.parse(text.toString('utf8')) as DigestDocument;
  } catch {
    throw new InvalidDigest('invalid format');
  }
  if (typeof digest !== 'object' || digest === null || REQUIRED_FIELDS.some((field) => !(field in digest))) {
    throw new InvalidDigest('invalid format');
  }
  if (digest.digestS3Bucket !== bucket || digest.digestS3Object !== key) throw new InvalidDigest('has been moved from its original location');
  const signature = object.metadata.signature;
  if (!signature || object.metadata['signature-algorithm'] !== SIGNATURE_ALGORITHM) throw new InvalidDigest('signature verification failed');
  const publicKey = keys.get(digest.digestPublicKeyFingerprint);
  if (!publicKey) {
    throw new InvalidDigest(`public key not found in region ${request.region} for fingerprint ${digest.digestPublicKeyFingerprint}`);
  }
  let verified: boolean;
  try {
    verified = verifyDigestSignature(publicKey.der, digestSigningString(digest, text), signature);
  } catch {
    throw new InvalidDigest(`Unable to load PKCS #1 key with fingerprint ${digest.digestPublicKeyFingerprint}`);
  }
  if (!verified) throw new InvalidDigest('signature verification failed');
  // Digest times are whole seconds: compare at that precision.
  const signedAt = Date.parse(digest.digestEndTime);
  const second = (ms: number) => Math.floor(ms / 1000) * 1000;
  if (
    (publicKey.validityStart !== undefined && signedAt < second(publicKey.validityStart)) ||
    (publicKey.validityEnd !== undefined && signedAt > publicKey.validityEnd)
  ) {
    throw new InvalidDigest(`signed with key ${digest.digestPublicKeyFingerprint} outside its validity`);
  }
  if (expected && (sha256Hex(text) !== expected.hashValue || signature !== expected.signature)) {
    throw new InvalidDigest('does not match the hash and signature the next digest recorded for it');
  }
  return digest;
}

async function checkLogFile(source: LogSource, log: DigestLogFile): Promise<Exclude<Finding, { kind: 'gap' }>> {
  const location = source.location(log.s3Bucket, log.s3Object);
  let object;
  try {
    object = await source.get(log.s3Bucket, log.s3Object);
  } catch {
    return { kind: 'log', valid: false, location, reason: 'invalid format' };
  }
  if (!object) return { kind: 'log', valid: false, location, reason: 'not found' };
  let text: Buffer;
  try {
    text = gunzipSync(object.body);
  } catch {
    return { kind: 'log', valid: false, location, reason: 'invalid format' };
  }
  if (sha256Hex(text) !== log.hashValue) return { kind: 'log', valid: false, location, reason: "hash value doesn't match" };
  return { kind: 'log', valid: true, location };
}
