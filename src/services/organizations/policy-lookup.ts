// Policies by id: the organization's customer managed ones from storage, AWS's managed ones from data.
import type { StoreReader } from '../../storage/types.js';
import { policyNotFound } from './errors.js';
import { awsManagedPolicy, type AwsManagedPolicy } from './policy-types.js';
import { findPolicy, type PolicyRecord } from './records.js';

export type AnyPolicy = PolicyRecord | AwsManagedPolicy;

export const isAwsManaged = (policy: AnyPolicy): policy is AwsManagedPolicy => 'detachable' in policy;

export async function findAnyPolicy(reader: StoreReader, orgId: string, policyId: string): Promise<AnyPolicy | undefined> {
  return awsManagedPolicy(policyId) ?? (await findPolicy(reader, orgId, policyId));
}

export async function loadAnyPolicy(reader: StoreReader, orgId: string, policyId: string): Promise<AnyPolicy> {
  const policy = await findAnyPolicy(reader, orgId, policyId);
  if (!policy) throw policyNotFound();
  return policy;
}
