// Who is calling: the identity the pipeline established from the request's credentials.
// Field names follow CloudTrail's userIdentity, which every audit record and policy check reads.

export type PrincipalType = 'Root' | 'IAMUser' | 'AssumedRole' | 'FederatedUser';

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
}

export function rootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}
