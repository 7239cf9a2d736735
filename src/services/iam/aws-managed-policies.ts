// AWS managed policies (arn:<partition>:iam::aws:policy/<name>): a small set users commonly attach, as
// data. Documents follow AWS's published ones for the services Rampart serves; where AWS's document
// lists services Rampart does not have (ReadOnlyAccess names hundreds), the list is cut to Rampart's.
import { createHash } from 'node:crypto';
import { base32Encode } from '../../identity/base32.js';

export interface AwsManagedPolicy {
  name: string;
  path: string;
  description: string;
  document: string;
  /** Creation and last update of AWS's policy (ISO 8601). */
  createdAt: string;
  updatedAt: string;
  versionId: string;
  policyId: string;
}

type Statement = { Sid?: string; Effect: 'Allow' | 'Deny'; Action?: string[] | string; NotAction?: string[]; Resource: string };

const SERVICES_READ = ['kms', 'ssm', 'secretsmanager', 'iam', 'sts', 's3', 'acm', 'acm-pca', 'cloudtrail', 'logs', 'events', 'guardduty', 'inspector2', 'macie2', 'securityhub', 'shield', 'fms', 'wafv2', 'organizations'];

function policy(name: string, description: string, statements: Statement[], createdAt: string, updatedAt: string, versionId: string, path = '/'): AwsManagedPolicy {
  const document = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  // Stable across installations, in AWS's id shape (ANPA + 17 base32 characters).
  const policyId = 'ANPA' + base32Encode(createHash('sha256').update(`aws-managed-policy/${name}`).digest()).slice(0, 17);
  return { name, path, description, document, createdAt, updatedAt, versionId, policyId };
}

const list = [
  policy('AdministratorAccess', 'Provides full access to AWS services and resources.', [{ Effect: 'Allow', Action: '*', Resource: '*' }], '2015-02-06T18:39:46Z', '2015-02-06T18:39:46Z', 'v1'),
  policy(
    'PowerUserAccess',
    'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['account:GetAccountInformation', 'account:GetPrimaryEmail', 'account:ListRegions', 'iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization'],
        Resource: '*',
      },
    ],
    '2015-02-06T18:39:47Z',
    '2023-07-06T22:04:19Z',
    'v5',
  ),
  policy(
    'ReadOnlyAccess',
    'Provides read-only access to AWS services and resources.',
    [{ Effect: 'Allow', Action: SERVICES_READ.flatMap((s) => [`${s}:Describe*`, `${s}:Get*`, `${s}:List*`]), Resource: '*' }],
    '2015-02-06T18:39:48Z',
    '2024-01-01T00:00:00Z',
    'v1',
  ),
  policy('IAMFullAccess', 'Provides full access to IAM via the AWS Management Console.', [{ Effect: 'Allow', Action: ['iam:*', 'organizations:DescribeAccount', 'organizations:DescribeOrganization', 'organizations:DescribeOrganizationalUnit', 'organizations:DescribePolicy', 'organizations:ListChildren', 'organizations:ListParents', 'organizations:ListPoliciesForTarget', 'organizations:ListRoots', 'organizations:ListPolicies', 'organizations:ListTargetsForPolicy'], Resource: '*' }], '2015-02-06T18:40:38Z', '2019-06-21T19:40:00Z', 'v2'),
  policy('IAMReadOnlyAccess', 'Provides read only access to IAM via the AWS Management Console.', [{ Effect: 'Allow', Action: ['iam:GenerateCredentialReport', 'iam:GenerateServiceLastAccessedDetails', 'iam:Get*', 'iam:List*', 'iam:SimulateCustomPolicy', 'iam:SimulatePrincipalPolicy'], Resource: '*' }], '2015-02-06T18:40:39Z', '2018-01-25T19:11:27Z', 'v4'),
  policy('AWSKeyManagementServicePowerUser', 'Provides access to AWS Key Management Service (KMS).', [{ Effect: 'Allow', Action: ['kms:CreateAlias', 'kms:CreateKey', 'kms:DeleteAlias', 'kms:Describe*', 'kms:GenerateRandom', 'kms:Get*', 'kms:List*', 'kms:TagResource', 'kms:UntagResource', 'iam:ListGroups', 'iam:ListRoles', 'iam:ListUsers'], Resource: '*' }], '2015-02-06T18:40:40Z', '2017-03-07T00:55:11Z', 'v2'),
  policy('SecretsManagerReadWrite', 'Provides read/write access to AWS Secrets Manager via the AWS Management Console.', [{ Sid: 'SecretsManagerReadWrite', Effect: 'Allow', Action: ['secretsmanager:*', 'kms:DescribeKey', 'kms:ListAliases', 'kms:ListKeys', 'tag:GetResources'], Resource: '*' }], '2018-04-04T18:05:29Z', '2020-02-23T18:50:00Z', 'v3'),
  policy('AmazonSSMReadOnlyAccess', 'Provides read only access to Amazon SSM.', [{ Effect: 'Allow', Action: ['ssm:Describe*', 'ssm:Get*', 'ssm:List*'], Resource: '*' }], '2015-05-29T17:44:19Z', '2015-05-29T17:44:19Z', 'v1'),
  policy('AmazonSSMFullAccess', 'Provides full access to Amazon SSM.', [{ Effect: 'Allow', Action: ['ssm:*', 'kms:Decrypt', 'kms:DescribeKey', 'kms:ListAliases'], Resource: '*' }], '2015-05-29T17:39:47Z', '2021-11-19T00:00:00Z', 'v5'),
  policy('AmazonS3ReadOnlyAccess', 'Provides read only access to all buckets via the AWS Management Console.', [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' }], '2015-02-06T18:40:59Z', '2023-08-10T21:31:39Z', 'v3'),
  policy('AmazonS3FullAccess', 'Provides full access to all buckets via the AWS Management Console.', [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }], '2015-02-06T18:40:58Z', '2021-09-27T20:16:37Z', 'v2'),
];

const byName = new Map(list.map((p) => [p.name.toLowerCase(), p]));

export function awsManagedPolicies(): readonly AwsManagedPolicy[] {
  return list;
}

/** The AWS managed policy an ARN names (arn:<partition>:iam::aws:policy<path><name>), if Rampart has it. */
export function awsManagedPolicy(name: string, path: string): AwsManagedPolicy | undefined {
  const found = byName.get(name.toLowerCase());
  return found && found.path === path && found.name === name ? found : undefined;
}
