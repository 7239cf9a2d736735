// Key policies: AWS's default and AWS-managed-key policies, the checks AWS makes of a policy a caller
// supplies (size, grammar, principals), and the policy lockout safety check.
import { AwsError } from '../../errors.js';
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

const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const POLICY_FIELDS = new Set(['Version', 'Id', 'Statement']);

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
 * The checks AWS makes of a key policy: at most 32 KB (LimitExceededException), JSON of the policy
 * grammar, and a principal in every statement (MalformedPolicyDocumentException). Returns the parsed
 * statements. A statement without Action or Resource is accepted and has no effect, as in AWS.
 * (When src/iam exports parsePolicy, its grammar check can replace the structural one here.)
 */
export function validateKeyPolicy(text: string): Statement[] {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) {
    throw new AwsError('LimitExceededException', `The key policy exceeds the maximum size of ${MAX_POLICY_BYTES} bytes.`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw malformed('The key policy is not valid JSON.');
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) throw malformed('The key policy must be a JSON object.');
  const policy = document as Record<string, unknown>;
  for (const field of Object.keys(policy)) if (!POLICY_FIELDS.has(field)) throw malformed(`The key policy has an unknown element: ${field}.`);
  if (policy.Version !== undefined && policy.Version !== '2012-10-17' && policy.Version !== '2008-10-17') {
    throw malformed('The policy Version must be 2012-10-17 or 2008-10-17.');
  }
  const raw = policy.Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (statements.length === 0) throw malformed('The key policy must contain at least one statement.');
  for (const statement of statements as unknown[]) {
    if (statement === null || typeof statement !== 'object' || Array.isArray(statement)) throw malformed('Each statement must be a JSON object.');
    const s = statement as Record<string, unknown>;
    for (const field of Object.keys(s)) if (!STATEMENT_FIELDS.has(field)) throw malformed(`A statement has an unknown element: ${field}.`);
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformed('Each statement must have an Effect of Allow or Deny.');
    if (s.Principal === undefined && s.NotPrincipal === undefined) throw malformed('Policy contains a statement with no principal.');
    for (const field of ['Principal', 'NotPrincipal'] as const) {
      if (s[field] !== undefined && !validPrincipal(s[field])) throw malformed('Policy contains a statement with one or more invalid principals.');
    }
    for (const field of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
      if (s[field] !== undefined && !isStringOrStrings(s[field])) throw malformed(`The ${field} element of a statement must be a string or a list of strings.`);
    }
    if (s.Action !== undefined && s.NotAction !== undefined) throw malformed('A statement cannot have both Action and NotAction.');
    if (s.Resource !== undefined && s.NotResource !== undefined) throw malformed('A statement cannot have both Resource and NotResource.');
    if (s.Condition !== undefined) {
      const condition = s.Condition;
      if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) throw malformed('The Condition element must be an object.');
      for (const block of Object.values(condition as Record<string, unknown>)) {
        if (block === null || typeof block !== 'object' || Array.isArray(block)) throw malformed('Each condition operator must map condition keys to values.');
      }
    }
  }
  return statements as Statement[];
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
    return [false, true].some((asAccount) => {
      const request: EvaluationRequest = {
        principal: evaluationPrincipal(caller, asAccount),
        action,
        resource: keyArn,
        resourceAccountId: keyArn.split(':')[4],
        identityPolicies: [],
        resourcePolicy: { id: `${keyArn}/key-policy/default`, document: policyText },
        resourcePolicyRequired: true,
        context: { 'kms:CallerAccount': caller.accountId, 'aws:PrincipalAccount': caller.accountId },
      };
      return evaluate(request).decision === 'Allow';
    });
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
