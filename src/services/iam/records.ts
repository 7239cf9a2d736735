// IAM's entities as stored. IAM is global, so keys are per account only:
//   iam/<account>/user/<lower name>        a user, with its inline policies, attachments, groups, keys and MFA devices
//   iam/<account>/group/<lower name>       a group, with its inline policies and attachments
//   iam/<account>/member/<group>/<user>    group membership (lower names), for GetGroup and DeleteGroup
//   iam/<account>/role/<lower name>        a role, with its trust policy, inline policies and attachments
//   iam/<account>/policy/<lower name>      a customer managed policy with its (at most 5) versions
//   iam/<account>/attached/<arn>/<kind>/<lower name>   who a managed policy is attached to (ARN URI-encoded)
//   iam/<account>/boundary/<arn>/<kind>/<lower name>   who uses a policy as permissions boundary
//   iam/<account>/mfa/<lower name>         a virtual MFA device (its seed sealed)
//   iam/<account>/credential-report        the last credential report
// Names are unique without regard to case, as in AWS, so keys use the lower-cased name and records keep
// the name as created. A user's (or role's) own record holds everything the per-request identity policy
// lookup needs, so that lookup reads few keys.
import type { JsonValue, StoreReader, Transaction } from '../../storage/types.js';
import { noSuchEntity } from './errors.js';

export interface TagRecord {
  Key: string;
  Value: string;
}

export interface PrincipalEntity {
  path: string;
  createdAt: string;
  /** Inline policies by name: the document as given (decoded JSON text). */
  inlinePolicies: Record<string, string>;
  /** ARNs of attached managed policies, in attachment order. */
  attachedPolicies: string[];
}

export interface UserRecord extends PrincipalEntity {
  userName: string;
  userId: string;
  tags: TagRecord[];
  permissionsBoundary?: string;
  /** Group names as created. */
  groups: string[];
  accessKeys: string[];
  /** Serial numbers of the MFA devices enabled for the user. */
  mfaDevices: string[];
}

export interface GroupRecord extends PrincipalEntity {
  groupName: string;
  groupId: string;
}

export interface RoleRecord extends PrincipalEntity {
  roleName: string;
  roleId: string;
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  permissionsBoundary?: string;
  tags: TagRecord[];
  lastUsed?: { date: string; region: string };
}

export interface PolicyVersionRecord {
  versionId: string;
  document: string;
  createdAt: string;
}

export interface ManagedPolicyRecord {
  policyName: string;
  policyId: string;
  path: string;
  arn: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
  defaultVersionId: string;
  /** The number the next version gets (versions are never renumbered). */
  nextVersion: number;
  versions: PolicyVersionRecord[];
  tags: TagRecord[];
}

export interface MfaDeviceRecord {
  serialNumber: string;
  name: string;
  path: string;
  createdAt: string;
  /** The Base32 seed, sealed by the keyring (bound to this device's key). */
  seed: string;
  /** The user it is enabled for (name as created), once enabled. */
  userName?: string;
  enabledAt?: string;
  tags: TagRecord[];
}

export type EntityKind = 'user' | 'group' | 'role';

const lower = (name: string) => name.toLowerCase();
export const iamPrefix = (accountId: string) => `iam/${accountId}/`;
export const userKey = (accountId: string, name: string) => `iam/${accountId}/user/${lower(name)}`;
export const groupKey = (accountId: string, name: string) => `iam/${accountId}/group/${lower(name)}`;
export const roleKey = (accountId: string, name: string) => `iam/${accountId}/role/${lower(name)}`;
export const policyKey = (accountId: string, name: string) => `iam/${accountId}/policy/${lower(name)}`;
export const mfaKey = (accountId: string, name: string) => `iam/${accountId}/mfa/${lower(name)}`;
export const memberKey = (accountId: string, group: string, user: string) => `iam/${accountId}/member/${lower(group)}/${lower(user)}`;
export const membersPrefix = (accountId: string, group: string) => `iam/${accountId}/member/${lower(group)}/`;
export const attachedPrefix = (accountId: string, arn: string) => `iam/${accountId}/attached/${encodeURIComponent(arn)}/`;
export const attachedKey = (accountId: string, arn: string, kind: EntityKind, name: string) => `${attachedPrefix(accountId, arn)}${kind}/${lower(name)}`;
export const boundaryPrefix = (accountId: string, arn: string) => `iam/${accountId}/boundary/${encodeURIComponent(arn)}/`;
export const boundaryKey = (accountId: string, arn: string, kind: 'user' | 'role', name: string) => `${boundaryPrefix(accountId, arn)}${kind}/${lower(name)}`;
export const credentialReportKey = (accountId: string) => `iam/${accountId}/credential-report`;

export const mfaSeedAad = (accountId: string, serialNumber: string) => `iam/${accountId}/mfa/${serialNumber}/seed`;

export function put(tx: Transaction, key: string, value: object): void {
  tx.put(key, value as unknown as JsonValue);
}

async function read<T>(reader: StoreReader, key: string): Promise<T | undefined> {
  return (await reader.get(key))?.value as T | undefined;
}

export const findUser = (reader: StoreReader, accountId: string, name: string) => read<UserRecord>(reader, userKey(accountId, name));
export const findGroup = (reader: StoreReader, accountId: string, name: string) => read<GroupRecord>(reader, groupKey(accountId, name));
export const findRole = (reader: StoreReader, accountId: string, name: string) => read<RoleRecord>(reader, roleKey(accountId, name));
export const findMfaDevice = (reader: StoreReader, accountId: string, name: string) => read<MfaDeviceRecord>(reader, mfaKey(accountId, name));

export async function loadUser(reader: StoreReader, accountId: string, name: string): Promise<UserRecord> {
  const user = await findUser(reader, accountId, name);
  if (!user) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  return user;
}

export async function loadGroup(reader: StoreReader, accountId: string, name: string): Promise<GroupRecord> {
  const group = await findGroup(reader, accountId, name);
  if (!group) throw noSuchEntity(`The group with name ${name} cannot be found.`);
  return group;
}

export async function loadRole(reader: StoreReader, accountId: string, name: string): Promise<RoleRecord> {
  const role = await findRole(reader, accountId, name);
  if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return role;
}

export async function listRecords<T>(reader: StoreReader, prefix: string): Promise<T[]> {
  return (await reader.list({ prefix })).map((entry) => entry.value as unknown as T);
}

export const saveUser = (tx: Transaction, accountId: string, user: UserRecord) => put(tx, userKey(accountId, user.userName), user);
export const saveGroup = (tx: Transaction, accountId: string, group: GroupRecord) => put(tx, groupKey(accountId, group.groupName), group);
export const saveRole = (tx: Transaction, accountId: string, role: RoleRecord) => put(tx, roleKey(accountId, role.roleName), role);
export const savePolicy = (tx: Transaction, accountId: string, policy: ManagedPolicyRecord) => put(tx, policyKey(accountId, policy.policyName), policy);
export const saveMfaDevice = (tx: Transaction, accountId: string, device: MfaDeviceRecord) => put(tx, mfaKey(accountId, device.name), device);

/** AWS's timestamps: ISO 8601 in UTC, whole seconds. */
export function isoNow(now: number): string {
  return new Date(Math.floor(now / 1000) * 1000).toISOString();
}
