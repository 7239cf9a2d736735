// The errors authentication throws, with AWS's codes and message texts. Names are COMMON_ERRORS names
// where one fits (the protocol layer picks the wire code); S3-only failures use S3's own codes. S3
// words most failures differently from the other services, hence the `s3` arguments.

import { AwsError } from '../errors.js';
import { formatAmzDate, formatIsoSeconds } from './time.js';

const S3_MALFORMED = 'The authorization header is malformed; ';
const S3_CREDENTIAL_SHAPE = 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';
const S3_QUERY_PARSE = 'Error parsing the X-Amz-Credential parameter; ';

/** Failures of the Authorization header or presigned query parameters themselves. */
function malformed(s3: boolean, presigned: boolean, message: string, fields?: Record<string, unknown>): AwsError {
  if (s3 && presigned) return new AwsError('AuthorizationQueryParametersError', message, { status: 400, fields });
  return new AwsError('IncompleteSignature', message, { fields });
}

export function notKeyValuePair(pair: string, header: string): AwsError {
  return new AwsError(
    'IncompleteSignature',
    `'${pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`,
  );
}

/** `missing` lists what is absent, among 'Credential', 'Signature', 'SignedHeaders' and 'Date'. */
export function missingAuthorizationParts(missing: readonly string[], header: string, s3: boolean): AwsError {
  if (s3) {
    if (missing.length === 1 && missing[0] === 'Date') {
      return new AwsError('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
    }
    return malformed(true, false, S3_MALFORMED + 'the authorization header requires three components: Credential, SignedHeaders, and Signature.');
  }
  const parts = missing.map((part) =>
    part === 'Date'
      ? "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
      : `Authorization header requires '${part}' parameter.`,
  );
  return new AwsError('IncompleteSignature', `${parts.join(' ')} Authorization=${header}`);
}

export function missingQueryParameters(missing: readonly string[], s3: boolean): AwsError {
  if (s3) {
    return malformed(
      true,
      true,
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  const parts = missing.map((name) => `AWS query-string parameters must include '${name}'.`);
  return new AwsError('IncompleteSignature', `${parts.join(' ')} Re-examine the query-string parameters.`);
}

export function bothAuthMechanisms(header: string, s3: boolean): AwsError {
  const message =
    'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified';
  return s3
    ? new AwsError('Validation', message, { fields: { ArgumentName: 'Authorization', ArgumentValue: header } })
    : new AwsError('IncompleteSignature', message);
}

export function unsupportedAlgorithm(algorithm: string, s3: boolean, presigned: boolean): AwsError {
  if (s3 && presigned) return malformed(true, true, 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  if (s3) {
    return new AwsError('InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.', {
      status: 400,
    });
  }
  return new AwsError('IncompleteSignature', `Unsupported AWS 'algorithm': '${algorithm}'.`);
}

export function malformedCredential(credential: string, s3: boolean, presigned: boolean): AwsError {
  if (s3) return malformed(true, presigned, (presigned ? S3_QUERY_PARSE : S3_MALFORMED) + S3_CREDENTIAL_SHAPE);
  return new AwsError(
    'IncompleteSignature',
    `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
  );
}

export function badTerminator(terminator: string, s3: boolean, presigned: boolean): AwsError {
  if (s3) {
    return malformed(true, presigned, `${presigned ? S3_QUERY_PARSE : S3_MALFORMED}incorrect terminal "${terminator}". This endpoint uses "aws4_request".`);
  }
  return new AwsError('InvalidSignature', `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `);
}

export function badDate(value: string, s3: boolean, presigned: boolean): AwsError {
  if (s3 && presigned) return malformed(true, true, `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`);
  if (s3) return new AwsError('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  return new AwsError('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`);
}

export function scopeDateMismatch(scopeDate: string, amzDate: string, s3: boolean, presigned: boolean): AwsError {
  if (s3) return malformed(true, presigned, (presigned ? '' : S3_MALFORMED) + 'Invalid credential date. Date is not the same as X-Amz-Date.');
  return new AwsError(
    'InvalidSignature',
    `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
  );
}

export function wrongRegion(region: string, expected: string, s3: boolean, presigned: boolean): AwsError {
  if (s3) {
    return malformed(true, presigned, `${presigned ? S3_QUERY_PARSE : S3_MALFORMED}the region '${region}' is wrong; expecting '${expected}'`, {
      Region: expected,
    });
  }
  return new AwsError('InvalidSignature', `Credential should be scoped to a valid region, not '${region}'. `);
}

export function wrongService(service: string, expected: string, s3: boolean, presigned: boolean): AwsError {
  if (s3) {
    return malformed(true, presigned, `${presigned ? S3_QUERY_PARSE : S3_MALFORMED}incorrect service "${service}". This endpoint belongs to "${expected}".`);
  }
  return new AwsError('InvalidSignature', `Credential should be scoped to correct service: '${expected}'. `);
}

export function hostNotSigned(): AwsError {
  return new AwsError('IncompleteSignature', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
}

/** S3 refuses requests carrying headers it requires signed (host, x-amz-*) that were not. */
export function headersNotSigned(names: readonly string[]): AwsError {
  return new AwsError('AccessDenied', 'There were headers present in the request which were not signed', {
    fields: { HeadersNotSigned: names.join(', ') },
  });
}

/** A header-signed request (or a presigned URL dated in the future) outside the skew allowance. */
export function timeSkewed(signedAt: number, now: number, skewMs: number, s3: boolean): AwsError {
  if (s3) {
    return new AwsError('RequestTimeSkewed', 'The difference between the request time and the current time is too large.', {
      fields: { RequestTime: formatAmzDate(signedAt), ServerTime: formatIsoSeconds(now), MaxAllowedSkewMilliseconds: skewMs },
    });
  }
  const minutes = `${Math.round(skewMs / 60_000)} min.`;
  const signed = formatAmzDate(signedAt);
  return signedAt < now
    ? new AwsError(
        'RequestTimeSkewed',
        `Signature expired: ${signed} is now earlier than ${formatAmzDate(now - skewMs)} (${formatAmzDate(now)} - ${minutes})`,
      )
    : new AwsError(
        'RequestTimeSkewed',
        `Signature not yet current: ${signed} is still later than ${formatAmzDate(now + skewMs)} (${formatAmzDate(now)} + ${minutes})`,
      );
}

export function presignedExpired(expiresSec: number, expiresAt: number, now: number, s3: boolean): AwsError {
  return new AwsError('PresignedUrlExpired', 'Request has expired', {
    fields: s3 ? { 'X-Amz-Expires': expiresSec, Expires: formatIsoSeconds(expiresAt), ServerTime: formatIsoSeconds(now) } : undefined,
  });
}

export function presignedNotYetValid(signedAt: number, expiresAt: number, now: number): AwsError {
  return new AwsError('AccessDenied', 'Request is not yet valid', {
    fields: { 'X-Amz-Date': signedAt, Expires: formatIsoSeconds(expiresAt), ServerTime: formatIsoSeconds(now) },
  });
}

/** `problem` is 'number', 'negative' or 'week'. */
export function badExpires(problem: 'number' | 'negative' | 'week', s3: boolean): AwsError {
  const message =
    problem === 'number'
      ? 'X-Amz-Expires should be a number'
      : problem === 'negative'
        ? 'X-Amz-Expires must be non-negative'
        : 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds';
  return malformed(s3, true, message);
}

export function unknownAccessKey(accessKeyId: string, s3: boolean): AwsError {
  return s3
    ? new AwsError('UnrecognizedClient', 'The AWS Access Key Id you provided does not exist in our records.', {
        fields: { AWSAccessKeyId: accessKeyId },
      })
    : new AwsError('UnrecognizedClient', 'The security token included in the request is invalid.');
}

/** A session token missing for a temporary credential, wrong, or sent with a long-term credential. */
export function invalidToken(accessKeyId: string, tokenSent: boolean, s3: boolean): AwsError {
  if (!s3) return new AwsError('UnrecognizedClient', 'The security token included in the request is invalid.');
  return tokenSent
    ? new AwsError('InvalidToken', 'The provided token is malformed or otherwise invalid.', { status: 400 })
    : unknownAccessKey(accessKeyId, true);
}

export function expiredToken(s3: boolean): AwsError {
  return new AwsError('ExpiredToken', s3 ? 'The provided token has expired.' : 'The security token included in the request is expired');
}

export function contentSha256Missing(): AwsError {
  return new AwsError('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', { status: 400 });
}

export function contentSha256Invalid(): AwsError {
  return new AwsError(
    'Validation',
    'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
  );
}

export function contentSha256Mismatch(claimed: string, computed: string): AwsError {
  return new AwsError('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", {
    status: 400,
    fields: { ClientComputedContentSHA256: claimed, S3ComputedContentSHA256: computed },
  });
}

const MISMATCH = 'The request signature we calculated does not match the signature you provided.';
const MISMATCH_S3 = `${MISMATCH} Check your key and signing method.`;
const MISMATCH_AWS = `${MISMATCH} Check your AWS Secret Access Key and signing method. Consult the service documentation for details.`;

function spacedHex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex').replace(/(..)(?!$)/g, '$1 ');
}

/**
 * The signature did not match. AWS's query services append the canonical request and string to sign
 * to the message and S3 returns them as error fields; json services send neither. Which applies is
 * the protocol layer's call, so they are kept here, non-enumerable (they echo the request, session
 * token included, and must not land in logs by accident): use `queryMessage()` or `s3Fields()`.
 */
export class SignatureMismatchError extends AwsError {
  declare readonly canonicalRequest: string;
  declare readonly stringToSign: string;
  declare readonly accessKeyId: string;
  declare readonly signatureProvided: string;

  constructor(details: { canonicalRequest: string; stringToSign: string; accessKeyId: string; signatureProvided: string }, s3: boolean) {
    super('InvalidSignature', s3 ? MISMATCH_S3 : MISMATCH_AWS);
    for (const [name, value] of Object.entries(details)) {
      Object.defineProperty(this, name, { value, enumerable: false });
    }
  }

  /** The message as AWS's query protocol services (IAM, STS) write it. */
  queryMessage(): string {
    return `${this.message}\n\nThe Canonical String for this request should have been\n'${this.canonicalRequest}'\n\nThe String-to-Sign should have been\n'${this.stringToSign}'\n`;
  }

  /** The extra members of S3's SignatureDoesNotMatch error. */
  s3Fields(): Record<string, string> {
    return {
      AWSAccessKeyId: this.accessKeyId,
      StringToSign: this.stringToSign,
      SignatureProvided: this.signatureProvided,
      StringToSignBytes: spacedHex(this.stringToSign),
      CanonicalRequest: this.canonicalRequest,
      CanonicalRequestBytes: spacedHex(this.canonicalRequest),
    };
  }
}

/** An aws-chunked chunk (or trailer) whose signature does not continue the chain. */
export function chunkSignatureMismatch(): AwsError {
  return new AwsError('InvalidSignature', MISMATCH_S3);
}

export function incompleteBody(message = 'The request body terminated unexpectedly'): AwsError {
  return new AwsError('IncompleteBody', message, { status: 400 });
}

export function malformedChunk(detail: string): AwsError {
  return new AwsError('InvalidRequest', `Invalid aws-chunked body: ${detail}`, { status: 400 });
}

export function malformedTrailer(): AwsError {
  return new AwsError(
    'MalformedTrailerError',
    'The request contained trailing data that was not well-formed or did not conform to our published schema.',
    { status: 400 },
  );
}
