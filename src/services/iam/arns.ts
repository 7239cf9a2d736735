// IAM ARNs: global (no region), arn:<partition>:iam::<account>:<type>/<path><name>. AWS managed
// policies live in the pseudo-account "aws".
export const userArn = (partition: string, accountId: string, path: string, name: string) => `arn:${partition}:iam::${accountId}:user${path}${name}`;
export const groupArn = (partition: string, accountId: string, path: string, name: string) => `arn:${partition}:iam::${accountId}:group${path}${name}`;
export const roleArn = (partition: string, accountId: string, path: string, name: string) => `arn:${partition}:iam::${accountId}:role${path}${name}`;
export const policyArn = (partition: string, accountId: string, path: string, name: string) => `arn:${partition}:iam::${accountId}:policy${path}${name}`;
export const mfaArn = (partition: string, accountId: string, path: string, name: string) => `arn:${partition}:iam::${accountId}:mfa${path}${name}`;

export interface ParsedIamArn {
  partition: string;
  /** 12 digits, or "aws" for AWS managed policies. */
  accountId: string;
  type: string;
  path: string;
  name: string;
}

/** Splits arn:<p>:iam::<account>:<type>/<path...>/<name>; undefined when it is not such an ARN. */
export function parseIamArn(arn: string): ParsedIamArn | undefined {
  const match = /^arn:(aws[a-z-]*):iam::(\d{12}|aws):([a-z-]+)(\/.*)$/.exec(arn);
  if (!match) return undefined;
  const [, partition, accountId, type, rest] = match;
  const slash = rest.lastIndexOf('/');
  const name = rest.slice(slash + 1);
  if (name === '') return undefined;
  return { partition, accountId, type, path: rest.slice(0, slash + 1), name };
}

/** The ARN a policy statement names an IAM entity by; `*` for the account root. */
export function accountRootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}
