// The SigV4 canonical request and string to sign of a received request.

import { hash } from 'node:crypto';
import type { WireRequest } from '../protocol/wire.js';
import type { SignatureParams } from './parse.js';
import { canonicalQuery, canonicalUri } from './uri.js';

/** A header value with surrounding whitespace trimmed and inner runs of spaces collapsed to one. */
export function canonicalHeaderValue(value: string): string {
  let clean = true;
  for (let i = 0; i < value.length && clean; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0d) clean = false;
    else if (c === 0x20 && (i === 0 || i === value.length - 1 || value.charCodeAt(i + 1) === 0x20)) clean = false;
  }
  if (clean) return value;
  // The same steps as the SDKs' signer: line breaks become spaces, runs of blanks one space.
  return value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
}

/**
 * The canonical request:
 *   method \n canonical URI \n canonical query \n canonical headers \n signed headers \n payload hash
 * Headers are the signed ones, in the order SignedHeaders lists them (clients sort them), each
 * `name:value\n`; a signed header absent from the request has an empty value.
 */
export function canonicalRequest(req: WireRequest, sig: SignatureParams, payloadHash: string, s3: boolean): string {
  let headers = '';
  for (const name of sig.signedHeaderNames) headers += name + ':' + canonicalHeaderValue(req.headers[name] ?? '') + '\n';
  return (
    req.method +
    '\n' +
    canonicalUri(req.path, s3) +
    '\n' +
    canonicalQuery(req.rawQuery, sig.presigned ? 'X-Amz-Signature' : undefined) +
    '\n' +
    headers +
    '\n' +
    sig.signedHeaders +
    '\n' +
    payloadHash
  );
}

export function stringToSign(amzDate: string, credentialScope: string, canonical: string): string {
  return 'AWS4-HMAC-SHA256\n' + amzDate + '\n' + credentialScope + '\n' + hash('sha256', canonical, 'hex');
}
