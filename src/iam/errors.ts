// A policy document that AWS would refuse. Carries AWS's text for the refusal; the service that
// received the document turns it into its own error (IAM's MalformedPolicyDocument, KMS's
// MalformedPolicyDocumentException, S3's MalformedPolicy, IAM's LimitExceeded for size).
import type { FailureReason, PolicyKind } from './messages.js';

export class PolicyValidationError extends Error {
  /** What is wrong, independent of wording. */
  readonly reason: FailureReason;
  /** 'LimitExceeded' for a document over the size limit, 'MalformedPolicyDocument' otherwise. */
  readonly code: 'MalformedPolicyDocument' | 'LimitExceeded';
  readonly kind: PolicyKind;

  constructor(message: string, reason: FailureReason, kind: PolicyKind) {
    super(message);
    this.name = 'PolicyValidationError';
    this.reason = reason;
    this.kind = kind;
    this.code = reason === 'tooLarge' ? 'LimitExceeded' : 'MalformedPolicyDocument';
  }
}

export function isPolicyValidationError(value: unknown): value is PolicyValidationError {
  return value instanceof PolicyValidationError;
}
