// The IAM evaluator on its own: decisions per second for a realistic principal (a role session with 10
// identity policies of 50 statements in all, with conditions, a permissions boundary, a session policy,
// two levels of SCPs), against a KMS key policy and without a resource policy, once its policies are
// compiled and cached. Also the cost of compiling a policy the first time. Imports the built dist/iam.
// Run alone (`node bench/iam-evaluator.mjs`, after `npm run build`) or from bench/run.mjs.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { clearPolicyCache, evaluate, globalContext, parsePolicy } from '../dist/iam/index.js';
import { num, table } from './lib/report.mjs';

const ACCOUNT = '111111111111';
const SECONDS = Number(process.env.RAMPART_BENCH_SECONDS ?? 5);

const principal = {
  kind: 'AssumedRole',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/payments-app/i-0abc`,
  accountId: ACCOUNT,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/payments-app`,
};

const SERVICES = ['s3', 'dynamodb', 'sqs', 'sns', 'kms', 'secretsmanager', 'ssm', 'logs', 'ec2', 'lambda'];

/** Policy i: five statements about service i, with the conditions real policies carry. */
function identityPolicy(i) {
  const service = SERVICES[i];
  // S3 ARNs name neither region nor account.
  const resource = service === 's3' ? 'arn:aws:s3:::*' : `arn:aws:${service}:*:${ACCOUNT}:*`;
  const regional = service === 's3' ? 'arn:aws:s3:::ledger*' : `arn:aws:${service}:us-east-1:${ACCOUNT}:*`;
  return {
    id: `arn:aws:iam::${ACCOUNT}:policy/${service}-access`,
    document: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Read', Effect: 'Allow', Action: [`${service}:Get*`, `${service}:List*`, `${service}:Describe*`], Resource: resource },
        {
          Sid: 'Write',
          Effect: 'Allow',
          Action: [`${service}:Put*`, `${service}:Create*`, `${service}:Update*`],
          Resource: regional,
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'payments', 'aws:RequestedRegion': ['us-east-1', 'us-west-2'] } },
        },
        {
          Sid: 'Crypto',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'],
          Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/*`,
          Condition: { StringLike: { 'kms:EncryptionContext:app': ['payments-*'] }, Bool: { 'aws:SecureTransport': 'true' } },
        },
        {
          Sid: 'OfficeHours',
          Effect: 'Allow',
          Action: `${service}:Delete*`,
          Resource: resource,
          Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' }, IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] } },
        },
        {
          Sid: 'NoUntagged',
          Effect: 'Deny',
          Action: `${service}:Tag*`,
          Resource: '*',
          Condition: { 'ForAnyValue:StringNotLike': { 'aws:TagKeys': ['team', 'cost-*'] } },
        },
      ],
    }),
  };
}

const identityPolicies = Array.from({ length: 10 }, (_, i) => identityPolicy(i));
const permissionsBoundary = {
  id: `arn:aws:iam::${ACCOUNT}:policy/boundary`,
  document: JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: ['iam:*', 'organizations:*'], Resource: '*' },
    ],
  }),
};
const sessionPolicies = [
  { id: 'session', document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }) },
];
const serviceControlPolicies = [
  [{ id: 'p-FullAWSAccess', document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }],
  [
    {
      id: 'p-region-guard',
      document: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'us-west-2', 'eu-west-1'] } } },
        ],
      }),
    },
  ],
];
const keyPolicy = {
  id: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  document: JSON.stringify({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'Admins', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/admin` }, Action: ['kms:Create*', 'kms:Put*', 'kms:ScheduleKeyDeletion'], Resource: '*' },
      { Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ],
  }),
};

const context = {
  ...globalContext({
    principal,
    principalId: 'AROAEXAMPLE:i-0abc',
    principalTags: { team: 'payments', 'cost-center': '42' },
    now: Date.UTC(2025, 5, 1, 12),
    sourceIp: '10.1.2.3',
    secureTransport: true,
    requestedRegion: 'us-east-1',
    temporaryCredentials: true,
    tokenIssueTime: Date.UTC(2025, 5, 1, 11),
  }),
  'kms:EncryptionContext:app': 'payments-ledger',
};

const base = { principal, identityPolicies, permissionsBoundary, sessionPolicies, serviceControlPolicies, context, resourceAccountId: ACCOUNT };
const REQUESTS = [
  { ...base, action: 'kms:Decrypt', resource: keyPolicy.id, resourcePolicy: keyPolicy, resourcePolicyRequired: true },
  { ...base, action: 's3:GetObject', resource: 'arn:aws:s3:::ledger/2025/06/01.json' },
  { ...base, action: 'dynamodb:PutItem', resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Ledger` },
  { ...base, action: 'lambda:DeleteFunction', resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:reconcile` },
  { ...base, action: 'iam:CreateUser', resource: `arn:aws:iam::${ACCOUNT}:user/mallory` },
  { ...base, action: 'sqs:TagQueue', resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders` },
];

/** Decisions per second; `freshContext` builds the request context anew for each decision, as the pipeline does. */
function measureDecisions(seconds, freshContext) {
  const decide = freshContext ? (r) => evaluate({ ...r, context: { ...r.context } }) : evaluate;
  // Warm up: compile and cache every policy, let the JIT settle.
  for (let i = 0; i < 20_000; i++) decide(REQUESTS[i % REQUESTS.length]);
  let decisions = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) decide(REQUESTS[i % REQUESTS.length]);
    decisions += 1000;
  }
  return decisions / ((performance.now() - start) / 1000);
}

function measureCompile() {
  const documents = [...identityPolicies, keyPolicy].map((p) => p.document);
  const rounds = 200;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    clearPolicyCache();
    for (const document of documents) parsePolicy(document, { kind: document === keyPolicy.document ? 'resource' : 'identity', service: 'kms' });
  }
  return ((performance.now() - start) * 1000) / (rounds * documents.length);
}

export async function iamEvaluatorBenchmark() {
  const decisions = REQUESTS.map((r) => `${r.action}: ${evaluate(r).decision}`);
  const perSecond = measureDecisions(SECONDS / 2, false);
  const perSecondFresh = measureDecisions(SECONDS / 2, true);
  const compileMicros = measureCompile();
  table(
    'IAM evaluator (role session: 10 identity policies / 50 statements with conditions, boundary, session policy, 2 SCP levels; KMS key policy)',
    ['measure', 'value'],
    [
      ['decisions per second (1 core), context reused', num(perSecond)],
      ['microseconds per decision, context reused', (1e6 / perSecond).toFixed(2)],
      ['decisions per second (1 core), context built per request', num(perSecondFresh)],
      ['microseconds per decision, context built per request', (1e6 / perSecondFresh).toFixed(2)],
      ['microseconds to validate + compile one policy', compileMicros.toFixed(1)],
    ],
  );
  console.log(`decisions: ${decisions.join(', ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await iamEvaluatorBenchmark();
