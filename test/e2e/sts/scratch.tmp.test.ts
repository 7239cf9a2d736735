import { vi, it, expect, beforeAll, afterAll } from 'vitest';
vi.mock('../../../src/server/authorize.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../../src/server/authorize.js')>();
  const { evaluate } = await import('../../../src/iam/index.js');
  const { createIamIdentityPolicySource } = await import('../../../src/services/iam/index.js');
  return { ...orig, createAuthorizer: () => orig.createAuthorizer(evaluate, createIamIdentityPolicySource()) };
});
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand, GetUserCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { startInProcess, type TestServer } from '../../helpers/rampart.js';

let server: TestServer;
beforeAll(async () => { server = await startInProcess({ backend: 'sqlite', dev: true }); });
afterAll(async () => { await server?.destroy(); });

it('scratch', async () => {
  const iam = new IAMClient(server.clientConfig());
  const u = await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
  const creds = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  const aliceIam = new IAMClient(server.clientConfig(creds));
  await aliceIam.send(new GetUserCommand({ UserName: 'alice' })).catch((e) => console.log('denied', e.name, e.message));
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: u.User!.Arn }] }) }));
  console.log((await aliceIam.send(new GetUserCommand({ UserName: 'alice' }))).User?.Arn);
  await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: u.User!.Arn }, Action: 'sts:AssumeRole' }] }) }));
  const sts = new STSClient(server.clientConfig(creds));
  const ar = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/r', RoleSessionName: 's1' }));
  console.log(ar.AssumedRoleUser, ar.Credentials?.Expiration);
  const rs = new STSClient(server.clientConfig({ accessKeyId: ar.Credentials!.AccessKeyId!, secretAccessKey: ar.Credentials!.SecretAccessKey!, sessionToken: ar.Credentials!.SessionToken! }));
  console.log(await rs.send(new GetCallerIdentityCommand({})));
  await new IAMClient(server.clientConfig({ accessKeyId: ar.Credentials!.AccessKeyId!, secretAccessKey: ar.Credentials!.SecretAccessKey!, sessionToken: ar.Credentials!.SessionToken! })).send(new GetUserCommand({ UserName: 'alice' })).catch((e) => console.log('role denied', e.name, e.message));
  await server.advanceClock(3700);
  await rs.send(new GetCallerIdentityCommand({})).catch((e) => console.log('expired', e.name, e.message));
  expect(1).toBe(1);
});
