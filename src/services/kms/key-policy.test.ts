import { describe, expect, it } from 'vitest';
import { evaluate } from '../../iam/index.js';
import type { Principal } from '../../identity/principal.js';
import { defaultKeyPolicy, policyKeepsCallerInControl, validateKeyPolicy } from './key-policy.js';

const ACCOUNT = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const root: Principal = { type: 'Root', accountId: ACCOUNT, partition: 'aws', arn: `arn:aws:iam::${ACCOUNT}:root`, principalId: ACCOUNT, accessKeyId: 'A', temporary: false, unverified: false };
const alice: Principal = { ...root, type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, principalId: 'AIDA', userName: 'alice' };
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (principal: unknown, action: unknown = 'kms:*') => ({ Effect: 'Allow', Principal: principal, Action: action, Resource: '*' });

describe('the key policy lockout safety check', () => {
  const cases: [string, string, Principal, boolean][] = [
    ['the default policy, for the root user', defaultKeyPolicy('aws', ACCOUNT), root, true],
    ['the default policy, for an IAM user of the account (it delegates to IAM)', defaultKeyPolicy('aws', ACCOUNT), alice, true],
    ['a policy naming only the caller', policy(allow({ AWS: alice.arn })), alice, true],
    ['a policy naming another account', policy(allow({ AWS: 'arn:aws:iam::999999999999:root' })), alice, false],
    ['a policy allowing the caller only to use the key', policy(allow({ AWS: alice.arn }, ['kms:Encrypt', 'kms:Decrypt'])), alice, false],
    ['a policy allowing kms:Put* to everyone', policy(allow('*', 'kms:Put*')), alice, true],
    ['an allow undone by an explicit deny', policy(allow({ AWS: ACCOUNT }), { Effect: 'Deny', Principal: { AWS: alice.arn }, Action: 'kms:PutKeyPolicy', Resource: '*' }), alice, false],
  ];
  it.each(cases)('%s', (_name, text, caller, keeps) => {
    const statements = validateKeyPolicy(text);
    expect(policyKeepsCallerInControl(statements, text, caller, KEY)).toBe(keeps);
    expect(policyKeepsCallerInControl(statements, text, caller, KEY, evaluate)).toBe(keeps);
  });
});

describe('key policy validation', () => {
  it('accepts AWS’s default policy and refuses what AWS refuses', () => {
    expect(validateKeyPolicy(defaultKeyPolicy('aws', ACCOUNT))).toHaveLength(1);
    const malformed = expect.objectContaining({ code: 'MalformedPolicyDocumentException' });
    expect(() => validateKeyPolicy('not json')).toThrow(malformed);
    expect(() => validateKeyPolicy(policy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }))).toThrow(malformed);
    expect(() => validateKeyPolicy(policy(allow({ AWS: 'not-an-arn' })))).toThrow(malformed);
    expect(() => validateKeyPolicy(policy({ ...allow('*'), Effect: 'Maybe' }))).toThrow(malformed);
    expect(() => validateKeyPolicy(policy({ ...allow('*'), Sid: 'x'.repeat(33_000) }))).toThrow(expect.objectContaining({ code: 'LimitExceededException' }));
  });
});
