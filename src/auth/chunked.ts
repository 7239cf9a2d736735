// Decoding of `Content-Encoding: aws-chunked` bodies (S3 streaming uploads). The body is a series of
//   <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n
// ending with a zero-size chunk, optionally followed by trailing headers (`name:value\r\n`, the
// signed variant ending with `x-amz-trailer-signature:<sig>\r\n`) and an empty line. Which form a
// body has is told by x-amz-content-sha256:
//   STREAMING-AWS4-HMAC-SHA256-PAYLOAD           signed chunks, chained from the seed signature
//   STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER   signed chunks, then signed trailing headers
//   STREAMING-UNSIGNED-PAYLOAD-TRAILER           plain chunks, then trailing headers (checksums)

import type { WireRequest } from '../protocol/wire.js';
import { constantTimeEqual } from './constant-time.js';
import * as fail from './failures.js';
import type { AuthResult } from './types.js';

export interface DecodedBody {
  /** The payload without chunk framing. */
  body: Buffer;
  /** Trailing headers by lower-case name (e.g. x-amz-checksum-crc32), for the caller to verify. */
  trailers: Record<string, string>;
}

interface Mode {
  signed: boolean;
  trailer: boolean;
}

const MODES: Record<string, Mode> = {
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': { signed: true, trailer: false },
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': { signed: true, trailer: true },
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': { signed: false, trailer: true },
};

const CRLF = Buffer.from('\r\n');
const MAX_LINE = 4096;
const SIGNATURE_PREFIX = 'chunk-signature=';
const TRAILER_SIGNATURE = 'x-amz-trailer-signature';

/** Whether a payload hash (x-amz-content-sha256) announces an aws-chunked body. */
export function isStreamingPayload(payloadHash: string | undefined): boolean {
  return payloadHash !== undefined && Object.prototype.hasOwnProperty.call(MODES, payloadHash);
}

/**
 * The payload of a request. Bodies that are not aws-chunked (by x-amz-content-sha256) come back as
 * they are. Chunk signatures are verified when the request signature was (development mode's
 * unverified keys skip them); x-amz-decoded-content-length, when sent, must match; the trailing
 * headers must be the ones x-amz-trailer announced.
 */
export function decodeChunkedBody(req: WireRequest, auth: AuthResult): DecodedBody {
  const payloadHash = auth.kind === 'signed' ? auth.payloadHash : req.headers['x-amz-content-sha256'];
  const mode = isStreamingPayload(payloadHash) ? MODES[payloadHash!] : undefined;
  if (mode === undefined) return { body: req.body, trailers: {} };
  if (mode.signed && auth.kind !== 'signed') throw fail.malformedChunk('signed chunks in a request without a signature');
  const signer = auth.kind === 'signed' ? auth.chunkSigner : undefined;
  const verify = mode.signed && signer !== undefined;
  let previous = auth.kind === 'signed' ? auth.signature : '';

  const raw = req.body;
  const parts: Buffer[] = [];
  let total = 0;
  let pos = 0;
  for (;;) {
    const lineEnd = raw.indexOf(CRLF, pos);
    if (lineEnd < 0) throw raw.length - pos > MAX_LINE ? fail.malformedChunk('chunk header too long') : fail.incompleteBody();
    if (lineEnd - pos > MAX_LINE) throw fail.malformedChunk('chunk header too long');
    const line = raw.toString('latin1', pos, lineEnd);
    const semicolon = line.indexOf(';');
    const sizeText = semicolon < 0 ? line : line.slice(0, semicolon);
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw fail.malformedChunk(`invalid chunk size '${sizeText.slice(0, 32)}'`);
    const size = parseInt(sizeText, 16);
    let signature = '';
    if (mode.signed) {
      const extension = semicolon < 0 ? '' : line.slice(semicolon + 1);
      if (!extension.startsWith(SIGNATURE_PREFIX)) throw fail.malformedChunk('missing chunk-signature');
      signature = extension.slice(SIGNATURE_PREFIX.length);
    }
    pos = lineEnd + 2;
    if (pos + size > raw.length) throw fail.incompleteBody();
    const data = raw.subarray(pos, pos + size);
    if (verify && !constantTimeEqual(signer.chunkSignature(previous, data), signature)) throw fail.chunkSignatureMismatch();
    previous = signature;
    pos += size;
    if (size === 0) break;
    if (pos + 2 > raw.length) throw fail.incompleteBody();
    if (raw[pos] !== 0x0d || raw[pos + 1] !== 0x0a) throw fail.malformedChunk('chunk data not followed by CRLF');
    pos += 2;
    parts.push(data);
    total += size;
  }

  const trailers = readTrailers(raw, pos, mode);
  if (mode.signed && mode.trailer && verify) {
    const sent = trailers.signature;
    if (sent === undefined) throw fail.malformedTrailer();
    if (!constantTimeEqual(signer.trailerSignature(previous, trailers.canonical), sent)) throw fail.chunkSignatureMismatch();
  }
  checkDeclaredTrailers(req.headers['x-amz-trailer'], trailers.values);

  const declaredLength = req.headers['x-amz-decoded-content-length'];
  if (declaredLength !== undefined && (!/^\d+$/.test(declaredLength) || Number(declaredLength) !== total)) {
    throw fail.incompleteBody('You did not provide the number of bytes specified by the Content-Length HTTP header');
  }
  return { body: parts.length === 1 ? parts[0] : Buffer.concat(parts, total), trailers: trailers.values };
}

interface Trailers {
  values: Record<string, string>;
  /** `name:value\n` for each trailer but the signature, as the trailer signature covers them. */
  canonical: string;
  signature?: string;
}

/** Trailing headers after the final chunk, up to an empty line (or the end: SDKs omit the empty line when there are no trailers). */
function readTrailers(raw: Buffer, start: number, mode: Mode): Trailers {
  // No prototype: a trailer named __proto__ must stay a plain entry.
  const trailers: Trailers = { values: Object.create(null) as Record<string, string>, canonical: '' };
  let pos = start;
  while (pos < raw.length) {
    const lineEnd = raw.indexOf(CRLF, pos);
    if (lineEnd < 0) throw fail.malformedTrailer();
    const line = raw.toString('latin1', pos, lineEnd);
    pos = lineEnd + 2;
    if (line === '') {
      if (pos !== raw.length) throw fail.malformedChunk('data after the final chunk');
      return trailers;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || !mode.trailer) throw fail.malformedTrailer();
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === TRAILER_SIGNATURE && mode.signed) {
      trailers.signature = value;
    } else {
      if (trailers.signature !== undefined || Object.prototype.hasOwnProperty.call(trailers.values, name)) throw fail.malformedTrailer();
      trailers.values[name] = value;
      trailers.canonical += name + ':' + value + '\n';
    }
  }
  return trailers;
}

/** Trailers received must be exactly those x-amz-trailer announced. */
function checkDeclaredTrailers(declaredHeader: string | undefined, values: Record<string, string>): void {
  const declared = (declaredHeader ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const received = Object.keys(values);
  if (received.length !== declared.length || !declared.every((name) => Object.prototype.hasOwnProperty.call(values, name))) {
    throw fail.malformedTrailer();
  }
}
