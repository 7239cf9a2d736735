// The public types of request authentication (re-exported by ./index.ts).

import type { ChunkSigner } from './chunk-signer.js';
import type { SigningKeyCache } from './signing-key.js';

/** What the credential store returns for an access key id. Treated as immutable once returned. */
export interface Credential {
  accessKeyId: string;
  /** Plaintext only in memory. */
  secretAccessKey: string;
  /** Set for temporary (ASIA...) credentials: requests must carry it as X-Amz-Security-Token. */
  sessionToken?: string;
  /** Milliseconds since the epoch after which a temporary credential is expired. */
  expiresAt?: number;
  /** Whatever the credential store attaches; authentication passes it through untouched. */
  principal: unknown;
}

export interface CredentialResolver {
  resolve(accessKeyId: string): Promise<Credential | undefined>;
}

export interface VerifyOptions {
  /** Milliseconds since the epoch, from Rampart's injectable clock. */
  now: number;
  resolver: CredentialResolver;
  /** Development mode: an unknown access key id is accepted unverified (`unverified: true`). */
  acceptUnknownKeys?: boolean;
  /**
   * S3 rules: the path is signed without normalization or double-encoding, x-amz-content-sha256 is
   * required and checked against the body, every x-amz-* header must be signed, S3's error codes and
   * messages, and a 15 minute clock skew allowance.
   */
  s3?: boolean;
  /** Clock skew allowance (default 5 minutes, 15 for S3). */
  maxSkewMs?: number;
  /** When set, a credential scope naming another service is rejected as AWS does. */
  service?: string;
  /** When set, a credential scope naming another region is rejected as AWS does. */
  region?: string;
  /** Derived signing key cache (default: one shared by the process). */
  signingKeys?: SigningKeyCache;
}

/** No signature at all: the pipeline decides what an anonymous call gets. */
export interface AnonymousAuth {
  kind: 'anonymous';
}

export interface SignedAuth {
  kind: 'signed';
  /** The resolved credential; for an unverified development-mode key, one with an empty secret. */
  credential: Credential;
  /** True when development mode accepted an unknown access key without checking the signature. */
  unverified: boolean;
  accessKeyId: string;
  /** Region and service of the credential scope. */
  region: string;
  service: string;
  /** Milliseconds since the epoch: X-Amz-Date (or Date). */
  signedAt: number;
  presigned: boolean;
  /** Presigned URLs with X-Amz-Expires: the last millisecond at which the URL is valid. */
  expiresAt?: number;
  /** The payload hash that was signed: hex SHA-256, UNSIGNED-PAYLOAD or a STREAMING-... value. */
  payloadHash: string;
  /** The request signature; for aws-chunked uploads, the seed of the chunk signature chain. */
  signature: string;
  /** Lower-case names of the signed headers. */
  signedHeaders: readonly string[];
  /** Verifies aws-chunked chunk signatures (signed streaming payloads with a verified signature). */
  chunkSigner?: ChunkSigner;
}

export type AuthResult = AnonymousAuth | SignedAuth;
