// Managed policies by ARN: customer managed ones from storage, AWS managed ones from data; and the
// attachment index that says who a managed policy is attached to (or bounds).
import type { StoreReader, Transaction } from '../../storage/types.js';
import { parseIamArn } from './arns.js';
import { awsManagedPolicy, type AwsManagedPolicy } from './aws-managed-policies.js';
import { noSuchEntity } from './errors.js';
import {
  attachedKey,
  attachedPrefix,
  boundaryKey,
  boundaryPrefix,
  policyKey,
  type EntityKind,
  type ManagedPolicyRecord,
} from './records.js';

export interface ResolvedPolicy {
  arn: string;
  name: string;
  path: string;
  policyId: string;
  defaultVersionId: string;
  /** The default version's document (JSON text). */
  document: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
  /** Customer managed policies: the stored record; AWS managed: the data. */
  customer?: ManagedPolicyRecord;
  aws?: AwsManagedPolicy;
}

function fromAws(arn: string, policy: AwsManagedPolicy): ResolvedPolicy {
  return {
    arn,
    name: policy.name,
    path: policy.path,
    policyId: policy.policyId,
    defaultVersionId: policy.versionId,
    document: policy.document,
    description: policy.description,
    createdAt: policy.createdAt,
    updatedAt: policy.updatedAt,
    aws: policy,
  };
}

export function fromCustomer(policy: ManagedPolicyRecord): ResolvedPolicy {
  const version = policy.versions.find((v) => v.versionId === policy.defaultVersionId)!;
  const resolved: ResolvedPolicy = {
    arn: policy.arn,
    name: policy.policyName,
    path: policy.path,
    policyId: policy.policyId,
    defaultVersionId: policy.defaultVersionId,
    document: version.document,
    createdAt: policy.createdAt,
    updatedAt: policy.updatedAt,
    customer: policy,
  };
  if (policy.description !== undefined) resolved.description = policy.description;
  return resolved;
}

/**
 * The managed policy an ARN names, as seen from `accountId`: its own customer managed policies and
 * AWS managed ones. Another account's policies are not visible (IAM cannot attach them either).
 */
export async function findManagedPolicy(reader: StoreReader, accountId: string, arn: string): Promise<ResolvedPolicy | undefined> {
  const parsed = parseIamArn(arn);
  if (!parsed || parsed.type !== 'policy') return undefined;
  if (parsed.accountId === 'aws') {
    const policy = awsManagedPolicy(parsed.name, parsed.path);
    return policy ? fromAws(arn, policy) : undefined;
  }
  if (parsed.accountId !== accountId) return undefined;
  const stored = (await reader.get(policyKey(accountId, parsed.name)))?.value as ManagedPolicyRecord | undefined;
  if (!stored || stored.arn !== arn) return undefined;
  return fromCustomer(stored);
}

/** For attaching (and boundaries): AWS's message for a policy that is not there. */
export async function loadAttachablePolicy(reader: StoreReader, accountId: string, arn: string): Promise<ResolvedPolicy> {
  const policy = await findManagedPolicy(reader, accountId, arn);
  if (!policy) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return policy;
}

/** For reading a policy (GetPolicy, versions): AWS's message for a policy that is not there. */
export async function loadPolicy(reader: StoreReader, accountId: string, arn: string): Promise<ResolvedPolicy> {
  const policy = await findManagedPolicy(reader, accountId, arn);
  if (!policy) throw noSuchEntity(`Policy ${arn} was not found.`);
  return policy;
}

export function recordAttachment(tx: Transaction, accountId: string, arn: string, kind: EntityKind, name: string, attached: boolean): void {
  const key = attachedKey(accountId, arn, kind, name);
  if (attached) tx.put(key, { kind, name });
  else tx.delete(key);
}

export function recordBoundaryUse(tx: Transaction, accountId: string, arn: string, kind: 'user' | 'role', name: string, used: boolean): void {
  const key = boundaryKey(accountId, arn, kind, name);
  if (used) tx.put(key, { kind, name });
  else tx.delete(key);
}

export interface Attachment {
  kind: EntityKind;
  /** The entity's name as created. */
  name: string;
}

export async function attachmentsOf(reader: StoreReader, accountId: string, arn: string): Promise<Attachment[]> {
  return (await reader.list({ prefix: attachedPrefix(accountId, arn) })).map((entry) => entry.value as unknown as Attachment);
}

export async function boundaryUsesOf(reader: StoreReader, accountId: string, arn: string): Promise<Attachment[]> {
  return (await reader.list({ prefix: boundaryPrefix(accountId, arn) })).map((entry) => entry.value as unknown as Attachment);
}
