// The AWS CLI against Organizations, on both backends: create-organization, create-account (and its
// status), list-accounts, create-policy, attach-policy, and the error codes it reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, cliErrorCode } from '../../helpers/aws-cli.js';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { policy } from './support.js';

describe.each(testBackends())('aws organizations on %s', (backend) => {
  let server: TestServer;
  const cli = async (...args: string[]) => {
    const result = await awsCli(server, ['organizations', ...args]);
    if (result.code !== 0) throw new Error(`aws organizations ${args[0]} failed: ${result.stderr}`);
    return JSON.parse(result.stdout || '{}') as Record<string, any>;
  };

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('creates an organization and an account, and lists the accounts', async () => {
    expect(cliErrorCode(await awsCli(server, ['organizations', 'describe-organization']))).toBe('AWSOrganizationsNotInUseException');
    const { Organization } = await cli('create-organization', '--feature-set', 'ALL');
    expect(Organization.Id).toMatch(/^o-[a-z0-9]{10}$/);
    expect(Organization.MasterAccountId).toBe('000000000000');
    expect(cliErrorCode(await awsCli(server, ['organizations', 'create-organization']))).toBe('AlreadyInOrganizationException');

    const { CreateAccountStatus } = await cli('create-account', '--email', 'cli@example.com', '--account-name', 'From the CLI');
    expect(CreateAccountStatus.State).toBe('IN_PROGRESS');
    let status = CreateAccountStatus;
    for (let i = 0; i < 100 && status.State === 'IN_PROGRESS'; i++) {
      status = (await cli('describe-create-account-status', '--create-account-request-id', CreateAccountStatus.Id)).CreateAccountStatus;
    }
    expect(status).toMatchObject({ State: 'SUCCEEDED', AccountId: expect.stringMatching(/^\d{12}$/) });

    const { Accounts } = await cli('list-accounts');
    expect(Accounts.map((a: { Id: string; Name: string }) => [a.Id, a.Name])).toEqual(
      expect.arrayContaining([
        ['000000000000', 'default'],
        [status.AccountId, 'From the CLI'],
      ]),
    );
  });

  it('creates a policy and attaches it', async () => {
    const content = policy({ Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' });
    const { Policy } = await cli('create-policy', '--name', 'no-key-deletion', '--type', 'SERVICE_CONTROL_POLICY', '--description', 'keys stay', '--content', content);
    expect(Policy.PolicySummary).toMatchObject({ Name: 'no-key-deletion', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false });
    expect(Policy.Content).toBe(content);
    const rootId = (await cli('list-roots')).Roots[0].Id;

    await cli('attach-policy', '--policy-id', Policy.PolicySummary.Id, '--target-id', rootId);
    const { Policies } = await cli('list-policies-for-target', '--target-id', rootId, '--filter', 'SERVICE_CONTROL_POLICY');
    expect(Policies.map((p: { Id: string }) => p.Id).sort()).toEqual(['p-FullAWSAccess', Policy.PolicySummary.Id].sort());
    expect(cliErrorCode(await awsCli(server, ['organizations', 'attach-policy', '--policy-id', Policy.PolicySummary.Id, '--target-id', rootId]))).toBe(
      'DuplicatePolicyAttachmentException',
    );
    expect(cliErrorCode(await awsCli(server, ['organizations', 'create-policy', '--name', 'bad', '--type', 'SERVICE_CONTROL_POLICY', '--description', '', '--content', '{']))).toBe(
      'MalformedPolicyDocumentException',
    );
  });
});
