// Key policies: AWS's default and AWS-managed-key policies, the checks AWS makes of a policy a caller
// supplies (size, grammar, principals), and the policy lockout safety check.
import { AwsError } from '../../errors.js';
import { isPolicyValidationError, parsePolicy } from '../../iam/index.js';
import type { EvaluationPrincipal, EvaluationRequest, EvaluationResult } from '../../iam/types.js';
import type { Principal } from '../../identity/principal.js';
import { isPrincipalArn, isServicePrincipal } from './arns.js';
import { awsPrettyJson } from './policy-json.js';

/** Key policy documents are limited to 32 KB (not adjustable). */
export const MAX_POLICY_BYTES = 32_768;

/** The policy CreateKey attaches when the request has none: the account may use IAM policies for everything. */
export function defaultKeyPolicy(partition: string, accountId: string): string {
  return awsPrettyJson({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  });
}

const SERVICE_NAMES: Record<string, string> = {
  ssm: 'Systems Manager',
  secretsmanager: 'AWS Secrets Manager',
  s3: 'S3',
  ebs: 'EBS',
  rds: 'RDS',
  lambda: 'Lambda',
  dynamodb: 'DynamoDB',
};

/**
 * The policy of an AWS managed key (alias/aws/<service>): everyone in the account may use it through
 * that service, and the account may read its metadata directly.
 */
export function awsManagedKeyPolicy(service: string, partition: string, accountId: string, region: string): string {
  const name = SERVICE_NAMES[service] ?? service;
  const dnsSuffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return awsPrettyJson({
    Version: '2012-10-17',
    Id: `auto-${service}-2`,
    Statement: [
      {
        Sid: `Allow access through ${name} for all principals in the account that are authorized to use ${name}`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': `${service}.${region}.${dnsSuffix}` } },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
        Resource: '*',
      },
    ],
  });
}

// ---- validation ----------------------------------------------------------------------------------

const malformed = (message: string) => new AwsError('MalformedPolicyDocumentException', message);


interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const isStringOrStrings = (value: unknown): value is string | string[] =>
  typeof value === 'string' || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'));

const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

function validPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object' || Array.isArray(principal)) return false;
  const entries = Object.entries(principal as Record<string, unknown>);
  if (entries.length === 0) return false;
  return entries.every(([type, value]) => {
    if (!isStringOrStrings(value)) return false;
    const values = asList(value);
    switch (type) {
      case 'AWS':
        return values.every((v) => v === '*' || /^\d{12}$/.test(v) || isPrincipalArn(v));
      case 'Service':
        return values.every((v) => isServicePrincipal(v));
      case 'Federated':
        return values.every((v) => v.length > 0);
      case 'CanonicalUser':
        return values.every((v) => /^[0-9a-f]{64}$/.test(v));
      default:
        return false;
    }
  });
}

/**
 * The checks AWS makes of a key policy: at most 32 KB (LimitExceededException), the policy grammar and
 * a valid principal in every statement (MalformedPolicyDocumentException, with the IAM policy
 * library's AWS wording). Returns the statements. A statement without Action or Resource is accepted
 * and has no effect, as in AWS.
 */
export function validateKeyPolicy(text: string): Statement[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) {
    throw new AwsError('LimitExceededException', `The key policy exceeds the maximum size of ${MAX_POLICY_BYTES} bytes.`);
  }
  try {
    parsePolicy(text, { kind: 'resource', service: 'kms' });
  } catch (error) {
    if (!isPolicyValidationError(error)) throw error;
    if (error.code === 'LimitExceeded') throw new AwsError('LimitExceededException', error.message);
    throw malformed(error.message);
  }
  const document = JSON.parse(text) as { Statement?: unknown };
  const statements = (Array.isArray(document.Statement) ? document.Statement : [document.Statement]) as Statement[];
  for (const statement of statements) {
    // KMS requires a principal in every statement of a key policy.
    if (statement.Principal === undefined && statement.NotPrincipal === undefined) throw malformed('Policy contains a statement with one or more invalid principals.');
    for (const field of ['Principal', 'NotPrincipal'] as const) {
      if (statement[field] !== undefined && !validPrincipal(statement[field])) throw malformed('Policy contains a statement with one or more invalid principals.');
    }
  }
  return statements;
}

// ---- the lockout safety check --------------------------------------------------------------------

const wildcard = (pattern: string, value: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(value);

function principalNames(principal: Principal): string[] {
  const names = [principal.arn, principal.accountId, `arn:${principal.partition}:iam::${principal.accountId}:root`];
  if (principal.type === 'AssumedRole') {
    const roleName = principal.arn.split(':')[5].split('/')[1];
    names.push(`arn:${principal.partition}:iam::${principal.accountId}:role/${roleName}`);
  }
  return names;
}

function statementApplies(statement: Statement, principal: Principal, action: string, resource: string): boolean {
  if (statement.Principal === undefined) return false; // NotPrincipal statements: left to the evaluator
  const aws = statement.Principal === '*' ? ['*'] : asList(((statement.Principal as Record<string, string | string[]>).AWS ?? []) as string[]);
  const names = principalNames(principal);
  if (!aws.some((p) => p === '*' || names.includes(p))) return false;
  const actionMatches = statement.Action !== undefined ? asList(statement.Action).some((a) => wildcard(a, action)) : statement.NotAction !== undefined && !asList(statement.NotAction).some((a) => wildcard(a, action));
  if (!actionMatches) return false;
  if (statement.Resource !== undefined) return asList(statement.Resource).some((r) => wildcard(r, resource));
  if (statement.NotResource !== undefined) return !asList(statement.NotResource).some((r) => wildcard(r, resource));
  return false;
}

function evaluationPrincipal(principal: Principal, asAccount: boolean): EvaluationPrincipal {
  const root = `arn:${principal.partition}:iam::${principal.accountId}:root`;
  if (asAccount || principal.type === 'Root') return { kind: 'Root', arn: root, accountId: principal.accountId };
  if (principal.type === 'AssumedRole') {
    const roleName = principal.arn.split(':')[5].split('/')[1];
    return { kind: 'AssumedRole', arn: principal.arn, accountId: principal.accountId, roleArn: `arn:${principal.partition}:iam::${principal.accountId}:role/${roleName}` };
  }
  return { kind: principal.type, arn: principal.arn, accountId: principal.accountId };
}

/**
 * The policy lockout safety check: would `policyText` let `caller` call PutKeyPolicy on the key
 * afterwards? AWS counts a policy that allows the caller's account (which then delegates to IAM
 * policies) as allowing the caller. With the IAM evaluator the policy is evaluated for the caller and
 * for its account; without it, a statement-level check: an unconditional Deny naming the caller
 * blocks, an Allow naming the caller or its account passes (conditions of an Allow are not judged).
 * Either way an explicit Deny for the caller itself fails the check.
 */
export function policyKeepsCallerInControl(
  statements: Statement[],
  policyText: string,
  caller: Principal,
  keyArn: string,
  evaluate?: (request: EvaluationRequest) => EvaluationResult,
): boolean {
  const action = 'kms:PutKeyPolicy';
  if (evaluate) {
    const decide = (asAccount: boolean) =>
      evaluate({
        principal: evaluationPrincipal(caller, asAccount),
        action,
        resource: keyArn,
        resourceAccountId: keyArn.split(':')[4],
        identityPolicies: [],
        resourcePolicy: { id: `${keyArn}/key-policy/default`, document: policyText },
        resourcePolicyRequired: true,
        context: { 'kms:CallerAccount': caller.accountId, 'aws:PrincipalAccount': caller.accountId },
      }).decision;
    const forCaller = decide(false);
    if (forCaller === 'ExplicitDeny') return false;
    return forCaller === 'Allow' || decide(true) === 'Allow';
  }
  const denied = statements.some((s) => s.Effect === 'Deny' && s.Condition === undefined && statementApplies(s, caller, action, keyArn));
  if (denied) return false;
  return statements.some((s) => s.Effect === 'Allow' && statementApplies(s, caller, action, keyArn));
}

export const lockoutRefusal = () =>
  new AwsError(
    'MalformedPolicyDocumentException',
    'The new key policy will not allow you to update the key policy in the future.',
  );
