// AWS Signature Version 4 authentication: the request pipeline calls `authenticate` once per request,
// before the body is parsed, and `decodeChunkedBody` for S3 streaming uploads.
//
//   const auth = await authenticate(req, { now: clock.now(), resolver, s3: service === 's3' });
//   if (auth.kind === 'anonymous') ...            // no signature: the pipeline decides
//   const { body, trailers } = decodeChunkedBody(req, auth);   // S3: aws-chunked bodies
//
// Failures are AwsErrors named after COMMON_ERRORS entries (IncompleteSignature, UnrecognizedClient,
// InvalidSignature, RequestTimeSkewed, PresignedUrlExpired, ExpiredToken, AccessDenied, Validation)
// or, for S3-only failures, S3's own codes, with AWS's message texts. A wrong signature throws a
// SignatureMismatchError, which also carries the canonical request and string to sign that query
// services (queryMessage()) and S3 (s3Fields()) report back.
//
// `parseCredentialScope` reads the claimed scope without any crypto, so the router can learn the
// signing service before verification.

export { authenticate } from './verify.js';
export { parseCredentialScope, type CredentialScope } from './parse.js';
export { decodeChunkedBody, isStreamingPayload, type DecodedBody } from './chunked.js';
export { SignatureMismatchError } from './failures.js';
export { SigningKeyCache } from './signing-key.js';
export type { ChunkSigner } from './chunk-signer.js';
export type { AnonymousAuth, AuthResult, Credential, CredentialResolver, SignedAuth, VerifyOptions } from './types.js';
