import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackends } from '../../../test/helpers/postgres.js';
import { createTestStore, type TestStore } from '../../../test/helpers/stores.js';
import type { Principal } from '../../identity/principal.js';
import type { StoreReader } from '../../storage/types.js';
import type { AuthorizationCheck } from '../authorization.js';
import { createOrganizationPolicySource } from './guardrails.js';
import { saveMember, saveOrganization, saveOu, savePolicy, touch, type MemberRecord, type OrganizationRecord, type OrganizationalUnitRecord } from './records.js';

const ORG = 'o-abcdefghij';
const ROOT = 'r-abcd';
const OU = 'ou-abcd-11111111';
const MANAGEMENT = '111111111111';
const MEMBER = '222222222222';
const OUTSIDER = '333333333333';
const deny = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });
const rcpDeny = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: action, Resource: '*' }] });
const scpArn = (id: string) => `arn:aws:organizations::${MANAGEMENT}:policy/${ORG}/service_control_policy/${id}`;
const fullAccessArn = 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess';

const principal = (accountId: string, extra: Partial<Principal> = {}): Principal => ({
  type: 'IAMUser',
  accountId,
  partition: 'aws',
  arn: `arn:aws:iam::${accountId}:user/u`,
  principalId: 'AIDAU',
  accessKeyId: 'AKIAU',
  temporary: false,
  unverified: false,
  ...extra,
});
const check = (action: string, accountId: string, context?: Record<string, string>): AuthorizationCheck => ({
  action,
  resource: { arn: `arn:aws:kms:us-east-1:${accountId}:key/k`, accountId, ...(context ? { context } : {}) },
});

/** A reader that counts what it is asked, to hold the per-request cost down. */
function counting(reader: StoreReader) {
  const counts = { get: 0, list: 0 };
  const wrapped: StoreReader = {
    get: (key) => {
      counts.get++;
      return reader.get(key);
    },
    list: (options) => {
      counts.list++;
      return reader.list(options);
    },
  };
  return { reader: wrapped, counts };
}

function member(accountId: string, path: string[], extra: Partial<MemberRecord> = {}): MemberRecord {
  return {
    accountId,
    organizationId: ORG,
    management: false,
    name: accountId,
    joinedMethod: 'CREATED',
    joinedAt: 0,
    parentId: path[path.length - 1],
    path,
    policies: { SERVICE_CONTROL_POLICY: ['p-FullAWSAccess'], RESOURCE_CONTROL_POLICY: ['p-RCPFullAWSAccess'] },
    tags: [],
    ...extra,
  };
}

describe.each(testBackends())('organization guardrails on %s', (backend) => {
  let testStore: TestStore;
  let org: OrganizationRecord;

  beforeEach(async () => {
    testStore = await createTestStore(backend);
    org = {
      id: ORG,
      managementAccountId: MANAGEMENT,
      featureSet: 'ALL',
      createdAt: 0,
      rootId: ROOT,
      rootPolicies: { SERVICE_CONTROL_POLICY: ['p-FullAWSAccess', 'p-denykms1'], RESOURCE_CONTROL_POLICY: ['p-RCPFullAWSAccess', 'p-rcpdeny1'] },
      rootTags: [],
      enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'],
      generation: 0,
    };
    const ou: OrganizationalUnitRecord = { id: OU, name: 'Apps', parentId: ROOT, path: [ROOT], policies: { SERVICE_CONTROL_POLICY: ['p-allowlst'] }, tags: [], createdAt: 0 };
    await testStore.store.transaction((tx) => {
      saveOrganization(tx, org);
      saveOu(tx, ORG, ou);
      savePolicy(tx, ORG, { id: 'p-denykms1', name: 'deny', description: '', type: 'SERVICE_CONTROL_POLICY', content: deny('kms:ScheduleKeyDeletion'), tags: [], createdAt: 0 });
      savePolicy(tx, ORG, { id: 'p-allowlst', name: 'allow', description: '', type: 'SERVICE_CONTROL_POLICY', content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }), tags: [], createdAt: 0 });
      savePolicy(tx, ORG, { id: 'p-rcpdeny1', name: 'rcp', description: '', type: 'RESOURCE_CONTROL_POLICY', content: rcpDeny('kms:Decrypt'), tags: [], createdAt: 0 });
      saveMember(tx, member(MANAGEMENT, [ROOT], { management: true }));
      saveMember(tx, member(MEMBER, [ROOT, OU]));
    });
  });
  afterEach(async () => {
    await testStore.destroy();
  });

  it('gives a member account its SCP levels, root first, named by ARN, and the organization keys', async () => {
    const source = createOrganizationPolicySource();
    const guardrails = await source.forRequest(principal(MEMBER), testStore.store);
    expect(guardrails.organizationId).toBe(ORG);
    expect(guardrails.organizationPaths).toEqual([`${ORG}/${ROOT}/${OU}/`]);
    expect(guardrails.serviceControlPolicies!.map((level) => level.map((p) => p.id))).toEqual([
      [fullAccessArn, scpArn('p-denykms1')],
      [scpArn('p-allowlst')],
      [fullAccessArn],
    ]);
  });

  it('reads one record for callers outside organizations and for the management account, two for members once warm', async () => {
    const source = createOrganizationPolicySource();
    for (const [account, expected] of [
      [OUTSIDER, 1],
      [MANAGEMENT, 1],
    ] as const) {
      const { reader, counts } = counting(testStore.store);
      const guardrails = await source.forRequest(principal(account), reader);
      expect(guardrails.serviceControlPolicies).toBeUndefined();
      // RCPs of the caller's own account need no further read.
      expect(await guardrails.resourceControlPolicies(check('kms:Decrypt', account))).toBeUndefined();
      expect(counts).toEqual({ get: expected, list: 0 });
    }
    await source.forRequest(principal(MEMBER), testStore.store); // compiles the organization
    const { reader, counts } = counting(testStore.store);
    const guardrails = await source.forRequest(principal(MEMBER), reader);
    await guardrails.resourceControlPolicies(check('kms:Decrypt', MEMBER));
    expect(counts).toEqual({ get: 2, list: 0 });
  });

  it('sees a change made through another process on the next request', async () => {
    const worker1 = createOrganizationPolicySource();
    const worker2 = createOrganizationPolicySource();
    await worker1.forRequest(principal(MEMBER), testStore.store);
    await worker2.forRequest(principal(MEMBER), testStore.store);
    const other = await testStore.reopen();
    try {
      await other.transaction(async (tx) => {
        savePolicy(tx, ORG, { id: 'p-denykms1', name: 'deny', description: '', type: 'SERVICE_CONTROL_POLICY', content: deny('kms:Decrypt'), tags: [], createdAt: 0 });
        touch(tx, org);
      });
    } finally {
      await other.close();
    }
    for (const worker of [worker1, worker2]) {
      const levels = (await worker.forRequest(principal(MEMBER), testStore.store)).serviceControlPolicies!;
      expect(levels[0][1].document).toBe(deny('kms:Decrypt'));
    }
  });

  it('exempts service-linked roles from SCPs and RCPs', async () => {
    const slr = principal(MEMBER, { type: 'AssumedRole', session: { issuedAt: 0, roleArn: `arn:aws:iam::${MEMBER}:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForSSM` } });
    const guardrails = await createOrganizationPolicySource().forRequest(slr, testStore.store);
    expect(guardrails.serviceControlPolicies).toBeUndefined();
    expect(await guardrails.resourceControlPolicies(check('kms:Decrypt', MEMBER))).toBeUndefined();
    expect(guardrails.organizationId).toBe(ORG);
  });

  it('applies RCPs to member-account resources of the services that support them, whoever calls', async () => {
    const source = createOrganizationPolicySource();
    const outside = await source.forRequest(principal(OUTSIDER), testStore.store);
    // RCPFullAWSAccess is left out; a caller outside the organization sees the policy's id, not its ARN.
    expect((await outside.resourceControlPolicies(check('kms:Decrypt', MEMBER)))!.map((level) => level.map((p) => p.id))).toEqual([['p-rcpdeny1']]);
    const inside = await source.forRequest(principal(MEMBER), testStore.store);
    expect((await inside.resourceControlPolicies(check('kms:Decrypt', MEMBER)))![0][0].id).toBe(
      `arn:aws:organizations::${MANAGEMENT}:policy/${ORG}/resource_control_policy/p-rcpdeny1`,
    );
    // Not IAM (no RCP support), not AWS managed KMS keys, not the management account's resources.
    expect(await outside.resourceControlPolicies(check('iam:GetUser', MEMBER))).toBeUndefined();
    expect(await outside.resourceControlPolicies(check('kms:Decrypt', MEMBER, { 'kms:KeyManager': 'AWS' }))).toBeUndefined();
    expect(await outside.resourceControlPolicies(check('kms:Decrypt', MANAGEMENT))).toBeUndefined();
  });
});
