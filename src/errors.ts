// One family of errors for everything that crosses the wire. A handler or pipeline stage throws
// `new AwsError(code, message)`; the protocol layer turns it into the service's wire error:
//   1. if the service's model has an error shape named `code`, that shape gives the wire code
//      (e.g. IAM's NoSuchEntityException is sent as "NoSuchEntity") and the HTTP status;
//   2. otherwise, if `code` is one of the common errors below, the table gives the code and status
//      that this protocol uses for it (AWS names the same failure differently per protocol);
//   3. otherwise the code is sent as is, with `status` (default 400).
// Internal failures never become AwsErrors by accident: the pipeline answers them as the service's
// internal error and logs the cause with the request id.

export type Protocol = 'json' | 'rest-json' | 'query' | 'rest-xml';

export interface AwsErrorOptions {
  /** HTTP status when neither the model nor the common table gives one. */
  status?: number;
  /** Extra members of the error shape (e.g. S3's BucketName), serialized per the model. */
  fields?: Record<string, unknown>;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** False when the fault is the server's (5xx, query protocol's <Type>Receiver</Type>). */
  senderFault?: boolean;
  cause?: unknown;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly fields: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly senderFault: boolean | undefined;

  constructor(code: string, message: string, options: AwsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AwsError';
    this.code = code;
    this.status = options.status;
    this.fields = options.fields;
    this.headers = options.headers;
    this.senderFault = options.senderFault;
  }
}

export function isAwsError(value: unknown): value is AwsError {
  return value instanceof AwsError;
}

type WireCode = readonly [code: string, status: number];
type PerProtocol = Readonly<Record<Protocol, WireCode>>;

const same = (code: string, status: number): PerProtocol => ({
  json: [code, status],
  'rest-json': [code, status],
  query: [code, status],
  'rest-xml': [code, status],
});

/**
 * Failures every service shares, keyed by a protocol-neutral name. The values are what AWS sends for
 * that failure in each protocol: json services (KMS, Secrets Manager, ...) answer 400 with an
 * `...Exception` type; API Gateway-fronted rest-json services (GuardDuty, ...) answer 403 for
 * authentication failures; query services (IAM, STS) and S3 use their own historical codes.
 */
export const COMMON_ERRORS = {
  AccessDenied: {
    json: ['AccessDeniedException', 400],
    'rest-json': ['AccessDeniedException', 403],
    query: ['AccessDenied', 403],
    'rest-xml': ['AccessDenied', 403],
  },
  MissingAuthenticationToken: {
    json: ['MissingAuthenticationTokenException', 400],
    'rest-json': ['MissingAuthenticationTokenException', 403],
    query: ['MissingAuthenticationToken', 403],
    'rest-xml': ['AccessDenied', 403],
  },
  IncompleteSignature: {
    json: ['IncompleteSignatureException', 400],
    'rest-json': ['IncompleteSignatureException', 403],
    query: ['IncompleteSignature', 400],
    'rest-xml': ['AuthorizationHeaderMalformed', 400],
  },
  UnrecognizedClient: {
    json: ['UnrecognizedClientException', 400],
    'rest-json': ['UnrecognizedClientException', 403],
    query: ['InvalidClientTokenId', 403],
    'rest-xml': ['InvalidAccessKeyId', 403],
  },
  InvalidSignature: {
    json: ['InvalidSignatureException', 400],
    'rest-json': ['InvalidSignatureException', 403],
    query: ['SignatureDoesNotMatch', 403],
    'rest-xml': ['SignatureDoesNotMatch', 403],
  },
  /** The request's date is more than 5 minutes from the server's clock. */
  RequestTimeSkewed: {
    json: ['InvalidSignatureException', 400],
    'rest-json': ['InvalidSignatureException', 403],
    query: ['SignatureDoesNotMatch', 403],
    'rest-xml': ['RequestTimeTooSkewed', 403],
  },
  /** A presigned URL used after X-Amz-Date + X-Amz-Expires. */
  PresignedUrlExpired: {
    json: ['InvalidSignatureException', 400],
    'rest-json': ['InvalidSignatureException', 403],
    query: ['SignatureDoesNotMatch', 403],
    'rest-xml': ['AccessDenied', 403],
  },
  ExpiredToken: {
    json: ['ExpiredTokenException', 400],
    'rest-json': ['ExpiredTokenException', 403],
    query: ['ExpiredToken', 403],
    'rest-xml': ['ExpiredToken', 400],
  },
  Validation: {
    json: ['ValidationException', 400],
    'rest-json': ['ValidationException', 400],
    query: ['ValidationError', 400],
    'rest-xml': ['InvalidArgument', 400],
  },
  MissingParameter: {
    json: ['ValidationException', 400],
    'rest-json': ['ValidationException', 400],
    query: ['MissingParameter', 400],
    'rest-xml': ['InvalidArgument', 400],
  },
  /** The body is not well-formed JSON / XML / form data, or a value has the wrong type. */
  Serialization: {
    json: ['SerializationException', 400],
    'rest-json': ['SerializationException', 400],
    query: ['MalformedQueryString', 400],
    'rest-xml': ['MalformedXML', 400],
  },
  UnknownOperation: {
    json: ['UnknownOperationException', 400],
    'rest-json': ['UnknownOperationException', 404],
    query: ['InvalidAction', 400],
    'rest-xml': ['MethodNotAllowed', 405],
  },
  /** An awsQuery request without Action (other protocols have no such parameter: an unknown operation). */
  MissingAction: {
    json: ['UnknownOperationException', 400],
    'rest-json': ['UnknownOperationException', 404],
    query: ['MissingAction', 400],
    'rest-xml': ['MethodNotAllowed', 405],
  },
  /** No service Rampart serves matches the request (unknown target prefix, host, signing name or Version). */
  UnknownService: {
    json: ['UnknownOperationException', 400],
    'rest-json': ['UnknownOperationException', 404],
    query: ['InvalidAction', 400],
    'rest-xml': ['InvalidRequest', 400],
  },
  RequestEntityTooLarge: {
    json: ['RequestEntityTooLargeException', 413],
    'rest-json': ['RequestEntityTooLargeException', 413],
    query: ['RequestEntityTooLarge', 413],
    'rest-xml': ['MaxMessageLengthExceeded', 400],
  },
  Throttling: {
    json: ['ThrottlingException', 400],
    'rest-json': ['ThrottlingException', 429],
    query: ['Throttling', 400],
    'rest-xml': ['SlowDown', 503],
  },
  /** The operation exists in the AWS model but Rampart has no handler for it yet. */
  NotImplemented: same('NotImplemented', 501),
  InternalFailure: {
    json: ['InternalFailure', 500],
    'rest-json': ['InternalServerException', 500],
    query: ['InternalFailure', 500],
    'rest-xml': ['InternalError', 500],
  },
  ServiceUnavailable: {
    json: ['ServiceUnavailableException', 503],
    'rest-json': ['ServiceUnavailableException', 503],
    query: ['ServiceUnavailable', 503],
    'rest-xml': ['ServiceUnavailable', 503],
  },
} as const satisfies Record<string, PerProtocol>;

export type CommonErrorName = keyof typeof COMMON_ERRORS;

export function isCommonError(code: string): code is CommonErrorName {
  return Object.prototype.hasOwnProperty.call(COMMON_ERRORS, code);
}

/** A common error by its protocol-neutral name; the protocol layer picks the wire code. */
export function commonError(name: CommonErrorName, message: string, options: AwsErrorOptions = {}): AwsError {
  return new AwsError(name, message, options);
}

/** The wire code and status a common error has in one protocol. */
export function commonWireCode(name: CommonErrorName, protocol: Protocol): WireCode {
  return COMMON_ERRORS[name][protocol];
}
