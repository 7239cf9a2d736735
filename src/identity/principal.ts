// Who is calling: the identity the pipeline established from the request's credentials.
// Field names follow CloudTrail's userIdentity, which every audit record and policy check reads.
import type { AccessKeyRecord } from './access-keys.js';

export type PrincipalType = 'Root' | 'IAMUser' | 'AssumedRole' | 'FederatedUser';

/** What temporary credentials carry from STS into every request signed with them. */
export interface PrincipalSession {
  /** When the credentials were issued, ms since the epoch (aws:TokenIssueTime). */
  issuedAt: number;
  /** When the caller authenticated with MFA, ms since the epoch: aws:MultiFactorAuthPresent is true and aws:MultiFactorAuthAge counts from it. */
  mfaAuthenticatedAt?: number;
  /** aws:SourceIdentity. */
  sourceIdentity?: string;
  /** Session tags (aws:PrincipalTag/<key>, over the role's own tags). */
  tags?: Readonly<Record<string, string>>;
  /** Role sessions: the role's ARN with its path (the assumed-role ARN has no path). */
  roleArn?: string;
}

export interface Principal {
  type: PrincipalType;
  accountId: string;
  partition: string;
  /** arn:<partition>:iam::<account>:root | :user/<path><name> | arn:<partition>:sts::<account>:assumed-role/<role>/<session> */
  arn: string;
  /** Root: the account id; IAM user: AIDA...; role session: AROA...:<session>. */
  principalId: string;
  userName?: string;
  accessKeyId: string;
  /** True when the request was signed with temporary (session) credentials. */
  temporary: boolean;
  /** Development mode accepted credentials Rampart does not know, without checking the signature. */
  unverified: boolean;
  /** Temporary credentials: what their session was issued with. */
  session?: PrincipalSession;
}

export function rootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/** The Principal an access key record acts as (for the pipeline's authenticate stage). */
export function principalFromAccessKey(record: AccessKeyRecord, partition: string, accessKeyId: string): Principal {
  const temporary = record.sessionToken !== undefined;
  const base = { accountId: record.accountId, partition, accessKeyId, temporary, unverified: false };
  let principal: Principal;
  const owner = record.owner;
  switch (owner.type) {
    case 'Root':
      principal = { ...base, type: 'Root', arn: rootArn(partition, record.accountId), principalId: record.accountId };
      break;
    case 'IAMUser':
      principal = {
        ...base,
        type: 'IAMUser',
        arn: `arn:${partition}:iam::${record.accountId}:user${owner.path}${owner.userName}`,
        principalId: owner.userId,
        userName: owner.userName,
      };
      break;
    case 'AssumedRole':
      principal = {
        ...base,
        type: 'AssumedRole',
        arn: `arn:${partition}:sts::${record.accountId}:assumed-role/${owner.roleName}/${owner.sessionName}`,
        principalId: `${owner.roleId}:${owner.sessionName}`,
      };
      break;
  }
  const session = record.session;
  if (session) {
    const carried: PrincipalSession = { issuedAt: session.issuedAt };
    if (session.mfaAuthenticatedAt !== undefined) carried.mfaAuthenticatedAt = session.mfaAuthenticatedAt;
    if (session.sourceIdentity !== undefined) carried.sourceIdentity = session.sourceIdentity;
    if (session.tags !== undefined) carried.tags = session.tags;
    if (owner.type === 'AssumedRole') {
      carried.roleArn = session.roleArn ?? `arn:${partition}:iam::${record.accountId}:role${owner.path}${owner.roleName}`;
    }
    principal.session = carried;
  }
  return principal;
}
