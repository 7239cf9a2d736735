import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from '../../../test/helpers/stores.js';
import { testBackends } from '../../../test/helpers/postgres.js';
import type { AccessKeyRecord } from '../../identity/access-keys.js';
import type { Principal } from '../../identity/principal.js';
import { createIamIdentityPolicySource, parsedDocument } from './identity-policy-source.js';
import { put, type GroupRecord, type ManagedPolicyRecord, type RoleRecord, type UserRecord } from './records.js';

const ACCOUNT = '123456789012';
const doc = (action: string, effect = 'Allow') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: '*' }] });
const managedArn = `arn:aws:iam::${ACCOUNT}:policy/managed`;

const user: UserRecord = {
  userName: 'Ann',
  userId: 'AIDAANN',
  path: '/',
  createdAt: '2026-01-01T00:00:00Z',
  tags: [{ Key: 'team', Value: 'blue' }],
  inlinePolicies: { own: doc('s3:GetObject') },
  attachedPolicies: [managedArn, 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
  groups: ['devs'],
  accessKeys: [],
  mfaDevices: [],
  permissionsBoundary: managedArn,
};
const group: GroupRecord = { groupName: 'devs', groupId: 'AGPADEVS', path: '/', createdAt: '2026-01-01T00:00:00Z', inlinePolicies: { g: doc('kms:Encrypt') }, attachedPolicies: [] };
const role: RoleRecord = {
  roleName: 'deploy',
  roleId: 'AROADEPLOY',
  path: '/ci/',
  createdAt: '2026-01-01T00:00:00Z',
  assumeRolePolicyDocument: '{}',
  maxSessionDuration: 3600,
  tags: [{ Key: 'team', Value: 'red' }, { Key: 'env', Value: 'prod' }],
  inlinePolicies: { r: doc('iam:*') },
  attachedPolicies: [],
};
const managed: ManagedPolicyRecord = {
  policyName: 'managed',
  policyId: 'ANPAM',
  path: '/',
  arn: managedArn,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  defaultVersionId: 'v2',
  nextVersion: 3,
  versions: [
    { versionId: 'v1', document: doc('ec2:*'), createdAt: '2026-01-01T00:00:00Z' },
    { versionId: 'v2', document: doc('sqs:*'), createdAt: '2026-01-01T00:00:00Z' },
  ],
  tags: [],
};

const principal = (p: Partial<Principal>): Principal => ({ accountId: ACCOUNT, partition: 'aws', accessKeyId: 'AKIAX', temporary: false, unverified: false, type: 'Root', arn: '', principalId: '', ...p });

describe.each(testBackends())('the IAM identity policy source on %s', (backend) => {
  let testStore: TestStore;
  const source = createIamIdentityPolicySource();
  beforeEach(async () => {
    testStore = await createTestStore(backend);
    await testStore.store.transaction((tx) => {
      put(tx, `iam/${ACCOUNT}/user/ann`, user);
      put(tx, `iam/${ACCOUNT}/group/devs`, group);
      put(tx, `iam/${ACCOUNT}/role/deploy`, role);
      put(tx, `iam/${ACCOUNT}/policy/managed`, managed);
    });
  });
  afterEach(() => testStore.destroy());

  it("gives a user its own, its managed (default version) and its groups' policies, its boundary and tags", async () => {
    const identity = await source.policiesOf(principal({ type: 'IAMUser', userName: 'Ann', principalId: 'AIDAANN' }), testStore.store);
    expect(identity.identityPolicies.map((p) => p.id)).toEqual(['user/Ann/inline/own', managedArn, 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'group/devs/inline/g']);
    expect(JSON.stringify(identity.identityPolicies[1].document)).toContain('sqs:*');
    expect(identity.permissionsBoundary!.id).toBe(managedArn);
    expect(identity.tags).toEqual({ team: 'blue' });
  });

  it('gives nothing to the root user, or to a user deleted and created again under the same name', async () => {
    expect(await source.policiesOf(principal({ type: 'Root' }), testStore.store)).toEqual({ identityPolicies: [] });
    const stale = await source.policiesOf(principal({ type: 'IAMUser', userName: 'Ann', principalId: 'AIDAOLD' }), testStore.store);
    expect(stale.identityPolicies).toEqual([]);
  });

  it('gives a role session the role policies, one joined session policy, and session tags over role tags', async () => {
    const record: AccessKeyRecord = {
      accessKeyId: 'ASIAS',
      accountId: ACCOUNT,
      owner: { type: 'AssumedRole', roleName: 'deploy', roleId: 'AROADEPLOY', sessionName: 's', path: '/ci/' },
      status: 'Active',
      secret: 'sealed',
      sessionToken: 'sealed',
      createdAt: '2026-01-01T00:00:00Z',
      session: { issuedAt: 1, policy: doc('iam:ListUsers'), policyArns: [managedArn], tags: { team: 'green' } },
    };
    await testStore.store.transaction((tx) => put(tx, 'cred/ASIAS', record));
    const identity = await source.policiesOf(
      principal({ type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/s`, principalId: 'AROADEPLOY:s', accessKeyId: 'ASIAS', temporary: true }),
      testStore.store,
    );
    expect(identity.identityPolicies.map((p) => p.id)).toEqual(['role/deploy/inline/r']);
    expect(identity.sessionPolicies).toHaveLength(1);
    const statements = (identity.sessionPolicies![0].document as { Statement: { Action: string }[] }).Statement;
    expect(statements.map((s) => s.Action)).toEqual(['iam:ListUsers', 'sqs:*']);
    expect(identity.tags).toEqual({ team: 'green', env: 'prod' });
    // Another role of the same name (a new role id) gives the old session nothing.
    await testStore.store.transaction((tx) => put(tx, `iam/${ACCOUNT}/role/deploy`, { ...role, roleId: 'AROANEW' }));
    const stale = await source.policiesOf(
      principal({ type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/s`, principalId: 'AROADEPLOY:s', accessKeyId: 'ASIAS', temporary: true }),
      testStore.store,
    );
    expect(stale.identityPolicies).toEqual([]);
  });

  it('parses each document text once and shares the frozen result', () => {
    const text = doc('s3:PutObject');
    expect(parsedDocument(text)).toBe(parsedDocument(text));
    expect(Object.isFrozen(parsedDocument(text))).toBe(true);
  });
});
