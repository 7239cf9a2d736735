// Policy documents on their way into IAM (and STS): checked by src/iam's parsePolicy as the receiving
// service checks them, its refusal turned into IAM's error (MalformedPolicyDocument, or LimitExceeded
// for a document over its size quota) with AWS's message.
import { AwsError } from '../../errors.js';
import { isPolicyValidationError, parsePolicy, type PolicyKind } from '../../iam/index.js';

export type { PolicyKind };

export interface ValidateOptions {
  /** The size quota; by default the kind's own (managed policies 6,144, trust policies 2,048). */
  maxSize?: number;
}

/** Throws IAM's error for a document AWS would refuse; returns the parsed JSON otherwise. */
export function validatePolicyDocument(text: string, kind: PolicyKind, options: ValidateOptions = {}): Record<string, unknown> {
  try {
    parsePolicy(text, options.maxSize === undefined ? { kind } : { kind, maxSize: options.maxSize });
  } catch (error) {
    if (!isPolicyValidationError(error)) throw error;
    throw new AwsError(error.code === 'LimitExceeded' ? 'LimitExceededException' : 'MalformedPolicyDocumentException', error.message);
  }
  return JSON.parse(text) as Record<string, unknown>;
}

/** IAM counts a policy's size in characters without white space. */
export function policySize(text: string): number {
  return text.replace(/\s+/g, '').length;
}
