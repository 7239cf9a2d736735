// The evaluation logic's documented scenarios (IAM User Guide: "Policy evaluation logic", "Cross-account
// policy evaluation logic", "Permissions boundaries", "Session policies", SCPs and RCPs, and the KMS
// Developer Guide's key policies and grants).
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  KEY_ARN,
  OTHER_ACCOUNT,
  SECRET_ARN,
  allowAll,
  anonymous,
  decide,
  denyAll,
  policy,
  root,
  service,
  session,
  user,
} from '../../test/iam/helpers.js';
import type { EvaluationPrincipal, EvaluationRequest } from './types.js';

const alice = user('alice');
const worker = session('app', 'worker');
const allowSecret = () => policy({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN });
const resourcePolicy = (principal: unknown, effect = 'Allow', extra: Record<string, unknown> = {}) =>
  policy({ Effect: effect, Principal: principal, Action: 'secretsmanager:*', Resource: '*', ...extra });
const outcome = (overrides: Partial<EvaluationRequest>) => {
  const result = decide(overrides);
  return result.decision === 'Allow' ? 'Allow' : `${result.decision}: ${result.deniedBy}`;
};

describe('within one account', () => {
  it('denies by default, because no identity-based policy allows', () => {
    expect(decide()).toEqual({ decision: 'ImplicitDeny', deniedBy: 'identity-based policy', matchedStatements: [] });
  });

  it('an identity-based policy allows', () => {
    expect(outcome({ identityPolicies: [allowSecret()] })).toBe('Allow');
  });

  it('an explicit deny in any identity-based policy wins, and names the policy', () => {
    const deny = policy(denyAll());
    const result = decide({ identityPolicies: [allowSecret(), deny] });
    expect(result).toMatchObject({ decision: 'ExplicitDeny', deniedBy: 'identity-based policy', denyingPolicyId: deny.id });
  });

  it('a resource-based policy naming the user allows on its own', () => {
    expect(outcome({ resourcePolicy: resourcePolicy({ AWS: alice.arn }) })).toBe('Allow');
    expect(outcome({ resourcePolicy: resourcePolicy('*') })).toBe('Allow');
  });

  it('a resource-based policy naming the account delegates to identity-based policies', () => {
    for (const account of [ACCOUNT, `arn:aws:iam::${ACCOUNT}:root`]) {
      expect(outcome({ resourcePolicy: resourcePolicy({ AWS: account }) })).toBe('ImplicitDeny: identity-based policy');
      expect(outcome({ resourcePolicy: resourcePolicy({ AWS: account }), identityPolicies: [allowSecret()] })).toBe('Allow');
    }
  });

  it('a resource-based policy naming someone else does nothing for the caller', () => {
    expect(outcome({ resourcePolicy: resourcePolicy({ AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }) })).toBe('ImplicitDeny: identity-based policy');
  });

  it('an explicit deny in the resource-based policy wins, for the principal, the account, or everyone', () => {
    for (const principal of [{ AWS: alice.arn }, { AWS: ACCOUNT }, '*']) {
      expect(outcome({ identityPolicies: [allowSecret()], resourcePolicy: resourcePolicy(principal, 'Deny') })).toBe('ExplicitDeny: resource-based policy');
    }
    expect(outcome({ identityPolicies: [allowSecret()], resourcePolicy: resourcePolicy({ AWS: OTHER_ACCOUNT }, 'Deny') })).toBe('Allow');
  });
});

describe('permissions boundaries', () => {
  const boundary = (statement: Record<string, unknown>) => policy(statement);
  const allowSecretsBoundary = boundary({ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' });
  const allowS3Boundary = boundary({ Effect: 'Allow', Action: 's3:*', Resource: '*' });

  it('intersect with identity-based policies', () => {
    expect(outcome({ identityPolicies: [allowSecret()], permissionsBoundary: allowSecretsBoundary })).toBe('Allow');
    expect(outcome({ identityPolicies: [allowSecret()], permissionsBoundary: allowS3Boundary })).toBe('ImplicitDeny: permissions boundary');
    expect(outcome({ permissionsBoundary: allowSecretsBoundary })).toBe('ImplicitDeny: identity-based policy');
  });

  it('an explicit deny in the boundary wins', () => {
    const result = decide({ identityPolicies: [allowSecret()], permissionsBoundary: boundary(denyAll()) });
    expect(result).toMatchObject({ decision: 'ExplicitDeny', deniedBy: 'permissions boundary' });
  });

  it('do not limit a resource-based policy naming the IAM user', () => {
    expect(outcome({ permissionsBoundary: allowS3Boundary, resourcePolicy: resourcePolicy({ AWS: alice.arn }) })).toBe('Allow');
  });

  it('do not limit a resource-based policy naming the role session', () => {
    expect(outcome({ principal: worker, permissionsBoundary: allowS3Boundary, resourcePolicy: resourcePolicy({ AWS: worker.arn }) })).toBe('Allow');
  });

  it('limit a resource-based policy naming the role', () => {
    const byRole = resourcePolicy({ AWS: worker.roleArn });
    expect(outcome({ principal: worker, resourcePolicy: byRole })).toBe('Allow');
    expect(outcome({ principal: worker, permissionsBoundary: allowS3Boundary, resourcePolicy: byRole })).toBe('ImplicitDeny: permissions boundary');
    expect(outcome({ principal: worker, permissionsBoundary: allowSecretsBoundary, resourcePolicy: byRole })).toBe('Allow');
  });

  it('limit a resource-based policy naming the account (it delegates to the identity side)', () => {
    expect(outcome({ identityPolicies: [allowSecret()], permissionsBoundary: allowS3Boundary, resourcePolicy: resourcePolicy({ AWS: ACCOUNT }) })).toBe(
      'ImplicitDeny: permissions boundary',
    );
  });

  it('make a Deny with NotPrincipal apply whatever it lists (as AWS documents)', () => {
    const notPrincipal = policy({ Effect: 'Deny', NotPrincipal: { AWS: [alice.arn, `arn:aws:iam::${ACCOUNT}:root`] }, Action: '*', Resource: '*' });
    expect(outcome({ identityPolicies: [allowSecret()], resourcePolicy: notPrincipal })).toBe('Allow');
    expect(outcome({ identityPolicies: [allowSecret()], resourcePolicy: notPrincipal, permissionsBoundary: allowSecretsBoundary })).toBe(
      'ExplicitDeny: resource-based policy',
    );
  });
});

describe('session policies', () => {
  const allowSecrets = policy({ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' });
  const allowS3 = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });

  it('intersect with identity-based policies, every one of them', () => {
    expect(outcome({ principal: worker, identityPolicies: [allowSecret()], sessionPolicies: [allowSecrets] })).toBe('Allow');
    expect(outcome({ principal: worker, identityPolicies: [allowSecret()], sessionPolicies: [allowS3] })).toBe('ImplicitDeny: session policy');
    expect(outcome({ principal: worker, identityPolicies: [allowSecret()], sessionPolicies: [allowSecrets, allowS3] })).toBe('ImplicitDeny: session policy');
    expect(outcome({ principal: worker, sessionPolicies: [allowSecrets] })).toBe('ImplicitDeny: identity-based policy');
  });

  it('an explicit deny in a session policy wins', () => {
    expect(outcome({ principal: worker, identityPolicies: [allowSecret()], sessionPolicies: [allowSecrets, policy(denyAll())] })).toBe(
      'ExplicitDeny: session policy',
    );
  });

  it('do not limit a resource-based policy naming the session', () => {
    expect(outcome({ principal: worker, sessionPolicies: [allowS3], resourcePolicy: resourcePolicy({ AWS: worker.arn }) })).toBe('Allow');
  });

  it('limit a resource-based policy naming the role', () => {
    expect(outcome({ principal: worker, sessionPolicies: [allowS3], resourcePolicy: resourcePolicy({ AWS: worker.roleArn }) })).toBe(
      'ImplicitDeny: session policy',
    );
    expect(outcome({ principal: worker, sessionPolicies: [allowSecrets], resourcePolicy: resourcePolicy({ AWS: worker.roleArn }) })).toBe('Allow');
  });

  it('match a role named with its path only by the role ARN with its path', () => {
    const pathed: EvaluationPrincipal = { ...worker, roleArn: `arn:aws:iam::${ACCOUNT}:role/service/app` };
    expect(outcome({ principal: pathed, resourcePolicy: resourcePolicy({ AWS: `arn:aws:iam::${ACCOUNT}:role/service/app` }) })).toBe('Allow');
    expect(outcome({ principal: pathed, resourcePolicy: resourcePolicy({ AWS: `arn:aws:iam::${ACCOUNT}:role/app` }) })).toBe(
      'ImplicitDeny: identity-based policy',
    );
  });
});

describe('across accounts', () => {
  const bob = user('bob', OTHER_ACCOUNT);
  const allowAnySecret = policy({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:secretsmanager:*:${ACCOUNT}:secret:*` });

  it('needs the resource side: without a resource-based policy the request is denied', () => {
    expect(outcome({ principal: bob, identityPolicies: [allowAnySecret] })).toBe('ImplicitDeny: resource-based policy');
  });

  it('needs the identity side, even when the resource policy names the principal', () => {
    expect(outcome({ principal: bob, resourcePolicy: resourcePolicy({ AWS: bob.arn }) })).toBe('ImplicitDeny: identity-based policy');
  });

  it('allows when both sides allow, naming the principal or its account', () => {
    for (const principal of [{ AWS: bob.arn }, { AWS: OTHER_ACCOUNT }, { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, '*']) {
      expect(outcome({ principal: bob, identityPolicies: [allowAnySecret], resourcePolicy: resourcePolicy(principal) })).toBe('Allow');
    }
  });

  it('the resource policy must name the caller or its account', () => {
    expect(outcome({ principal: bob, identityPolicies: [allowAnySecret], resourcePolicy: resourcePolicy({ AWS: ACCOUNT }) })).toBe(
      'ImplicitDeny: resource-based policy',
    );
  });

  it('boundaries and session policies limit the identity side', () => {
    const boundary = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
    expect(outcome({ principal: bob, identityPolicies: [allowAnySecret], permissionsBoundary: boundary, resourcePolicy: resourcePolicy({ AWS: bob.arn }) })).toBe(
      'ImplicitDeny: permissions boundary',
    );
    const otherWorker = session('app', 'worker', OTHER_ACCOUNT);
    expect(
      outcome({ principal: otherWorker, identityPolicies: [allowAnySecret], sessionPolicies: [boundary], resourcePolicy: resourcePolicy({ AWS: otherWorker.arn }) }),
    ).toBe('ImplicitDeny: session policy');
  });

  it('an explicit deny on either side wins', () => {
    expect(outcome({ principal: bob, identityPolicies: [allowAnySecret], resourcePolicy: resourcePolicy({ AWS: OTHER_ACCOUNT }, 'Deny') })).toBe(
      'ExplicitDeny: resource-based policy',
    );
  });
});

describe('service control policies', () => {
  const fullAccess = policy(allowAll());
  const onlyS3 = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });

  it('do not grant: an identity-based policy must still allow', () => {
    expect(outcome({ serviceControlPolicies: [[fullAccess]] })).toBe('ImplicitDeny: identity-based policy');
  });

  it('every level from the root to the account must allow', () => {
    expect(outcome({ identityPolicies: [allowSecret()], serviceControlPolicies: [[fullAccess], [fullAccess]] })).toBe('Allow');
    expect(outcome({ identityPolicies: [allowSecret()], serviceControlPolicies: [[fullAccess], [onlyS3]] })).toBe('ImplicitDeny: service control policy');
    expect(outcome({ identityPolicies: [allowSecret()], serviceControlPolicies: [[fullAccess], [onlyS3, fullAccess]] })).toBe('Allow');
    expect(outcome({ identityPolicies: [allowSecret()], serviceControlPolicies: [[fullAccess], []] })).toBe('ImplicitDeny: service control policy');
  });

  it('an explicit deny at any level wins, and names the policy', () => {
    const guard = policy(denyAll({ Condition: { StringNotEquals: { 'aws:RequestedRegion': 'us-east-1' } } }));
    const request = { identityPolicies: [allowSecret()], serviceControlPolicies: [[fullAccess], [fullAccess, guard]] };
    expect(decide({ ...request, context: { 'aws:RequestedRegion': 'eu-west-1' } })).toMatchObject({
      decision: 'ExplicitDeny',
      deniedBy: 'service control policy',
      denyingPolicyId: guard.id,
    });
    expect(outcome({ ...request, context: { 'aws:RequestedRegion': 'us-east-1' } })).toBe('Allow');
  });

  it('limit what a resource-based policy grants', () => {
    expect(outcome({ resourcePolicy: resourcePolicy({ AWS: alice.arn }), serviceControlPolicies: [[onlyS3]] })).toBe('ImplicitDeny: service control policy');
  });

  it('apply to the root user of a member account', () => {
    expect(outcome({ principal: root(), serviceControlPolicies: [[onlyS3]] })).toBe('ImplicitDeny: service control policy');
    expect(outcome({ principal: root(), serviceControlPolicies: [[fullAccess, policy(denyAll())]] })).toBe('ExplicitDeny: service control policy');
  });

  it('do not apply to service principals', () => {
    const sns = service('sns.amazonaws.com');
    expect(outcome({ principal: sns, resourcePolicy: resourcePolicy({ Service: 'sns.amazonaws.com' }), serviceControlPolicies: [[policy(denyAll())]] })).toBe('Allow');
  });
});

describe('resource control policies', () => {
  const rcp = (extra: Record<string, unknown> = {}) => policy({ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:*', Resource: '*', ...extra });

  it('deny explicitly, whoever the caller', () => {
    for (const principal of [alice, root(), service('sns.amazonaws.com'), anonymous]) {
      const result = decide({ principal, identityPolicies: [allowSecret()], resourcePolicy: resourcePolicy('*'), resourceControlPolicies: [[rcp()]] });
      expect(result).toMatchObject({ decision: 'ExplicitDeny', deniedBy: 'resource control policy' });
    }
  });

  it('only deny: RCPFullAWSAccess is implied at every level', () => {
    const onlyIfInsecure = rcp({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(outcome({ identityPolicies: [allowSecret()], resourceControlPolicies: [[onlyIfInsecure], []], context: { 'aws:SecureTransport': true } })).toBe('Allow');
  });
});

describe('KMS key policies (the resource policy alone decides)', () => {
  const kms = (overrides: Partial<EvaluationRequest>) =>
    outcome({ action: 'kms:Decrypt', resource: KEY_ARN, resourcePolicyRequired: true, ...overrides });
  const keyPolicy = (principal: unknown, effect = 'Allow') => policy({ Effect: effect, Principal: principal, Action: 'kms:*', Resource: '*' });
  const allowKms = policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN });

  it('ignores IAM policies unless the key policy names the account', () => {
    expect(kms({ identityPolicies: [allowKms], resourcePolicy: keyPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }) })).toBe('ImplicitDeny: resource-based policy');
    expect(kms({ identityPolicies: [allowKms] })).toBe('ImplicitDeny: resource-based policy');
  });

  it('delegates to IAM policies when it names the account', () => {
    const delegating = keyPolicy({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
    expect(kms({ identityPolicies: [allowKms], resourcePolicy: delegating })).toBe('Allow');
    expect(kms({ resourcePolicy: delegating })).toBe('ImplicitDeny: identity-based policy');
  });

  it('allows a principal it names without IAM policies', () => {
    expect(kms({ resourcePolicy: keyPolicy({ AWS: alice.arn }) })).toBe('Allow');
    expect(kms({ principal: worker, resourcePolicy: keyPolicy({ AWS: worker.roleArn }) })).toBe('Allow');
  });

  it('still needs the root user to be named (through the account)', () => {
    expect(kms({ principal: root(), resourcePolicy: keyPolicy({ AWS: alice.arn }) })).toBe('ImplicitDeny: resource-based policy');
    expect(kms({ principal: root(), resourcePolicy: keyPolicy({ AWS: ACCOUNT }) })).toBe('Allow');
  });

  it('across accounts, needs the key policy to name the other account and IAM there to allow', () => {
    const bob = user('bob', OTHER_ACCOUNT);
    const allowAnyKey = policy({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' });
    expect(kms({ principal: bob, identityPolicies: [allowAnyKey], resourcePolicy: keyPolicy({ AWS: OTHER_ACCOUNT }) })).toBe('Allow');
    expect(kms({ principal: bob, resourcePolicy: keyPolicy({ AWS: OTHER_ACCOUNT }) })).toBe('ImplicitDeny: identity-based policy');
    expect(kms({ principal: bob, identityPolicies: [allowAnyKey], resourcePolicy: keyPolicy({ AWS: ACCOUNT }) })).toBe('ImplicitDeny: resource-based policy');
  });

  it('a grant allows like a key policy statement naming the principal, but not past an explicit deny', () => {
    expect(kms({ serviceGrantAllows: true, resourcePolicy: keyPolicy({ AWS: ACCOUNT }) })).toBe('Allow');
    expect(kms({ principal: user('bob', OTHER_ACCOUNT), serviceGrantAllows: true, resourcePolicy: keyPolicy({ AWS: ACCOUNT }) })).toBe('Allow');
    expect(kms({ serviceGrantAllows: true, resourcePolicy: keyPolicy('*', 'Deny') })).toBe('ExplicitDeny: resource-based policy');
    expect(kms({ serviceGrantAllows: true, identityPolicies: [policy(denyAll())] })).toBe('ExplicitDeny: identity-based policy');
  });
});

describe('the root user, services and anonymous callers', () => {
  it('the root user is allowed by identity in its own account', () => {
    expect(outcome({ principal: root() })).toBe('Allow');
    expect(outcome({ principal: root(), resourcePolicy: resourcePolicy({ AWS: ACCOUNT }, 'Deny') })).toBe('ExplicitDeny: resource-based policy');
  });

  it('the root user needs a resource policy naming its account across accounts', () => {
    expect(outcome({ principal: root(OTHER_ACCOUNT) })).toBe('ImplicitDeny: resource-based policy');
    expect(outcome({ principal: root(OTHER_ACCOUNT), resourcePolicy: resourcePolicy({ AWS: OTHER_ACCOUNT }) })).toBe('Allow');
  });

  it('a service principal is allowed only by a resource policy naming it', () => {
    const sns = service('sns.amazonaws.com');
    expect(outcome({ principal: sns, resourcePolicy: resourcePolicy({ Service: 'sns.amazonaws.com' }) })).toBe('Allow');
    expect(outcome({ principal: sns, resourcePolicy: resourcePolicy({ Service: 'sqs.amazonaws.com' }) })).toBe('ImplicitDeny: resource-based policy');
    expect(outcome({ principal: sns, identityPolicies: [allowSecret()] })).toBe('ImplicitDeny: resource-based policy');
  });

  it('an anonymous caller is allowed only by a resource policy open to everyone', () => {
    expect(outcome({ principal: anonymous, resourcePolicy: resourcePolicy('*') })).toBe('Allow');
    expect(outcome({ principal: anonymous, resourcePolicy: resourcePolicy({ AWS: '*' }) })).toBe('Allow');
    expect(outcome({ principal: anonymous, resourcePolicy: resourcePolicy({ AWS: ACCOUNT }) })).toBe('ImplicitDeny: resource-based policy');
  });

  it('a federated caller matches a Federated principal (trust policies)', () => {
    const web: EvaluationPrincipal = { kind: 'Anonymous', arn: '*', accountId: '', federatedProvider: 'cognito-identity.amazonaws.com' };
    const trust = policy({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' });
    const assume = { action: 'sts:AssumeRoleWithWebIdentity', resource: `arn:aws:iam::${ACCOUNT}:role/web`, resourcePolicy: trust };
    expect(outcome({ principal: web, ...assume })).toBe('Allow');
    expect(outcome({ principal: { ...web, federatedProvider: 'accounts.google.com' }, ...assume })).toBe('ImplicitDeny: resource-based policy');
  });
});

describe('NotPrincipal', () => {
  const spared = (listed: string[], principal: EvaluationPrincipal = alice) =>
    outcome({
      principal,
      resourcePolicy: policy([
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Deny', NotPrincipal: { AWS: listed }, Action: '*', Resource: '*' },
      ]),
    });

  it('a Deny spares a caller only when all of its identities are listed', () => {
    expect(spared([alice.arn, ACCOUNT])).toBe('Allow');
    expect(spared([alice.arn])).toBe('ExplicitDeny: resource-based policy');
    expect(spared([ACCOUNT])).toBe('ExplicitDeny: resource-based policy');
    expect(spared([worker.arn, worker.roleArn!, ACCOUNT], worker)).toBe('Allow');
    expect(spared([worker.arn, ACCOUNT], worker)).toBe('ExplicitDeny: resource-based policy');
    expect(spared([ACCOUNT], root())).toBe('Allow');
  });

  it('an Allow applies to callers none of whose identities is listed', () => {
    const allowOthers = policy({ Effect: 'Allow', NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }, Action: '*', Resource: '*' });
    expect(outcome({ resourcePolicy: allowOthers })).toBe('Allow');
    expect(outcome({ principal: user('bob'), resourcePolicy: allowOthers })).toBe('ImplicitDeny: identity-based policy');
  });
});

describe('actions and resources', () => {
  const allows = (statement: Record<string, unknown>, overrides: Partial<EvaluationRequest> = {}) =>
    decide({ identityPolicies: [policy(statement)], ...overrides }).decision === 'Allow';

  it('matches actions case-insensitively, with wildcards', () => {
    for (const action of ['secretsmanager:GetSecretValue', 'SecretsManager:getsecretvalue', 'secretsmanager:*', 'secretsmanager:Get*', 'secretsmanager:GetSecret?alue', '*']) {
      expect(allows({ Effect: 'Allow', Action: action, Resource: '*' }), action).toBe(true);
    }
    for (const action of ['secretsmanager:Put*', 's3:GetSecretValue', 'secretsmanager:GetSecret?']) {
      expect(allows({ Effect: 'Allow', Action: action, Resource: '*' }), action).toBe(false);
    }
  });

  it('NotAction matches every other action', () => {
    expect(allows({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' })).toBe(true);
    expect(allows({ Effect: 'Allow', NotAction: ['iam:*', 'secretsmanager:Get*'], Resource: '*' })).toBe(false);
  });

  it('matches resource ARNs part by part, the resource part spanning / and :', () => {
    const cases: [string, boolean][] = [
      [SECRET_ARN, true],
      ['*', true],
      [`arn:aws:secretsmanager:*:${ACCOUNT}:secret:*`, true],
      [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:*`, true],
      [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-??????`, true],
      [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-?????`, false],
      [`arn:aws:secretsmanager:us-west-2:${ACCOUNT}:*`, false],
      [`arn:aws:secretsmanager:us-east-1:${OTHER_ACCOUNT}:*`, false],
      [`arn:aws:*:*:*:db-*`, false], // a `*` in one part does not reach into the next
      [`arn:aws:secretsmanager`, true], // identity policies read missing parts as `*`
      [`ARN:AWS:SECRETSMANAGER:US-EAST-1:${ACCOUNT}:SECRET:DB-ABCDEF`, false], // case-sensitive
    ];
    for (const [resource, expected] of cases) expect(allows({ Effect: 'Allow', Action: '*', Resource: resource }), resource).toBe(expected);
  });

  it('NotResource matches every other resource', () => {
    expect(allows({ Effect: 'Allow', Action: '*', NotResource: `arn:aws:s3:::*` })).toBe(true);
    expect(allows({ Effect: 'Allow', Action: '*', NotResource: `arn:aws:secretsmanager:*:*:*` })).toBe(false);
  });

  it('an action without a resource ("*") matches only Resource "*"', () => {
    const listKeys = { action: 'kms:ListKeys', resource: '*' };
    expect(allows({ Effect: 'Allow', Action: 'kms:ListKeys', Resource: '*' }, listKeys)).toBe(true);
    expect(allows({ Effect: 'Allow', Action: 'kms:ListKeys', Resource: `arn:aws:kms:*:${ACCOUNT}:key/*` }, listKeys)).toBe(false);
  });

  it('a resource policy pattern shorter than an ARN matches only when it ends in *', () => {
    const viaResource = (resource: string) => decide({ resourcePolicy: policy({ Effect: 'Allow', Principal: '*', Action: '*', Resource: resource }) }).decision;
    expect(viaResource('arn:aws:secretsmanager:*')).toBe('Allow');
    expect(viaResource('arn:aws:secretsmanager')).toBe('ImplicitDeny');
  });

  it('substitutes policy variables in resources; a missing one matches nothing', () => {
    const own = { Effect: 'Allow', Action: '*', Resource: `arn:aws:secretsmanager:*:*:secret:\${aws:username}-*` };
    expect(allows(own, { resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:alice-AbCdEf`, context: { 'aws:username': 'alice' } })).toBe(true);
    expect(allows(own, { resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:bob-AbCdEf`, context: { 'aws:username': 'alice' } })).toBe(false);
    expect(allows(own, { resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:alice-AbCdEf` })).toBe(false);
    const account = { Effect: 'Allow', Action: '*', Resource: 'arn:aws:secretsmanager:*:${aws:PrincipalAccount}:*' };
    expect(allows(account, { context: { 'aws:PrincipalAccount': ACCOUNT } })).toBe(true);
    const fallback = { Effect: 'Allow', Action: '*', Resource: "arn:aws:secretsmanager:*:*:secret:${aws:PrincipalTag/prefix, 'db'}-*" };
    expect(allows(fallback)).toBe(true);
    const literal = { Effect: 'Allow', Action: '*', Resource: 'arn:aws:secretsmanager:*:*:secret:${*}' };
    expect(allows(literal)).toBe(false);
    expect(allows(literal, { resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:*` })).toBe(true);
  });

  it('a missing variable in a Deny makes the Deny not apply, as in AWS', () => {
    const denyOthers = policy([allowAll(), { Effect: 'Deny', Action: '*', Resource: 'arn:aws:secretsmanager:*:*:secret:${aws:PrincipalTag/team}-*' }]);
    expect(decide({ identityPolicies: [denyOthers] }).decision).toBe('Allow');
  });
});

describe('explanations', () => {
  it('lists every statement that matched, by Sid or index', () => {
    const identity = policy([
      { Sid: 'Read', Effect: 'Allow', Action: 'secretsmanager:Get*', Resource: '*' },
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
    const resource = resourcePolicy({ AWS: alice.arn });
    const result = decide({ identityPolicies: [identity], resourcePolicy: resource, context: { 'aws:SecureTransport': false } });
    expect(result.decision).toBe('ExplicitDeny');
    expect(result.matchedStatements).toEqual([
      { policyId: resource.id, statement: '0', effect: 'Allow' },
      { policyId: identity.id, statement: 'Read', effect: 'Allow' },
      { policyId: identity.id, statement: '2', effect: 'Deny' },
    ]);
  });

  it('reports explicit denies in the order AWS evaluates: RCP, SCP, resource, identity, boundary, session', () => {
    const deny = () => policy(denyAll());
    const everything: Partial<EvaluationRequest> = {
      principal: worker,
      resourceControlPolicies: [[policy({ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:*', Resource: '*' })]],
      serviceControlPolicies: [[deny()]],
      resourcePolicy: resourcePolicy('*', 'Deny'),
      identityPolicies: [deny()],
      permissionsBoundary: deny(),
      sessionPolicies: [deny()],
    };
    const order = ['resource control policy', 'service control policy', 'resource-based policy', 'identity-based policy', 'permissions boundary', 'session policy'];
    const keys = ['resourceControlPolicies', 'serviceControlPolicies', 'resourcePolicy', 'identityPolicies', 'permissionsBoundary', 'sessionPolicies'] as const;
    for (let i = 0; i < order.length; i++) {
      const overrides: Partial<EvaluationRequest> = { principal: worker, identityPolicies: [] };
      for (const key of keys.slice(i)) Object.assign(overrides, { [key]: everything[key] });
      expect(decide(overrides).deniedBy).toBe(order[i]);
    }
  });
});
