// AWS Signature Version 4 verification of one request, before its body is parsed. Order of checks:
// the signature parameters' shape, scope and signed headers, the clock, the payload hash, the
// credential and its session token, the signature, and (S3) the body against x-amz-content-sha256.

import { hash } from 'node:crypto';
import type { WireRequest } from '../protocol/wire.js';
import { canonicalRequest, stringToSign } from './canonical.js';
import { ChunkSigner } from './chunk-signer.js';
import { constantTimeEqual } from './constant-time.js';
import * as fail from './failures.js';
import { readSignature, type SignatureParams } from './parse.js';
import { hmacHex, sharedSigningKeys } from './signing-key.js';
import type { AnonymousAuth, AuthResult, Credential, SignedAuth, VerifyOptions } from './types.js';

const ANONYMOUS: AnonymousAuth = Object.freeze({ kind: 'anonymous' });
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const STREAMING_PAYLOADS = new Set([
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
]);
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const MINUTE = 60_000;

/**
 * Authenticates a request. Resolves `{ kind: 'anonymous' }` when it carries no signature at all,
 * the signed identity otherwise; throws an AwsError (COMMON_ERRORS names, AWS's messages) when the
 * signature is malformed, stale, unknown or wrong.
 */
export async function authenticate(req: WireRequest, options: VerifyOptions): Promise<AuthResult> {
  const s3 = options.s3 === true;
  const sig = readSignature(req, s3);
  if (sig === undefined) return ANONYMOUS;

  if (options.region !== undefined && sig.region !== options.region) throw fail.wrongRegion(sig.region, options.region, s3, sig.presigned);
  if (options.service !== undefined && sig.service !== options.service) {
    throw fail.wrongService(sig.service, options.service, s3, sig.presigned);
  }
  checkSignedHeaders(req, sig, s3);
  const expiresAt = checkTime(sig, options.now, options.maxSkewMs ?? (s3 ? 15 : 5) * MINUTE, s3);
  const candidates = payloadHashes(req, sig, s3);

  const credential = await options.resolver.resolve(sig.accessKeyId);
  if (credential === undefined) {
    if (options.acceptUnknownKeys !== true) throw fail.unknownAccessKey(sig.accessKeyId, s3);
    checkBody(req, candidates[0], s3);
    return result(sig, unverifiedCredential(sig.accessKeyId), true, candidates[0], expiresAt, undefined);
  }
  checkToken(credential, sig, options.now, s3);

  const key = (options.signingKeys ?? sharedSigningKeys).get(credential, sig.scopeDate, sig.region, sig.service);
  let first: { canonical: string; toSign: string } | undefined;
  for (const payloadHash of candidates) {
    const canonical = canonicalRequest(req, sig, payloadHash, s3);
    const toSign = stringToSign(sig.amzDate, sig.credentialScope, canonical);
    if (constantTimeEqual(hmacHex(key, toSign), sig.signature)) {
      checkBody(req, payloadHash, s3);
      const chunkSigner = payloadHash.startsWith('STREAMING-AWS4-HMAC') ? new ChunkSigner(key, sig.amzDate, sig.credentialScope) : undefined;
      return result(sig, credential, false, payloadHash, expiresAt, chunkSigner);
    }
    first ??= { canonical, toSign };
  }
  throw new fail.SignatureMismatchError(
    { canonicalRequest: first!.canonical, stringToSign: first!.toSign, accessKeyId: sig.accessKeyId, signatureProvided: sig.signature },
    s3,
  );
}

function result(
  sig: SignatureParams,
  credential: Credential,
  unverified: boolean,
  payloadHash: string,
  expiresAt: number | undefined,
  chunkSigner: ChunkSigner | undefined,
): SignedAuth {
  const auth: SignedAuth = {
    kind: 'signed',
    credential,
    unverified,
    accessKeyId: sig.accessKeyId,
    region: sig.region,
    service: sig.service,
    signedAt: sig.signedAt,
    presigned: sig.presigned,
    payloadHash,
    signature: sig.signature,
    signedHeaders: sig.signedHeaderNames,
  };
  if (expiresAt !== undefined) auth.expiresAt = expiresAt;
  if (chunkSigner !== undefined) auth.chunkSigner = chunkSigner;
  return auth;
}

function unverifiedCredential(accessKeyId: string): Credential {
  return { accessKeyId, secretAccessKey: '', principal: undefined };
}

/** `host` must always be signed; S3 also refuses any x-amz-* header that is present but unsigned. */
function checkSignedHeaders(req: WireRequest, sig: SignatureParams, s3: boolean): void {
  const signed = sig.signedHeaderNames;
  if (!s3) {
    if (!signed.includes('host')) throw fail.hostNotSigned();
    return;
  }
  const unsigned: string[] = [];
  if (!signed.includes('host')) unsigned.push('host');
  for (const name in req.headers) {
    if (name.startsWith('x-amz-') && !signed.includes(name) && req.headers[name] !== undefined) unsigned.push(name);
  }
  if (unsigned.length > 0) throw fail.headersNotSigned(unsigned);
}

/**
 * A header-signed request must be dated within the skew allowance of `now`. A presigned URL with
 * X-Amz-Expires is valid from its date (less the allowance) until date + expires; returns that end.
 */
function checkTime(sig: SignatureParams, now: number, skewMs: number, s3: boolean): number | undefined {
  if (sig.presigned && sig.expiresSec !== undefined) {
    const expiresAt = sig.signedAt + sig.expiresSec * 1000;
    if (now > expiresAt) throw fail.presignedExpired(sig.expiresSec, expiresAt, now, s3);
    if (sig.signedAt - now > skewMs) {
      throw s3 ? fail.presignedNotYetValid(sig.signedAt, expiresAt, now) : fail.timeSkewed(sig.signedAt, now, skewMs, false);
    }
    return expiresAt;
  }
  if (Math.abs(now - sig.signedAt) > skewMs) throw fail.timeSkewed(sig.signedAt, now, skewMs, s3);
  return undefined;
}

/**
 * The payload hashes the signature may have been computed over, in the order to try them.
 *
 * S3 signs whatever x-amz-content-sha256 says (required on header-signed requests; a hex value is
 * checked against the body afterwards), and UNSIGNED-PAYLOAD in presigned URLs. The other services
 * always sign the body's hash: their SDKs send x-amz-content-sha256 as a signed header but the
 * service hashes the body itself. Presigned URLs for them are signed over the body hash by the
 * JavaScript SDK and over UNSIGNED-PAYLOAD by botocore, the AWS CLI and others; both are accepted.
 */
function payloadHashes(req: WireRequest, sig: SignatureParams, s3: boolean): string[] {
  if (!s3) {
    const bodyHash = hash('sha256', req.body, 'hex');
    return sig.presigned ? [bodyHash, UNSIGNED_PAYLOAD] : [bodyHash];
  }
  const claimed = sig.presigned ? (sig.contentSha256 ?? UNSIGNED_PAYLOAD) : req.headers['x-amz-content-sha256'];
  if (claimed === undefined) throw fail.contentSha256Missing();
  if (claimed === UNSIGNED_PAYLOAD || SHA256_HEX.test(claimed) || (!sig.presigned && STREAMING_PAYLOADS.has(claimed))) {
    return [claimed];
  }
  throw fail.contentSha256Invalid();
}

/** S3: a hex x-amz-content-sha256 must be the body's hash. */
function checkBody(req: WireRequest, payloadHash: string, s3: boolean): void {
  if (!s3 || !SHA256_HEX.test(payloadHash)) return;
  const computed = hash('sha256', req.body, 'hex');
  if (computed !== payloadHash.toLowerCase()) throw fail.contentSha256Mismatch(payloadHash, computed);
}

/**
 * A temporary credential needs its session token, sent as X-Amz-Security-Token, and must not be
 * expired; a long-term credential must not come with a token (AWS answers both as an invalid token).
 */
function checkToken(credential: Credential, sig: SignatureParams, now: number, s3: boolean): void {
  const sent = sig.securityToken;
  if (credential.sessionToken !== undefined && credential.sessionToken !== '') {
    if (sent === undefined || !constantTimeEqual(sent, credential.sessionToken)) throw fail.invalidToken(sig.accessKeyId, sent !== undefined, s3);
  } else if (sent !== undefined) {
    throw fail.invalidToken(sig.accessKeyId, true, s3);
  }
  if (credential.expiresAt !== undefined && now >= credential.expiresAt) throw fail.expiredToken(s3);
}
