// Seeded, deterministic generation of policy evaluation cases for the differential test of
// src/iam/evaluate.ts against @cloud-copilot/iam-simulate: principals of two accounts (users, role
// sessions, the root user, a service), real actions and resource ARNs of several services (KMS keys,
// whose key policy alone decides, among them), identity policies, resource policies, permissions
// boundaries, session policies, SCP and RCP hierarchies, wildcard actions and resources, policy
// variables, and conditions of every operator family against a varied request context.
import type { EvaluationPrincipal } from '../../src/iam/types.js';

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';

/** mulberry32: small, fast, and the same sequence on every platform. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = Record<string, unknown>;

export interface GeneratedCase {
  id: string;
  principal: EvaluationPrincipal;
  /** The principal as the oracle names it (session ARN, user ARN, service name). */
  oraclePrincipal: string;
  action: string;
  resource: string;
  resourceAccountId: string;
  resourcePolicyRequired: boolean;
  identityPolicies: { name: string; policy: Json }[];
  resourcePolicy?: Json;
  permissionsBoundary?: Json;
  sessionPolicy?: Json;
  serviceControlPolicies: { name: string; policy: Json }[][];
  resourceControlPolicies: { name: string; policy: Json }[][];
  /** Context as strings and string lists (the oracle's form); normalized per key type by the test. */
  context: Record<string, string | string[]>;
}

class Picker {
  constructor(readonly next: () => number) {}
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  one<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  some<T>(items: readonly T[], min: number, max: number): T[] {
    const pool = [...items];
    const count = Math.min(pool.length, this.int(min, max));
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    return out;
  }
}

// ---- principals ----------------------------------------------------------------------------------

interface Caller {
  principal: EvaluationPrincipal;
  oracle: string;
  userName?: string;
  userId?: string;
}

function callers(account: string): Caller[] {
  return [
    {
      principal: { kind: 'IAMUser', arn: `arn:aws:iam::${account}:user/alice`, accountId: account },
      oracle: `arn:aws:iam::${account}:user/alice`,
      userName: 'alice',
      userId: 'AIDAALICE0000000000',
    },
    {
      principal: { kind: 'IAMUser', arn: `arn:aws:iam::${account}:user/bob`, accountId: account },
      oracle: `arn:aws:iam::${account}:user/bob`,
      userName: 'bob',
      userId: 'AIDABOB00000000000',
    },
    {
      principal: {
        kind: 'AssumedRole',
        arn: `arn:aws:sts::${account}:assumed-role/app/worker-1`,
        accountId: account,
        roleArn: `arn:aws:iam::${account}:role/app`,
      },
      oracle: `arn:aws:sts::${account}:assumed-role/app/worker-1`,
      userId: 'AROAAPP0000000000:worker-1',
    },
    {
      principal: { kind: 'Root', arn: `arn:aws:iam::${account}:root`, accountId: account },
      oracle: `arn:aws:iam::${account}:root`,
      userId: account,
    },
  ];
}

// ---- actions and resources -----------------------------------------------------------------------

interface Target {
  service: string;
  actions: readonly string[];
  resource(account: string, caller: Caller): string;
  /** Actions with no resource ("*"). */
  wildcardOnly?: boolean;
  keyPolicy?: boolean;
}

const TARGETS: readonly Target[] = [
  {
    service: 'kms',
    actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
    resource: (account) => `arn:aws:kms:us-east-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    keyPolicy: true,
  },
  {
    service: 'secretsmanager',
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
    resource: (account, caller) => `arn:aws:secretsmanager:us-east-1:${account}:secret:${caller.userName ?? 'shared'}-AbCdEf`,
  },
  {
    service: 'sqs',
    actions: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
    resource: (account) => `arn:aws:sqs:us-east-1:${account}:orders`,
  },
  {
    service: 'sns',
    actions: ['sns:Publish'],
    resource: (account) => `arn:aws:sns:eu-west-1:${account}:alerts`,
  },
  {
    service: 'dynamodb',
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    resource: (account) => `arn:aws:dynamodb:us-east-1:${account}:table/Orders`,
  },
  {
    service: 'ssm',
    actions: ['ssm:GetParameter'],
    resource: (account) => `arn:aws:ssm:us-east-1:${account}:parameter/app/db-password`,
  },
  {
    service: 'kms',
    actions: ['kms:ListKeys', 'kms:CreateKey'],
    resource: () => '*',
    wildcardOnly: true,
  },
];

function actionPatterns(pick: Picker, action: string): string[] {
  const [service, name] = action.split(':');
  const other = pick.one(['s3:GetObject', 'iam:GetUser', 'kms:ScheduleKeyDeletion', 'sqs:DeleteQueue', 'ec2:RunInstances']);
  const variants = [
    action,
    action,
    action.toLowerCase(),
    `${service}:*`,
    `${service}:${name.slice(0, 3)}*`,
    `${service}:${name.slice(0, -1)}?`,
    '*',
    other,
    `${service}:Get*`,
  ];
  return pick.some(variants, 1, 2);
}

function resourcePatterns(pick: Picker, resource: string, account: string, caller: Caller): string[] {
  if (resource === '*') return [pick.one(['*', '*', `arn:aws:kms:us-east-1:${account}:key/*`])];
  const [, , service, region, , rest] = resource.split(':');
  const slash = rest.indexOf('/');
  const variants = [
    resource,
    '*',
    `arn:aws:${service}:*:${account}:*`,
    `arn:aws:${service}:${region}:*:*`,
    `arn:aws:${service}:${region}:${account}:${slash === -1 ? `${rest.slice(0, 3)}*` : `${rest.slice(0, slash + 1)}*`}`,
    `arn:aws:${service}:${region}:${account === ACCOUNT_A ? ACCOUNT_B : ACCOUNT_A}:*`,
    `arn:aws:${service}:${region}:${account}:${rest.slice(0, -2)}??`,
    `arn:aws:${service}:us-west-2:${account}:*`,
    `arn:aws:${service}:*:*:*`,
  ];
  if (service === 'secretsmanager') variants.push(`arn:aws:secretsmanager:${region}:${account}:secret:\${aws:username}-*`);
  if (service === 'ssm') variants.push(`arn:aws:ssm:${region}:${account}:parameter/app/*`);
  void caller;
  return pick.some(variants, 1, 2);
}

// ---- conditions ----------------------------------------------------------------------------------

interface KeySpec {
  key: string;
  operators: readonly string[];
  policyValues: readonly string[];
  /** The request value, or undefined to leave the key out. */
  value(pick: Picker, caller: Caller, action: string): string | string[] | undefined;
}

const STRING_OPS = ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'];
const NUMERIC_OPS = ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'];
const DATE_OPS = ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'];
const ARN_OPS = ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'];

const KEYS: readonly KeySpec[] = [
  {
    key: 'aws:PrincipalTag/team',
    operators: STRING_OPS,
    policyValues: ['red', 'blue', 'RED', 'r*', 'bl?e', '*', '${aws:RequestTag/env}'],
    value: (pick) => (pick.chance(0.8) ? pick.one(['red', 'blue', 'green']) : undefined),
  },
  {
    key: 'aws:RequestedRegion',
    operators: STRING_OPS,
    policyValues: ['us-east-1', 'eu-*', 'us-?ast-1', 'ap-southeast-2'],
    value: (pick) => (pick.chance(0.9) ? pick.one(['us-east-1', 'eu-west-1', 'us-west-2']) : undefined),
  },
  {
    key: 'aws:username',
    operators: STRING_OPS,
    policyValues: ['alice', 'bob', 'ALICE', 'a*', '${aws:PrincipalTag/owner}'],
    value: (_pick, caller) => caller.userName,
  },
  {
    key: 'aws:PrincipalTag/owner',
    operators: STRING_OPS,
    policyValues: ['alice', '${aws:username}', 'b*'],
    value: (pick) => (pick.chance(0.6) ? pick.one(['alice', 'bob']) : undefined),
  },
  {
    key: 'aws:PrincipalOrgID',
    operators: STRING_OPS,
    policyValues: ['o-aaaa1111', 'o-bbbb2222', 'o-*'],
    value: (pick) => (pick.chance(0.7) ? pick.one(['o-aaaa1111', 'o-bbbb2222']) : undefined),
  },
  {
    key: 'kms:EncryptionContext:app',
    operators: STRING_OPS,
    policyValues: ['billing', 'payroll', 'bill*', '${aws:PrincipalTag/team}'],
    value: (pick, _caller, action) => (action.startsWith('kms:') && pick.chance(0.7) ? pick.one(['billing', 'payroll', 'red']) : undefined),
  },
  {
    key: 'aws:PrincipalArn',
    operators: [...ARN_OPS, 'StringEquals', 'StringLike'],
    policyValues: [
      `arn:aws:iam::${ACCOUNT_A}:user/*`,
      `arn:aws:iam::*:role/app`,
      `arn:aws:iam::${ACCOUNT_A}:user/alice`,
      `arn:aws:iam::${ACCOUNT_B}:*`,
      'arn:aws:iam::*:root',
      'arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}',
    ],
    value: (_pick, caller) => (caller.principal.kind === 'AssumedRole' ? caller.principal.roleArn : caller.principal.arn),
  },
  {
    key: 'aws:PrincipalAccount',
    operators: ['StringEquals', 'StringNotEquals', 'StringLike'],
    policyValues: [ACCOUNT_A, ACCOUNT_B, '1111*'],
    value: (_pick, caller) => caller.principal.accountId,
  },
  {
    key: 'aws:SourceArn',
    operators: ARN_OPS,
    policyValues: ['arn:aws:sns:*:*:alerts', `arn:aws:s3:::logs-${ACCOUNT_A}`, 'arn:aws:sns:eu-west-1:111111111111:*'],
    value: (pick) => (pick.chance(0.4) ? pick.one(['arn:aws:sns:eu-west-1:111111111111:alerts', 'arn:aws:s3:::logs-111111111111', 'not-an-arn']) : undefined),
  },
  {
    key: 'aws:MultiFactorAuthAge',
    operators: NUMERIC_OPS,
    policyValues: ['300', '3600', '86400', '0.5'],
    value: (pick) => (pick.chance(0.6) ? pick.one(['0', '120', '300', '5000', '99999']) : undefined),
  },
  {
    key: 'aws:CurrentTime',
    operators: DATE_OPS,
    policyValues: ['2024-06-01T00:00:00Z', '2024-06-15T12:30:00Z', '2025-01-01', '2024-06-15T14:30:00+02:00'],
    value: (pick) => pick.one(['2024-05-31T23:59:59Z', '2024-06-15T12:30:00Z', '2024-12-31T00:00:00Z', '2025-06-01T08:00:00Z']),
  },
  {
    key: 'aws:EpochTime',
    operators: DATE_OPS,
    policyValues: ['1718454600', '1704067200', '1735689600'],
    value: (pick) => pick.one(['1718454600', '1700000000', '1720000000', '1740000000']),
  },
  {
    key: 'aws:TokenIssueTime',
    operators: DATE_OPS,
    policyValues: ['2024-06-01T00:00:00Z', '1717200000'],
    value: (pick, caller) => (caller.principal.kind === 'AssumedRole' ? pick.one(['2024-05-01T00:00:00Z', '2024-07-01T00:00:00Z']) : undefined),
  },
  {
    key: 'aws:SecureTransport',
    operators: ['Bool'],
    policyValues: ['true', 'false', 'True'],
    value: (pick) => (pick.chance(0.9) ? pick.one(['true', 'false']) : undefined),
  },
  {
    key: 'aws:MultiFactorAuthPresent',
    operators: ['Bool'],
    policyValues: ['true', 'false'],
    value: (pick, caller) => (caller.principal.kind === 'AssumedRole' ? pick.one(['true', 'false']) : undefined),
  },
  {
    key: 'aws:SourceIp',
    operators: ['IpAddress', 'NotIpAddress'],
    policyValues: ['10.0.0.0/8', '192.168.1.0/24', '203.0.113.7', '203.0.113.0/25', '2001:db8::/32', '0.0.0.0/0'],
    value: (pick) => (pick.chance(0.9) ? pick.one(['10.1.2.3', '192.168.1.50', '192.168.2.1', '203.0.113.7', '203.0.113.200', '2001:db8::1', '2001:db9::1']) : undefined),
  },
  {
    key: 'aws:TagKeys',
    operators: ['ForAnyValue:StringEquals', 'ForAllValues:StringEquals', 'ForAnyValue:StringLike', 'ForAllValues:StringLike', 'ForAllValues:StringNotEquals', 'ForAnyValue:StringNotEquals', 'StringEquals'],
    policyValues: ['env', 'team', 'cost*', 'owner'],
    value: (pick) => (pick.chance(0.7) ? pick.one([['env'], ['env', 'team'], ['costcenter'], ['team', 'owner'], []]) : undefined),
  },
  {
    key: 'aws:CalledVia',
    operators: ['ForAnyValue:StringEquals', 'ForAllValues:StringEquals', 'ForAnyValue:StringLike'],
    policyValues: ['cloudformation.amazonaws.com', 'athena.amazonaws.com', '*.amazonaws.com'],
    value: (pick) => (pick.chance(0.3) ? pick.one([['cloudformation.amazonaws.com'], ['athena.amazonaws.com', 'cloudformation.amazonaws.com']]) : undefined),
  },
  {
    key: 'aws:PrincipalOrgPaths',
    operators: ['ForAnyValue:StringLike', 'ForAllValues:StringLike', 'ForAnyValue:StringEquals'],
    policyValues: ['o-aaaa1111/r-ab12/ou-ab12-11111111/*', 'o-aaaa1111/*'],
    value: (pick) => (pick.chance(0.5) ? [pick.one(['o-aaaa1111/r-ab12/ou-ab12-11111111/', 'o-bbbb2222/r-cd34/'])] : undefined),
  },
];

function condition(pick: Picker, caller: Caller, action: string, context: Record<string, string | string[]>): Json {
  const block: Record<string, Record<string, string | string[]>> = {};
  for (const spec of pick.some(KEYS, 1, 2)) {
    let operator = pick.one(spec.operators);
    const roll = pick.next();
    if (roll < 0.15) operator = 'Null';
    else if (roll < 0.3 && !operator.startsWith('For')) operator = `${operator}IfExists`;
    const values = operator === 'Null' ? [pick.one(['true', 'false'])] : pick.some(spec.policyValues, 1, 2);
    block[operator] ??= {};
    block[operator][spec.key] = values.length === 1 && pick.chance(0.5) ? values[0] : values;
    if (!(spec.key in context)) {
      const value = spec.value(pick, caller, action);
      if (value !== undefined) context[spec.key] = value;
    }
  }
  return block;
}

// ---- policies ------------------------------------------------------------------------------------

interface StatementOptions {
  action: string;
  resource: string;
  account: string;
  caller: Caller;
  context: Record<string, string | string[]>;
  denyRate: number;
  conditionRate: number;
}

function statement(pick: Picker, o: StatementOptions): Json {
  const s: Json = { Effect: pick.chance(o.denyRate) ? 'Deny' : 'Allow' };
  if (pick.chance(0.5)) s.Sid = `S${pick.int(0, 9999)}`;
  const actions = actionPatterns(pick, o.action);
  if (pick.chance(0.1)) s.NotAction = actions;
  else s.Action = actions.length === 1 ? actions[0] : actions;
  const resources = resourcePatterns(pick, o.resource, o.account, o.caller);
  if (pick.chance(0.08)) s.NotResource = resources;
  else s.Resource = resources.length === 1 ? resources[0] : resources;
  if (pick.chance(o.conditionRate)) s.Condition = condition(pick, o.caller, o.action, o.context);
  return s;
}

function policy(statements: Json[]): Json {
  return { Version: '2012-10-17', Statement: statements };
}

function principalElement(pick: Picker, caller: Caller, account: string, effect: string): { key: 'Principal' | 'NotPrincipal'; value: unknown } {
  const p = caller.principal;
  const own = p.accountId;
  const options: unknown[] = [
    '*',
    { AWS: own },
    { AWS: `arn:aws:iam::${own}:root` },
    { AWS: p.kind === 'Root' ? `arn:aws:iam::${own}:root` : caller.oracle },
    { AWS: `arn:aws:iam::${own}:role/app` },
    { AWS: `arn:aws:iam::${own}:user/alice` },
    { AWS: [`arn:aws:iam::${own}:user/bob`, ACCOUNT_B] },
    { AWS: account === ACCOUNT_A ? ACCOUNT_B : ACCOUNT_A },
    { Service: 'sns.amazonaws.com' },
  ];
  // NotPrincipal, rarely: with a Deny, listing every identity of the caller (as AWS asks) or only some.
  if (effect === 'Deny' && p.kind !== 'Root' && pick.chance(0.06)) {
    const all = p.kind === 'AssumedRole' ? [caller.oracle, p.roleArn!, `arn:aws:iam::${own}:root`] : [caller.oracle, `arn:aws:iam::${own}:root`];
    return { key: 'NotPrincipal', value: { AWS: pick.chance(0.6) ? all : [`arn:aws:iam::${own}:user/bob`] } };
  }
  return { key: 'Principal', value: pick.one(options) };
}

// ---- cases ---------------------------------------------------------------------------------------

export function generateCases(count: number, seed: number): GeneratedCase[] {
  const pick = new Picker(random(seed));
  const cases: GeneratedCase[] = [];
  for (let n = 0; n < count; n++) {
    const target = pick.one(TARGETS);
    const service = pick.chance(0.04) && target.service === 'sqs';
    const callerAccount = pick.chance(0.8) ? ACCOUNT_A : ACCOUNT_B;
    const caller: Caller = service
      ? { principal: { kind: 'AWSService', arn: 'sns.amazonaws.com', accountId: '', service: 'sns.amazonaws.com' }, oracle: 'sns.amazonaws.com' }
      : pick.one(callers(callerAccount));
    const resourceAccount = target.wildcardOnly ? caller.principal.accountId : pick.chance(0.75) ? ACCOUNT_A : ACCOUNT_B;
    const action = pick.one(target.actions);
    const resource = target.resource(resourceAccount, caller);
    const context: Record<string, string | string[]> = {};
    const base = { action, resource, account: resourceAccount, caller, context };
    const p = caller.principal;
    const hasIdentity = p.kind === 'IAMUser' || p.kind === 'AssumedRole';

    const identityPolicies: GeneratedCase['identityPolicies'] = [];
    if (hasIdentity) {
      for (let i = pick.int(0, 3); i > 0; i--) {
        const statements = Array.from({ length: pick.int(1, 3) }, () => statement(pick, { ...base, denyRate: 0.2, conditionRate: 0.4 }));
        identityPolicies.push({ name: `identity-${identityPolicies.length}`, policy: policy(statements) });
      }
    }
    const c: GeneratedCase = {
      id: `case-${String(n).padStart(4, '0')}`,
      principal: p,
      oraclePrincipal: caller.oracle,
      action,
      resource,
      resourceAccountId: resourceAccount,
      resourcePolicyRequired: target.keyPolicy === true,
      identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      context,
    };
    if (target.keyPolicy || (!target.wildcardOnly && pick.chance(0.6))) {
      const statements = Array.from({ length: pick.int(1, 3) }, () => {
        const s = statement(pick, { ...base, denyRate: 0.2, conditionRate: 0.3 });
        const principal = principalElement(pick, caller, resourceAccount, s.Effect as string);
        return { ...s, [principal.key]: principal.value };
      });
      c.resourcePolicy = policy(statements);
    }
    if (hasIdentity && pick.chance(0.3)) {
      c.permissionsBoundary = policy(Array.from({ length: pick.int(1, 2) }, () => statement(pick, { ...base, denyRate: 0.15, conditionRate: 0.2 })));
    }
    if (p.kind === 'AssumedRole' && pick.chance(0.3)) {
      c.sessionPolicy = policy(Array.from({ length: pick.int(1, 2) }, () => statement(pick, { ...base, denyRate: 0.15, conditionRate: 0.2 })));
    }
    if (p.kind !== 'AWSService' && pick.chance(0.3)) {
      const fullAccess = { name: 'FullAWSAccess', policy: policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]) };
      c.serviceControlPolicies = Array.from({ length: pick.int(1, 2) }, (_, level) => {
        const policies = pick.chance(0.7) ? [fullAccess] : [];
        if (pick.chance(0.6)) {
          const statements = Array.from({ length: pick.int(1, 2) }, () => statement(pick, { ...base, denyRate: 0.5, conditionRate: 0.3 }));
          policies.push({ name: `scp-${level}`, policy: policy(statements) });
        }
        return policies.length > 0 ? policies : [fullAccess];
      });
    }
    if (pick.chance(0.2)) {
      // Customer RCPs may only deny, with Principal "*"; AWS attaches RCPFullAWSAccess to every level.
      const denyStatement = () => {
        const s = statement(pick, { ...base, denyRate: 1, conditionRate: 0.6 });
        delete s.NotAction;
        if (s.Action === undefined || s.Action === '*' || (Array.isArray(s.Action) && s.Action.includes('*'))) s.Action = `${action.split(':')[0]}:*`;
        return { ...s, Effect: 'Deny', Principal: '*' };
      };
      c.resourceControlPolicies = [[{ name: 'rcp-0', policy: policy([denyStatement()]) }]];
    }
    // A few more context keys the policies may not mention.
    for (const spec of pick.some(KEYS, 0, 3)) {
      if (spec.key in context) continue;
      const value = spec.value(pick, caller, action);
      if (value !== undefined) context[spec.key] = value;
    }
    if (caller.userName && pick.chance(0.8)) context['aws:username'] ??= caller.userName;
    cases.push(c);
  }
  return cases;
}
