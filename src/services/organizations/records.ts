// Organizations' state as stored. Organizations is global, so keys have no region:
//   organizations/member/<account>                    an account's membership: its organization, its place in the
//                                                    tree (root first), its attached policies, name, email, tags
//   organizations/email/<lower email>                 which account an email address belongs to (unique, as in AWS)
//   organizations/org/<org>                           the organization and its root (root policies, enabled types)
//   organizations/org/<org>/account/<account>         the organization's accounts, with each one's parent (listings)
//   organizations/org/<org>/ou/<ou>                   an organizational unit, with its path and attached policies
//   organizations/org/<org>/policy/<policy>           a customer managed SCP or RCP
//   organizations/org/<org>/target/<policy>/<target>  where a policy is attached (ListTargetsForPolicy, DeletePolicy)
//   organizations/org/<org>/car/<request>             a CreateAccount request and its status
//
// The per-request guardrail lookup (guardrails.ts) reads the caller's member record and its
// organization's record. So that a cache of the organization's compiled policies can be keyed by the
// organization record's version, every change to what that cache holds (root and OU attachments, policy
// contents, enabled types, OUs) rewrites the organization record in the same commit (`touch`).
import type { Tag } from '../../generated/organizations/types.js';
import type { JsonValue, StoreReader, Transaction } from '../../storage/types.js';
import type { GuardrailType } from './policy-types.js';

/** Attached policy ids by type, in attachment order. */
export type AttachedPolicies = Partial<Record<GuardrailType, string[]>>;

export interface MemberRecord {
  accountId: string;
  organizationId: string;
  /** The management account: exempt from SCPs, and its resources from RCPs. */
  management: boolean;
  name: string;
  /** Unknown for a management account, whose email Rampart was never told. */
  email?: string;
  joinedMethod: 'INVITED' | 'CREATED';
  joinedAt: number;
  parentId: string;
  /** The root and the OUs above the account, root first (its parent last). */
  path: string[];
  policies: AttachedPolicies;
  tags: Tag[];
}

export interface OrganizationRecord {
  id: string;
  managementAccountId: string;
  featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  createdAt: number;
  rootId: string;
  rootPolicies: AttachedPolicies;
  rootTags: Tag[];
  enabledPolicyTypes: GuardrailType[];
  /** Bumped by every change to what the guardrail cache holds (see the header). */
  generation: number;
}

export interface AccountIndexEntry {
  parentId: string;
}

export interface OrganizationalUnitRecord {
  id: string;
  name: string;
  parentId: string;
  /** The root and the OUs above this OU, root first. */
  path: string[];
  policies: AttachedPolicies;
  tags: Tag[];
  createdAt: number;
}

export interface PolicyRecord {
  id: string;
  name: string;
  description: string;
  type: GuardrailType;
  content: string;
  tags: Tag[];
  createdAt: number;
}

export interface CreateAccountRecord {
  id: string;
  accountName: string;
  email: string;
  roleName: string;
  tags: Tag[];
  state: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  requestedAt: number;
  completedAt?: number;
  accountId?: string;
  failureReason?: 'EMAIL_ALREADY_EXISTS' | 'ACCOUNT_LIMIT_EXCEEDED' | 'INTERNAL_FAILURE';
  /** The partition the request came in (the new account's role names its management account in it). */
  partition: string;
}

export const memberKey = (accountId: string) => `organizations/member/${accountId}`;
export const emailKey = (email: string) => `organizations/email/${email.toLowerCase()}`;
export const organizationPrefix = (orgId: string) => `organizations/org/${orgId}/`;
export const organizationKey = (orgId: string) => `organizations/org/${orgId}`;
export const accountIndexPrefix = (orgId: string) => `organizations/org/${orgId}/account/`;
export const accountIndexKey = (orgId: string, accountId: string) => `${accountIndexPrefix(orgId)}${accountId}`;
export const ouPrefix = (orgId: string) => `organizations/org/${orgId}/ou/`;
export const ouKey = (orgId: string, ouId: string) => `${ouPrefix(orgId)}${ouId}`;
export const policyPrefix = (orgId: string) => `organizations/org/${orgId}/policy/`;
export const policyKey = (orgId: string, policyId: string) => `${policyPrefix(orgId)}${policyId}`;
export const targetsPrefix = (orgId: string, policyId: string) => `organizations/org/${orgId}/target/${policyId}/`;
export const targetKey = (orgId: string, policyId: string, targetId: string) => `${targetsPrefix(orgId, policyId)}${targetId}`;
export const createAccountPrefix = (orgId: string) => `organizations/org/${orgId}/car/`;
export const createAccountKey = (orgId: string, requestId: string) => `${createAccountPrefix(orgId)}${requestId}`;

function put(tx: Transaction, key: string, value: object): void {
  tx.put(key, value as unknown as JsonValue);
}

async function read<T>(reader: StoreReader, key: string): Promise<T | undefined> {
  return (await reader.get(key))?.value as T | undefined;
}

export async function listValues<T>(reader: StoreReader, prefix: string): Promise<T[]> {
  return (await reader.list({ prefix })).map((entry) => entry.value as unknown as T);
}

export const findMember = (reader: StoreReader, accountId: string) => read<MemberRecord>(reader, memberKey(accountId));
export const findOrganization = (reader: StoreReader, orgId: string) => read<OrganizationRecord>(reader, organizationKey(orgId));
export const findOu = (reader: StoreReader, orgId: string, ouId: string) => read<OrganizationalUnitRecord>(reader, ouKey(orgId, ouId));
export const findPolicy = (reader: StoreReader, orgId: string, policyId: string) => read<PolicyRecord>(reader, policyKey(orgId, policyId));
export const findCreateAccount = (reader: StoreReader, orgId: string, requestId: string) => read<CreateAccountRecord>(reader, createAccountKey(orgId, requestId));

export const saveMember = (tx: Transaction, member: MemberRecord) => put(tx, memberKey(member.accountId), member);
export const saveOu = (tx: Transaction, orgId: string, ou: OrganizationalUnitRecord) => put(tx, ouKey(orgId, ou.id), ou);
export const savePolicy = (tx: Transaction, orgId: string, policy: PolicyRecord) => put(tx, policyKey(orgId, policy.id), policy);
export const saveCreateAccount = (tx: Transaction, orgId: string, request: CreateAccountRecord) => put(tx, createAccountKey(orgId, request.id), request);
export const saveAccountIndex = (tx: Transaction, orgId: string, accountId: string, parentId: string) =>
  put(tx, accountIndexKey(orgId, accountId), { parentId } satisfies AccountIndexEntry);

/** Writes the organization record without a guardrail change (tags of the root). */
export const saveOrganization = (tx: Transaction, org: OrganizationRecord) => put(tx, organizationKey(org.id), org);

/** Writes the organization record and marks a guardrail change: every worker's cache reloads on its next request. */
export function touch(tx: Transaction, org: OrganizationRecord): void {
  org.generation += 1;
  saveOrganization(tx, org);
}

export function recordAttachment(tx: Transaction, orgId: string, policyId: string, targetId: string, attached: boolean): void {
  const key = targetKey(orgId, policyId, targetId);
  if (attached) tx.put(key, { targetId });
  else tx.delete(key);
}

/** The ids of the targets a policy is attached to. */
export async function targetsOf(reader: StoreReader, orgId: string, policyId: string): Promise<string[]> {
  return (await listValues<{ targetId: string }>(reader, targetsPrefix(orgId, policyId))).map((t) => t.targetId);
}
