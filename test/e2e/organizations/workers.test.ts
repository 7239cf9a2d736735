// SCP changes count from the next request on every worker: the built CLI with two worker processes,
// each request on a new connection (the primary hands connections to the workers in turn), so both
// workers' guardrail caches are warm before a change and both must see it at once.
import { Agent, get as httpGet } from 'node:http';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { AttachPolicyCommand, CreateOrganizationCommand, CreatePolicyCommand, DetachPolicyCommand, ListRootsCommand } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild, testBackends, type ChildServer, type Credentials } from '../../helpers/rampart.js';
import { accessRoleSession, adminUser, createAccount, iamClient, organizations, policy } from './support.js';

function healthPid(endpoint: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet(`${endpoint}/_rampart/health`, { agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve((JSON.parse(text) as { pid: number }).pid));
    }).on('error', reject);
  });
}

describe.each(testBackends())('guardrails across worker processes on %s', (backend) => {
  let server: ChildServer;
  let session: Credentials;

  /** Outcomes of `n` ListUsers calls by the member account's administrator, each on a new connection. */
  async function listUsers(n: number): Promise<string[]> {
    const iam = new IAMClient({ ...server.clientConfig(session), requestHandler: { httpAgent: new Agent({ keepAlive: false }) } });
    const outcomes: string[] = [];
    for (let i = 0; i < n; i++) {
      outcomes.push(await iam.send(new ListUsersCommand({})).then(() => 'allowed', (error: Error) => error.name));
    }
    return outcomes;
  }

  beforeAll(async () => {
    server = await startChild({ backend, dev: true, env: { RAMPART_WORKERS: '2' } });
    const pids = new Set<number>();
    for (let i = 0; i < 500 && pids.size < 2; i++) {
      pids.add(await healthPid(server.endpoint));
      if (pids.size < 2) await new Promise((r) => setTimeout(r, 10));
    }
    expect(pids.size).toBe(2);
    const org = organizations(server);
    await org.send(new CreateOrganizationCommand({}));
    const admin = await adminUser(iamClient(server), 'admin');
    session = await accessRoleSession(server, admin, await createAccount(org, 'workers'));
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('an attached SCP denies on every worker from the next request, and a detached one stops denying', async () => {
    const org = organizations(server);
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
    const deny = (await org.send(new CreatePolicyCommand({ Name: 'no-listing', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: policy({ Effect: 'Deny', Action: 'iam:ListUsers', Resource: '*' }) })))
      .Policy!.PolicySummary!.Id!;
    expect(await listUsers(6)).toEqual(Array(6).fill('allowed'));
    await org.send(new AttachPolicyCommand({ PolicyId: deny, TargetId: rootId }));
    expect(await listUsers(6)).toEqual(Array(6).fill('AccessDenied'));
    await org.send(new DetachPolicyCommand({ PolicyId: deny, TargetId: rootId }));
    expect(await listUsers(6)).toEqual(Array(6).fill('allowed'));
  });
});
