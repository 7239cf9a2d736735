// Resource policies on secrets: validated as a resource policy (IAM's grammar, 20 KB), judged for
// public access as BlockPublicPolicy and ValidateResourcePolicy judge it, and checked for a policy
// that locks every caller out of the secret.
//
// "Public" follows AWS's definition for resource policies: an Allow statement whose principal is "*"
// (or any principal through NotPrincipal) is public unless a condition pins the caller or the request
// source with a fixed, wildcard-free value of one of the keys that identify them (aws:PrincipalAccount,
// aws:PrincipalArn, aws:PrincipalOrgID, aws:SourceAccount, aws:SourceVpc, ...).
import { AwsError } from '../../errors.js';
import type { ValidationErrorsEntry } from '../../generated/secrets-manager/types.js';
import { isPolicyValidationError, parsePolicy } from '../../iam/index.js';

export function validatePolicy(text: string): void {
  try {
    parsePolicy(text, { kind: 'resource', service: 'secretsmanager' });
  } catch (error) {
    if (isPolicyValidationError(error)) {
      if (error.code === 'LimitExceeded') throw new AwsError('LimitExceededException', error.message);
      throw new AwsError('MalformedPolicyDocumentException', error.message);
    }
    throw error;
  }
}

type Json = Record<string, unknown>;
const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const LIMITING_KEYS = new Set(
  [
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalServiceName',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOwner',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceIp',
    'aws:userid',
    'aws:username',
  ].map((k) => k.toLowerCase()),
);
const LIMITING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'arnequals', 'arnlike', 'stringlike', 'ipaddress', 'foranyvalue:stringequals', 'forallvalues:stringequals']);

function statements(text: string): Json[] {
  const document = JSON.parse(text) as Json;
  return list(document.Statement).filter((s): s is Json => typeof s === 'object' && s !== null);
}

function wildcardPrincipal(statement: Json): boolean {
  if (statement.NotPrincipal !== undefined) return true;
  const principal = statement.Principal;
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  return Object.values(principal as Json).some((value) => list(value).includes('*'));
}

function limitedByCondition(statement: Json): boolean {
  const condition = statement.Condition as Record<string, Record<string, unknown>> | undefined;
  if (!condition) return false;
  for (const [operator, entries] of Object.entries(condition)) {
    const op = operator.toLowerCase().replace(/ifexists$/, '');
    if (!LIMITING_OPERATORS.has(op)) continue;
    for (const [key, value] of Object.entries(entries ?? {})) {
      if (!LIMITING_KEYS.has(key.toLowerCase())) continue;
      const values = list(value).map(String);
      if (values.length === 0) continue;
      // IP ranges that cover everything do not limit anything.
      if (key.toLowerCase() === 'aws:sourceip' && values.some((v) => /\/0$/.test(v))) continue;
      if (values.every((v) => !v.includes('*') && !v.includes('?'))) return true;
    }
  }
  return false;
}

/** True when the policy gives broad (public) access to the secret. */
export function grantsPublicAccess(text: string): boolean {
  return statements(text).some((s) => s.Effect === 'Allow' && wildcardPrincipal(s) && !limitedByCondition(s));
}

/** A Deny for every principal and every Secrets Manager action, with no condition: nobody could manage the secret again. */
function locksOut(text: string): boolean {
  return statements(text).some((s) => {
    if (s.Effect !== 'Deny' || !wildcardPrincipal(s) || s.Condition !== undefined) return false;
    return list(s.Action).some((a) => a === '*' || a === 'secretsmanager:*');
  });
}

/** ValidateResourcePolicy's findings (syntax errors are MalformedPolicyDocumentException, thrown). */
export function validationFindings(text: string): ValidationErrorsEntry[] {
  validatePolicy(text);
  const findings: ValidationErrorsEntry[] = [];
  if (grantsPublicAccess(text)) {
    findings.push({ CheckName: 'BROAD_ACCESS_CHECK', ErrorMessage: 'The resource policy grants broad access to the secret: a statement allows a wildcard principal without limiting it to an account, organization or source.' });
  }
  if (locksOut(text)) {
    findings.push({ CheckName: 'LOCKOUT_CHECK', ErrorMessage: 'The resource policy denies every principal every action on the secret, so no one could change the policy again.' });
  }
  return findings;
}

export const publicPolicyRefused = () =>
  new AwsError('PublicPolicyException', 'The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.');
