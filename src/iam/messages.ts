// What each AWS service says when it refuses a policy document. A failure is found once, as a reason;
// its wording depends on who is asking: IAM and STS (identity policies, permissions boundaries, session
// and trust policies), resource-policy services (S3's wording, which most resource policies share), KMS
// key policies, and Organizations (SCPs and RCPs say one sentence for everything).
// Sources: the IAM texts are those CreatePolicy / PutUserPolicy / CreateRole answer (as recorded by
// moto's tests against AWS and seen in public issues); the resource-policy texts are S3's
// PutBucketPolicy answers; KMS's invalid-principal text is what CreateKey / PutKeyPolicy answer.

export type PolicyKind = 'identity' | 'resource' | 'trust' | 'boundary' | 'session' | 'scp' | 'rcp';

/** The wording family of a refusal. */
export type Dialect = 'iam' | 'resource' | 'kms' | 'organizations';

export type FailureReason =
  | 'tooLarge'
  | 'invalidJson'
  | 'syntax'
  | 'unknownField'
  | 'missingStatement'
  | 'emptyStatement'
  | 'duplicateElement'
  | 'missingEffect'
  | 'invalidEffect'
  | 'invalidVersion'
  | 'versionTooOld'
  | 'legacyParsing'
  | 'duplicateSid'
  | 'invalidSid'
  | 'missingActions'
  | 'missingResources'
  | 'invalidResource'
  | 'invalidAction'
  | 'unknownConditionOperator'
  | 'principalNotAllowed'
  | 'missingPrincipal'
  | 'invalidPrincipal'
  | 'resourceNotAllowed'
  | 'trustActionNotAllowed';

export interface Failure {
  reason: FailureReason;
  /** The offending value where the message names it (an element name, a principal, the size limit). */
  detail?: string;
  /** IAM's resource and action checks carry their own precise text. */
  iamText?: string;
}

export function dialectOf(kind: PolicyKind, service: string | undefined): Dialect {
  if (kind === 'scp' || kind === 'rcp') return 'organizations';
  if (kind === 'resource') return service === 'kms' ? 'kms' : 'resource';
  return 'iam';
}

const SYNTAX = 'Syntax errors in policy.';

function iamMessage(failure: Failure, kind: PolicyKind): string {
  if (failure.iamText) return failure.iamText;
  switch (failure.reason) {
    case 'tooLarge':
      return kind === 'trust' ? `Cannot exceed quota for ACLSizePerRole: ${failure.detail}` : `Cannot exceed quota for PolicySize: ${failure.detail}`;
    case 'versionTooOld':
      return 'Policy document must be version 2012-10-17 or greater.';
    case 'legacyParsing':
      return 'The policy failed legacy parsing';
    case 'duplicateSid':
      return 'Statement IDs (SID) in a single policy must be unique.';
    case 'invalidSid':
      return 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*';
    case 'missingActions':
      return 'Policy statement must contain actions.';
    case 'missingResources':
      return 'Policy statement must contain resources.';
    case 'principalNotAllowed':
      return 'Policy document should not specify a principal.';
    case 'missingPrincipal':
      return 'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!';
    case 'invalidPrincipal':
      return `Invalid principal in policy: ${failure.detail}`;
    case 'resourceNotAllowed':
      return 'Has prohibited field Resource.';
    case 'trustActionNotAllowed':
      return 'Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML, and sts:AssumeRoleWithWebIdentity';
    default:
      return SYNTAX;
  }
}

function resourceMessage(failure: Failure): string {
  switch (failure.reason) {
    case 'tooLarge':
      return 'Policy exceeds the maximum allowed document size.';
    case 'invalidJson':
      return failure.detail === 'first-byte' ? "Policies must be valid JSON and the first byte must be '{'" : 'This policy contains invalid Json';
    case 'unknownField':
      return `Unknown field ${failure.detail}`;
    case 'missingStatement':
      return 'Missing required field Statement';
    case 'emptyStatement':
      return 'Could not parse the policy: Statement is empty!';
    case 'duplicateElement':
      return `Statement/policy already has instance of ${failure.detail}`;
    case 'missingEffect':
      return 'Missing required field Effect';
    case 'invalidEffect':
      return `Invalid effect: ${failure.detail}`;
    case 'invalidVersion':
      return 'The policy must contain a valid version string';
    case 'duplicateSid':
      return 'Statement IDs (SID) in a single policy must be unique.';
    case 'missingActions':
      return 'Missing required field Action';
    case 'missingResources':
      return 'Missing required field Resource';
    case 'invalidResource':
      return 'Policy has invalid resource';
    case 'invalidAction':
      return 'Policy has invalid action';
    case 'unknownConditionOperator':
      return `Invalid Condition type : ${failure.detail}`;
    case 'missingPrincipal':
      return 'Missing required field Principal';
    case 'invalidPrincipal':
      return 'Invalid principal in policy';
    default:
      return 'Invalid policy syntax.';
  }
}

/** The text AWS would answer for this failure of a policy of this kind. */
export function failureMessage(failure: Failure, kind: PolicyKind, dialect: Dialect): string {
  switch (dialect) {
    case 'iam':
      return iamMessage(failure, kind);
    case 'organizations':
      return 'The provided policy document does not meet the requirements of the specified policy type.';
    case 'kms':
      if (failure.reason === 'missingPrincipal' || failure.reason === 'invalidPrincipal') {
        return 'Policy contains a statement with one or more invalid principals.';
      }
      return resourceMessage(failure);
    case 'resource':
      return resourceMessage(failure);
  }
}
