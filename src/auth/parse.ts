// Reading a request's SigV4 parameters, from the Authorization header or from presigned query
// parameters, with AWS's errors for everything malformed. No crypto and no I/O here.

import type { WireRequest } from '../protocol/wire.js';
import * as fail from './failures.js';
import { parseAmzDate, parseHttpDate, formatAmzDate } from './time.js';
import { queryParams } from './uri.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
const MAX_EXPIRES_SECONDS = 604_800;

export interface SignatureParams {
  presigned: boolean;
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  /** `date/region/service/aws4_request`. */
  credentialScope: string;
  /** The SignedHeaders value as sent (it is signed as sent). */
  signedHeaders: string;
  /** Its names, lower case. */
  signedHeaderNames: string[];
  signature: string;
  /** The request date in ISO 8601 basic format, as it goes into the string to sign. */
  amzDate: string;
  signedAt: number;
  /** Presigned: X-Amz-Expires in seconds, when given. */
  expiresSec?: number;
  securityToken?: string;
  /** Presigned S3: an X-Amz-Content-Sha256 query parameter. */
  contentSha256?: string;
}

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const PRESIGN_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-SignedHeaders',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-Security-Token',
  'X-Amz-Content-Sha256',
  // Signature Version 2 query authentication, refused by S3 as an unsupported mechanism.
  'AWSAccessKeyId',
  'Signature',
] as const;

/** The request's signature parameters, or undefined when it carries no signature at all. */
export function readSignature(req: WireRequest, s3: boolean): SignatureParams | undefined {
  const authorization = req.headers['authorization'];
  // Only parse the query when it can hold signature parameters: header-signed traffic stays cheap.
  const query = /X-Amz-|AWSAccessKeyId/.test(req.rawQuery) ? queryParams(req.rawQuery, PRESIGN_PARAMS) : undefined;
  const presigned = query !== undefined && (query.has('X-Amz-Algorithm') || query.has('X-Amz-Credential') || query.has('X-Amz-Signature'));
  if (authorization !== undefined && authorization !== '') {
    if (presigned) throw fail.bothAuthMechanisms(authorization, s3);
    return fromHeader(authorization, req.headers, s3);
  }
  if (presigned) return fromQuery(query, s3);
  if (s3 && query !== undefined && query.has('AWSAccessKeyId') && query.has('Signature')) throw fail.unsupportedAlgorithm('', true, false);
  return undefined;
}

function fromHeader(header: string, headers: Record<string, string>, s3: boolean): SignatureParams {
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  // S3 rejects any other mechanism (SigV2 "AWS key:signature" included) before looking further.
  if (s3 && algorithm !== ALGORITHM) throw fail.unsupportedAlgorithm(algorithm, true, false);
  let credential = '';
  let signedHeaders = '';
  let signature = '';
  const missing: string[] = [];
  if (space >= 0) {
    for (const piece of header.slice(space + 1).split(',')) {
      const pair = piece.trim();
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      if (eq < 0) {
        if (s3) throw fail.missingAuthorizationParts(['Credential', 'Signature', 'SignedHeaders'], header, true);
        throw fail.notKeyValuePair(pair, header);
      }
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (name === 'Credential') credential = value;
      else if (name === 'SignedHeaders') signedHeaders = value;
      else if (name === 'Signature') signature = value;
    }
  }
  const amzDateHeader = headers['x-amz-date'];
  const dateHeader = amzDateHeader ?? headers['date'];
  if (credential === '') missing.push('Credential');
  if (signature === '') missing.push('Signature');
  if (signedHeaders === '') missing.push('SignedHeaders');
  if (dateHeader === undefined) missing.push('Date');
  if (missing.length > 0) throw fail.missingAuthorizationParts(missing, header, s3);
  if (algorithm !== ALGORITHM) throw fail.unsupportedAlgorithm(algorithm, s3, false);

  const scope = parseScope(credential, s3, false);
  const signedAt = amzDateHeader !== undefined ? parseAmzDate(amzDateHeader) : parseHttpDate(dateHeader!);
  if (signedAt === undefined) throw fail.badDate(dateHeader!, s3, false);
  // The string to sign carries the date in basic format, whichever header gave it.
  const amzDate = amzDateHeader ?? formatAmzDate(signedAt);
  if (scope.date !== amzDate.slice(0, 8)) throw fail.scopeDateMismatch(scope.date, amzDate, s3, false);
  const token = headers['x-amz-security-token'];
  return {
    presigned: false,
    accessKeyId: scope.accessKeyId,
    scopeDate: scope.date,
    region: scope.region,
    service: scope.service,
    credentialScope: `${scope.date}/${scope.region}/${scope.service}/${TERMINATOR}`,
    signedHeaders,
    signedHeaderNames: signedHeaders.toLowerCase().split(';'),
    signature,
    amzDate,
    signedAt,
    securityToken: token === undefined || token === '' ? undefined : token,
  };
}

function fromQuery(query: Map<string, string>, s3: boolean): SignatureParams {
  const required = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'];
  // S3 requires an expiry; the other services fall back to the clock skew window without one.
  if (s3) required.push('X-Amz-Expires');
  const missing = required.filter((name) => !query.get(name));
  if (missing.length > 0) throw fail.missingQueryParameters(missing, s3);
  const algorithm = query.get('X-Amz-Algorithm')!;
  if (algorithm !== ALGORITHM) throw fail.unsupportedAlgorithm(algorithm, s3, true);

  const scope = parseScope(query.get('X-Amz-Credential')!, s3, true);
  const amzDate = query.get('X-Amz-Date')!;
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) throw fail.badDate(amzDate, s3, true);
  if (scope.date !== amzDate.slice(0, 8)) throw fail.scopeDateMismatch(scope.date, amzDate, s3, true);

  let expiresSec: number | undefined;
  const expires = query.get('X-Amz-Expires');
  if (expires !== undefined) {
    if (!/^-?\d{1,15}$/.test(expires)) throw fail.badExpires('number', s3);
    expiresSec = Number(expires);
    if (expiresSec < 0) throw fail.badExpires('negative', s3);
    if (expiresSec > MAX_EXPIRES_SECONDS) throw fail.badExpires('week', s3);
  }
  const signedHeaders = query.get('X-Amz-SignedHeaders')!;
  const token = query.get('X-Amz-Security-Token');
  return {
    presigned: true,
    accessKeyId: scope.accessKeyId,
    scopeDate: scope.date,
    region: scope.region,
    service: scope.service,
    credentialScope: `${scope.date}/${scope.region}/${scope.service}/${TERMINATOR}`,
    signedHeaders,
    signedHeaderNames: signedHeaders.toLowerCase().split(';'),
    signature: query.get('X-Amz-Signature')!,
    amzDate,
    signedAt,
    expiresSec,
    securityToken: token === undefined || token === '' ? undefined : token,
    contentSha256: query.get('X-Amz-Content-Sha256'),
  };
}

function parseScope(credential: string, s3: boolean, presigned: boolean): CredentialScope {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[0] === '' || parts[1] === '' || parts[2] === '' || parts[3] === '') {
    throw fail.malformedCredential(credential, s3, presigned);
  }
  if (parts[4] !== TERMINATOR) throw fail.badTerminator(parts[4], s3, presigned);
  return { accessKeyId: parts[0], date: parts[1], region: parts[2], service: parts[3] };
}

/**
 * The credential scope a request claims, without verifying anything: lets the router learn the
 * signing service (and the access key) before verification. Undefined when there is none or it is
 * malformed.
 */
export function parseCredentialScope(req: WireRequest): CredentialScope | undefined {
  const authorization = req.headers['authorization'];
  let credential: string | undefined;
  if (authorization !== undefined && authorization !== '') {
    const match = /(?:^|[\s,])Credential=([^,\s]*)/.exec(authorization);
    credential = match?.[1];
  } else if (req.rawQuery.includes('X-Amz-Credential=')) {
    credential = queryParams(req.rawQuery, ['X-Amz-Credential']).get('X-Amz-Credential');
  }
  if (credential === undefined) return undefined;
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[0] === '' || parts[2] === '' || parts[3] === '' || parts[4] !== TERMINATOR) return undefined;
  return { accessKeyId: parts[0], date: parts[1], region: parts[2], service: parts[3] };
}
