import { IAMClient, CreateUserCommand, GetUserCommand, ListUsersCommand, CreateAccessKeyCommand, PutUserPolicyCommand, GetUserPolicyCommand, CreatePolicyCommand, AttachUserPolicyCommand, ListAttachedUserPoliciesCommand, CreateRoleCommand, GetRoleCommand, CreateVirtualMFADeviceCommand, GetAccountAuthorizationDetailsCommand, GenerateCredentialReportCommand, GetCredentialReportCommand, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, it, expect } from 'vitest';
import { startInProcess, type TestServer } from '../../helpers/rampart.js';

let server: TestServer;
beforeAll(async () => { server = await startInProcess({ backend: 'sqlite', dev: true }); });
afterAll(async () => { await server?.destroy(); });

it('smoke', async () => {
  const iam = new IAMClient(server.clientConfig());
  const u = await iam.send(new CreateUserCommand({ UserName: 'alice', Tags: [{ Key: 'team', Value: 'x' }] }));
  console.log(u.User);
  console.log((await iam.send(new GetUserCommand({ UserName: 'ALICE' }))).User);
  console.log(await iam.send(new ListUsersCommand({})));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
  console.log(key.AccessKey);
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] }) }));
  console.log(await iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'p' })));
  const p = await iam.send(new CreatePolicyCommand({ PolicyName: 'mp', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] }) }));
  console.log(p.Policy);
  await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: p.Policy!.Arn }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  console.log(await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' })));
  const r = await iam.send(new CreateRoleCommand({ RoleName: 'r1', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: u.User!.Arn }, Action: 'sts:AssumeRole' }] }) }));
  console.log(r.Role, (await iam.send(new GetRoleCommand({ RoleName: 'r1' }))).Role);
  const m = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'dev1' }));
  console.log(m.VirtualMFADevice?.SerialNumber, Buffer.from(m.VirtualMFADevice!.Base32StringSeed!).toString(), m.VirtualMFADevice!.QRCodePNG!.length);
  console.log(JSON.stringify(await iam.send(new GetAccountAuthorizationDetailsCommand({})), null, 1).slice(0, 1500));
  console.log(await iam.send(new GenerateCredentialReportCommand({})));
  console.log(Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content!).toString());
  console.log((await iam.send(new ListPoliciesCommand({ OnlyAttached: true }))).Policies);
  const sts = new STSClient(server.clientConfig({ accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! }));
  console.log(await sts.send(new GetCallerIdentityCommand({})));
  expect(1).toBe(1);
});
