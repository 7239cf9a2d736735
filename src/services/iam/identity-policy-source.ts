// The authorizer's IdentityPolicySource (src/server/authorize.ts): for the caller of a request, its
// identity policies, permissions boundary, session policies and principal tags, read inside the
// request's transaction so a changed policy counts from the next request on every worker.
//
//   IAM user:     its inline and attached policies, and each group's; its boundary; its tags
//   role session: the role's inline and attached policies, its boundary; session policies; role tags
//                 overlaid by session tags
//   root user:    nothing (the root user is not governed by identity policies)
//
// Reads: the user (or role) record, each attached customer managed policy, each group and its attached
// policies, the boundary, and for temporary credentials their access key record. Parsed documents are
// cached by their text, so a cached document can never be stale.
import type { IdentityPolicySource } from '../../server/authorize.js';
import type { NamedPolicy } from '../../iam/types.js';
import { accessKeyStorageKey, type AccessKeyRecord } from '../../identity/access-keys.js';
import type { Principal } from '../../identity/principal.js';
import type { StoreReader } from '../../storage/types.js';
import { findManagedPolicy } from './managed-policies.js';
import { findGroup, findRole, findUser, type GroupRecord, type RoleRecord, type UserRecord } from './records.js';
import { tagMap } from './tags.js';

const MAX_CACHED_DOCUMENTS = 5000;
const parsedDocuments = new Map<string, Record<string, unknown>>();

/** A stored document parsed once (and frozen, so sharing it between requests is safe). */
export function parsedDocument(text: string): Record<string, unknown> {
  let parsed = parsedDocuments.get(text);
  if (!parsed) {
    parsed = deepFreeze(JSON.parse(text) as Record<string, unknown>);
    if (parsedDocuments.size >= MAX_CACHED_DOCUMENTS) parsedDocuments.delete(parsedDocuments.keys().next().value!);
    parsedDocuments.set(text, parsed);
  }
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const inlinePolicies = (kind: string, name: string, policies: Record<string, string>): NamedPolicy[] =>
  Object.entries(policies).map(([policyName, text]) => ({ id: `${kind}/${name}/inline/${policyName}`, document: parsedDocument(text) }));

async function managedPolicies(reader: StoreReader, accountId: string, arns: readonly string[]): Promise<NamedPolicy[]> {
  const policies: NamedPolicy[] = [];
  for (const arn of arns) {
    const policy = await findManagedPolicy(reader, accountId, arn);
    if (policy) policies.push({ id: arn, document: parsedDocument(policy.document) });
  }
  return policies;
}

export interface EntityPolicies {
  identityPolicies: NamedPolicy[];
  permissionsBoundary?: NamedPolicy;
  tags?: Record<string, string>;
}

async function boundary(reader: StoreReader, accountId: string, arn: string | undefined): Promise<NamedPolicy | undefined> {
  if (!arn) return undefined;
  const [policy] = await managedPolicies(reader, accountId, [arn]);
  // A boundary that no longer resolves allows nothing, as a boundary never widens access.
  return policy ?? { id: arn, document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } };
}

export async function userPolicies(reader: StoreReader, accountId: string, user: UserRecord): Promise<EntityPolicies> {
  const identityPolicies = [...inlinePolicies('user', user.userName, user.inlinePolicies), ...(await managedPolicies(reader, accountId, user.attachedPolicies))];
  for (const groupName of user.groups) {
    const group = await findGroup(reader, accountId, groupName);
    if (group) identityPolicies.push(...(await groupPolicies(reader, accountId, group)).identityPolicies);
  }
  const result: EntityPolicies = { identityPolicies, tags: tagMap(user.tags) };
  const bound = await boundary(reader, accountId, user.permissionsBoundary);
  if (bound) result.permissionsBoundary = bound;
  return result;
}

export async function groupPolicies(reader: StoreReader, accountId: string, group: GroupRecord): Promise<EntityPolicies> {
  return {
    identityPolicies: [...inlinePolicies('group', group.groupName, group.inlinePolicies), ...(await managedPolicies(reader, accountId, group.attachedPolicies))],
  };
}

export async function rolePolicies(reader: StoreReader, accountId: string, role: RoleRecord): Promise<EntityPolicies> {
  const result: EntityPolicies = {
    identityPolicies: [...inlinePolicies('role', role.roleName, role.inlinePolicies), ...(await managedPolicies(reader, accountId, role.attachedPolicies))],
    tags: tagMap(role.tags),
  };
  const bound = await boundary(reader, accountId, role.permissionsBoundary);
  if (bound) result.permissionsBoundary = bound;
  return result;
}

/**
 * A session's policies as one policy: AWS lets a session do what its inline and managed session
 * policies together allow (within the role's own), so their statements are joined.
 */
export async function sessionPolicy(reader: StoreReader, accountId: string, inline: string | undefined, arns: readonly string[]): Promise<NamedPolicy | undefined> {
  if (inline === undefined && arns.length === 0) return undefined;
  const statements: unknown[] = [];
  const documents = inline !== undefined ? [parsedDocument(inline)] : [];
  for (const policy of await managedPolicies(reader, accountId, arns)) documents.push(policy.document as Record<string, unknown>);
  for (const document of documents) {
    const statement = document.Statement;
    statements.push(...(Array.isArray(statement) ? statement : [statement]));
  }
  return { id: 'session-policy', document: { Version: '2012-10-17', Statement: statements } };
}

type Identity = Awaited<ReturnType<IdentityPolicySource['policiesOf']>>;

const NOTHING: Identity = Object.freeze({ identityPolicies: [] }) as Identity;

export function createIamIdentityPolicySource(): IdentityPolicySource {
  return {
    async policiesOf(principal: Principal, reader: StoreReader): Promise<Identity> {
      switch (principal.type) {
        case 'Root':
        case 'FederatedUser':
          return NOTHING;
        case 'IAMUser': {
          const user = await findUser(reader, principal.accountId, principal.userName ?? '');
          // A user deleted (or deleted and created again) since the key was issued has no policies.
          if (!user || user.userId !== principal.principalId) return NOTHING;
          return userPolicies(reader, principal.accountId, user);
        }
        case 'AssumedRole': {
          const roleName = principal.arn.split('/')[1];
          const role = await findRole(reader, principal.accountId, roleName);
          if (!role || role.roleId !== principal.principalId.split(':')[0]) return NOTHING;
          const own = await rolePolicies(reader, principal.accountId, role);
          const record = (await reader.get(accessKeyStorageKey(principal.accessKeyId)))?.value as unknown as AccessKeyRecord | undefined;
          const session = record?.session;
          const identity: Identity = { identityPolicies: own.identityPolicies, tags: { ...own.tags, ...session?.tags } };
          if (own.permissionsBoundary) identity.permissionsBoundary = own.permissionsBoundary;
          const policy = await sessionPolicy(reader, principal.accountId, session?.policy, session?.policyArns ?? []);
          if (policy) identity.sessionPolicies = [policy];
          return identity;
        }
      }
    },
  };
}
