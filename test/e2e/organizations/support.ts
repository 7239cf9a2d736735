// Shared by the Organizations end-to-end tests: clients, reading SDK failures (with Organizations'
// Reason member), waiting for CreateAccount, and reaching a member account the way AWS intends: an
// administrator of the management account assumes the account's OrganizationAccountAccessRole.
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateAccountCommand, DescribeCreateAccountStatusCommand, OrganizationsClient, type CreateAccountStatus } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Credentials, TestServer } from '../../helpers/rampart.js';

export { policy } from '../iam/support.js';

// Tests here create KMS keys faster than AWS's default CreateKey quota; in-process servers read this.
process.env.RAMPART_KMS_QUOTAS ??= JSON.stringify({ '*': 100_000 });

export const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const FULL_AWS_ACCESS = 'p-FullAWSAccess';

export interface Failure {
  name: string;
  status: number | undefined;
  message: string;
  reason: string | undefined;
}

/** The error a call fails with (the test fails if it succeeds). */
export async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number }; Reason?: string };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message, reason: e.Reason };
  }
  throw new Error('the call succeeded');
}

export const organizations = (server: TestServer, credentials?: Credentials) => new OrganizationsClient(server.clientConfig(credentials));

/** Development mode: a 12-digit access key id acts as the root user of that account. */
export const rootOf = (accountId: string): Credentials => ({ accessKeyId: accountId, secretAccessKey: 'x'.repeat(40) });

/** Polls DescribeCreateAccountStatus until the request leaves IN_PROGRESS. */
export async function finished(client: OrganizationsClient, requestId: string): Promise<CreateAccountStatus> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = (await client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }))).CreateAccountStatus!;
    if (status.State !== 'IN_PROGRESS') return status;
    if (Date.now() > deadline) throw new Error(`account creation ${requestId} still in progress`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Creates a member account and waits for it; returns its id. */
export async function createAccount(client: OrganizationsClient, name: string, email = `${name}@example.com`): Promise<string> {
  const started = (await client.send(new CreateAccountCommand({ AccountName: name, Email: email }))).CreateAccountStatus!;
  const status = await finished(client, started.Id!);
  if (status.State !== 'SUCCEEDED') throw new Error(`account creation failed: ${status.FailureReason}`);
  return status.AccountId!;
}

/** An IAM user with AdministratorAccess and an access key, in the account `iam` acts in. */
export async function adminUser(iam: IAMClient, name: string): Promise<Credentials> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: ADMIN_POLICY }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

/** A session of the member account's OrganizationAccountAccessRole, assumed by `caller` of the management account. */
export async function accessRoleSession(server: TestServer, caller: Credentials, accountId: string, roleName = 'OrganizationAccountAccessRole'): Promise<Credentials> {
  const sts = new STSClient(server.clientConfig(caller));
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: 'admin' }));
  return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
}

export const iamClient = (server: TestServer, credentials?: Credentials) => new IAMClient(server.clientConfig(credentials));
