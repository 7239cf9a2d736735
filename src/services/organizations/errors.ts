// Organizations' errors by their model shape names, with AWS's messages. Where AWS's exact wire text is
// known from real responses it is used; otherwise the text is the API reference's description of the
// error (see the service's report for which is which).
import { AwsError } from '../../errors.js';

export type ConstraintReason =
  | 'ACCOUNT_NUMBER_LIMIT_EXCEEDED'
  | 'OU_NUMBER_LIMIT_EXCEEDED'
  | 'OU_DEPTH_LIMIT_EXCEEDED'
  | 'POLICY_NUMBER_LIMIT_EXCEEDED'
  | 'POLICY_CONTENT_LIMIT_EXCEEDED'
  | 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED'
  | 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED'
  | 'MAX_TAG_LIMIT_EXCEEDED';

export type InvalidInputReason = 'IMMUTABLE_POLICY' | 'NON_DETACHABLE_POLICY' | 'INVALID_NEXT_TOKEN' | 'DUPLICATE_TAG_KEY' | 'INVALID_SYSTEM_TAGS_PARAMETER';

const CONSTRAINT_MESSAGES: Record<ConstraintReason, string> = {
  ACCOUNT_NUMBER_LIMIT_EXCEEDED: 'You have reached the maximum number of accounts in your organization.',
  OU_NUMBER_LIMIT_EXCEEDED: 'You have reached the maximum number of OUs in your organization.',
  OU_DEPTH_LIMIT_EXCEEDED: 'You attempted to create an OU tree that is too many levels deep.',
  POLICY_NUMBER_LIMIT_EXCEEDED: 'You have reached the maximum number of policies of this type in your organization.',
  POLICY_CONTENT_LIMIT_EXCEEDED: 'You attempted to create a policy that is larger than the maximum size.',
  MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: 'You have attached the maximum number of policies to the specified target.',
  MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: 'You cannot remove the last policy attached to the specified target. You must have at least one attached at all times.',
  MAX_TAG_LIMIT_EXCEEDED: 'You have exceeded the number of tags allowed on this resource.',
};

const INVALID_INPUT_MESSAGES: Record<InvalidInputReason, string> = {
  IMMUTABLE_POLICY: "You specified a policy that is managed by AWS and can't be modified.",
  NON_DETACHABLE_POLICY: "You can't detach this AWS Managed Policy.",
  INVALID_NEXT_TOKEN: "You specified an invalid value for the nextToken parameter.",
  DUPLICATE_TAG_KEY: "Tag keys must be unique among the tags attached to the same entity.",
  INVALID_SYSTEM_TAGS_PARAMETER: "You specified a tag key that is a system tag. You can't add, edit, or delete system tag keys because they're reserved for AWS use.",
};

export const constraintViolation = (reason: ConstraintReason) =>
  new AwsError('ConstraintViolationException', CONSTRAINT_MESSAGES[reason], { fields: { Reason: reason } });

export const invalidInput = (reason: InvalidInputReason) => new AwsError('InvalidInputException', INVALID_INPUT_MESSAGES[reason], { fields: { Reason: reason } });

export const notInUse = () => new AwsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
/** A member account calling what only the management account may. */
export const notManagementAccount = () => new AwsError('AccessDeniedException', "You don't have permissions to access this resource.");
export const alreadyInOrganization = () => new AwsError('AlreadyInOrganizationException', 'The provided account is already a member of an organization.');
export const organizationNotEmpty = () =>
  new AwsError('OrganizationNotEmptyException', 'The organization isn\'t empty. To delete an organization, you must first remove all accounts except the management account.');

export const accountNotFound = () => new AwsError('AccountNotFoundException', "You specified an account that doesn't exist.");
export const organizationalUnitNotFound = () => new AwsError('OrganizationalUnitNotFoundException', "You specified an organizational unit that doesn't exist.");
export const parentNotFound = () => new AwsError('ParentNotFoundException', "You specified parent that doesn't exist.");
export const childNotFound = () => new AwsError('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
export const rootNotFound = () => new AwsError('RootNotFoundException', "You specified a root that doesn't exist.");
export const targetNotFound = () => new AwsError('TargetNotFoundException', "You specified a target that doesn't exist.");
export const policyNotFound = () => new AwsError('PolicyNotFoundException', "You specified a policy that doesn't exist.");
export const createAccountStatusNotFound = () =>
  new AwsError('CreateAccountStatusNotFoundException', "We can't find a create account request with the CreateAccountRequestId that you specified.");
export const sourceParentNotFound = () => new AwsError('SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified.");
export const destinationParentNotFound = () =>
  new AwsError('DestinationParentNotFoundException', "We can't find the destination container (a root or OU) with the ParentId that you specified.");

export const duplicateOrganizationalUnit = () => new AwsError('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.');
export const duplicatePolicy = () => new AwsError('DuplicatePolicyException', 'A policy with the same name already exists.');
export const duplicateAccount = () => new AwsError('DuplicateAccountException', 'That account is already present in the specified destination.');
export const duplicatePolicyAttachment = () => new AwsError('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.');
export const policyNotAttached = () => new AwsError('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root.");
export const policyInUse = () =>
  new AwsError('PolicyInUseException', 'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.');
export const organizationalUnitNotEmpty = () =>
  new AwsError(
    'OrganizationalUnitNotEmptyException',
    'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.',
  );
export const policyTypeNotEnabled = () => new AwsError('PolicyTypeNotEnabledException', 'This operation can be performed only for enabled policy types.');
export const policyTypeAlreadyEnabled = () => new AwsError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.');
export const policyTypeNotAvailable = () =>
  new AwsError('PolicyTypeNotAvailableForOrganizationException', "You can't use the specified policy type with the feature set currently enabled for this organization.");
export const malformedPolicyDocument = (message: string) => new AwsError('MalformedPolicyDocumentException', message);

/** Policy types of the model that Rampart does not evaluate or store (tag, backup, AI opt-out, ... policies). */
export const policyTypeNotImplemented = (type: string) => new AwsError('NotImplemented', `Rampart does not implement Organizations policies of type ${type} yet.`);

// Organizations does not answer model validation failures with ValidationException: it answers
// InvalidInputException naming the kind of failure in Reason (the API reference's reason list).
const VALIDATION_REASONS: [RegExp, string, string][] = [
  [/regular expression pattern/, 'INVALID_PATTERN', 'You provided a value that does not match the required pattern.'],
  [/enum value set/, 'INVALID_ENUM', 'You specified an invalid value.'],
  [/have length less than or equal/, 'MAX_LENGTH_EXCEEDED', 'You provided a string parameter that is longer than allowed.'],
  [/have length greater than or equal/, 'MIN_LENGTH_EXCEEDED', 'You provided a string parameter that is shorter than allowed.'],
  [/have value less than or equal/, 'MAX_VALUE_EXCEEDED', 'You provided a numeric parameter that has a larger value than allowed.'],
  [/have value greater than or equal/, 'MIN_VALUE_EXCEEDED', 'You provided a numeric parameter that has a smaller value than allowed.'],
  [/must not be null|is required/, 'INPUT_REQUIRED', 'You must provide a value for all required parameters.'],
];

/** The service's answer to input the model's validation refused. */
export function invalidInputFromValidation(error: AwsError): AwsError {
  const [, reason, message] = VALIDATION_REASONS.find(([pattern]) => pattern.test(error.message)) ?? [undefined, 'INVALID_INPUT', 'The requested operation failed because you provided invalid values for one or more of the request parameters.'];
  return new AwsError('InvalidInputException', message, { fields: { Reason: reason } });
}
