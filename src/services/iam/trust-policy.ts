// A role's trust policy (AssumeRolePolicyDocument): a resource policy on the role that names who may
// assume it. Beyond the grammar, the size quota and STS-only actions (parsePolicy's 'trust' kind), IAM
// checks that the users and roles it names exist, as AWS does.
import { accountStorageKey } from '../../identity/accounts.js';
import type { StoreReader } from '../../storage/types.js';
import { parseIamArn } from './arns.js';
import { AwsError } from '../../errors.js';
import { validatePolicyDocument } from './policy-validation.js';
import { findRole, findUser } from './records.js';

const malformed = (message: string) => new AwsError('MalformedPolicyDocumentException', message);

export async function validateTrustPolicy(reader: StoreReader, text: string): Promise<void> {
  // AssumeRolePolicySizeQuota: 2,048 characters without white space, parsePolicy's default for 'trust'.
  const policy = validatePolicyDocument(text, 'trust');
  const statements = (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]) as Record<string, unknown>[];
  for (const statement of statements) {
    const principal = statement.Principal ?? statement.NotPrincipal;
    if (typeof principal !== 'object' || principal === null) continue;
    const aws = (principal as Record<string, unknown>).AWS;
    for (const arn of typeof aws === 'string' ? [aws] : Array.isArray(aws) ? (aws as string[]) : []) {
      await checkPrincipalExists(reader, arn);
    }
  }
}

/** A user or role of an account Rampart holds must exist (AWS stores trust policies by unique id). */
async function checkPrincipalExists(reader: StoreReader, arn: string): Promise<void> {
  const parsed = parseIamArn(arn);
  if (!parsed || (parsed.type !== 'user' && parsed.type !== 'role') || parsed.accountId === 'aws') return;
  if (arn.includes('*')) throw malformed(`Invalid principal in policy: "AWS":"${arn}"`);
  if (!(await reader.get(accountStorageKey(parsed.accountId)))) return;
  const found = parsed.type === 'user' ? await findUser(reader, parsed.accountId, parsed.name) : await findRole(reader, parsed.accountId, parsed.name);
  const path = found ? found.path : undefined;
  if (!found || path !== parsed.path) throw malformed(`Invalid principal in policy: "AWS":"${arn}"`);
}
