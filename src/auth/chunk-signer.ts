// Signatures of aws-chunked uploads (S3 "STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]"): each chunk
// is signed over the previous chunk's signature, so the chain starts at the request's (seed)
// signature and a chunk cannot be dropped, reordered or altered.

import { hash } from 'node:crypto';
import { hmacHex } from './signing-key.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export class ChunkSigner {
  // Private: the derived key must not show up when an auth result is logged or serialized.
  readonly #key: Buffer;
  readonly #prefix: string;

  constructor(key: Buffer, amzDate: string, credentialScope: string) {
    this.#key = key;
    this.#prefix = amzDate + '\n' + credentialScope + '\n';
  }

  /** The signature of one chunk's data, given the previous signature. */
  chunkSignature(previous: string, data: Uint8Array): string {
    return hmacHex(
      this.#key,
      'AWS4-HMAC-SHA256-PAYLOAD\n' + this.#prefix + previous + '\n' + EMPTY_SHA256 + '\n' + hash('sha256', data, 'hex'),
    );
  }

  /** The signature of the trailing headers, given the final (empty) chunk's signature. */
  trailerSignature(previous: string, canonicalTrailers: string): string {
    return hmacHex(
      this.#key,
      'AWS4-HMAC-SHA256-TRAILER\n' + this.#prefix + previous + '\n' + hash('sha256', canonicalTrailers, 'hex'),
    );
  }
}
