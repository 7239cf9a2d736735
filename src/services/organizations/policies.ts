// CreatePolicy, DescribePolicy, UpdatePolicy, DeletePolicy, ListPolicies: customer managed service control
// and resource control policies, validated as AWS validates them (parsePolicy's 'scp' and 'rcp' kinds:
// the grammar, 5,120 characters, no Principal in SCPs, Deny-only RCPs naming "*"). AWS managed policies
// (FullAWSAccess, RCPFullAWSAccess) can be read and listed but not changed or deleted.
import type {
  CreatePolicyRequest,
  CreatePolicyResponse,
  DeletePolicyRequest,
  DescribePolicyRequest,
  DescribePolicyResponse,
  ListPoliciesRequest,
  ListPoliciesResponse,
  UpdatePolicyRequest,
  UpdatePolicyResponse,
} from '../../generated/organizations/types.js';
import { isPolicyValidationError, parsePolicy } from '../../iam/index.js';
import type { StoreReader } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { managementOrganization } from './context.js';
import { constraintViolation, duplicatePolicy, invalidInput, malformedPolicyDocument, policyInUse, policyTypeNotAvailable } from './errors.js';
import { newPolicyId } from './ids.js';
import { MAX_POLICIES_PER_TYPE } from './limits.js';
import { nextTokenField, paginate } from './pagination.js';
import { isAwsManaged, loadAnyPolicy, type AnyPolicy } from './policy-lookup.js';
import { AWS_MANAGED_POLICIES, guardrailType, policyKind, type GuardrailType } from './policy-types.js';
import { listValues, policyKey, policyPrefix, savePolicy, targetsOf, touch, type PolicyRecord } from './records.js';
import { policyShape, policySummary } from './shapes.js';
import { checkTags } from './tags.js';

type Empty = Record<string, never>;

/** A policy document as Organizations would accept it for `type`, or AWS's error. */
function validateContent(content: string, type: GuardrailType): void {
  try {
    parsePolicy(content, { kind: policyKind(type) });
  } catch (error) {
    if (!isPolicyValidationError(error)) throw error;
    if (error.code === 'LimitExceeded') throw constraintViolation('POLICY_CONTENT_LIMIT_EXCEEDED');
    throw malformedPolicyDocument(error.message);
  }
}

const customerPolicies = (reader: StoreReader, orgId: string) => listValues<PolicyRecord>(reader, policyPrefix(orgId));

async function nameTaken(reader: StoreReader, orgId: string, type: GuardrailType, name: string, except?: string): Promise<boolean> {
  if (AWS_MANAGED_POLICIES.some((p) => p.type === type && p.name === name)) return true;
  return (await customerPolicies(reader, orgId)).some((p) => p.type === type && p.name === name && p.id !== except);
}

/** A customer managed policy to change; AWS managed ones are immutable. */
async function loadCustomerPolicy(reader: StoreReader, orgId: string, policyId: string): Promise<PolicyRecord> {
  const policy = await loadAnyPolicy(reader, orgId, policyId);
  if (isAwsManaged(policy)) throw invalidInput('IMMUTABLE_POLICY');
  return policy;
}

export async function CreatePolicy(input: CreatePolicyRequest, ctx: HandlerContext): Promise<CreatePolicyResponse> {
  const { tx } = ctx;
  const { org, place } = await managementOrganization(tx, ctx);
  const type = guardrailType(input.Type);
  if (org.featureSet !== 'ALL') throw policyTypeNotAvailable();
  validateContent(input.Content, type);
  if (await nameTaken(tx, org.id, type, input.Name)) throw duplicatePolicy();
  const existing = await customerPolicies(tx, org.id);
  if (existing.filter((p) => p.type === type).length >= MAX_POLICIES_PER_TYPE) throw constraintViolation('POLICY_NUMBER_LIMIT_EXCEEDED');
  let id = newPolicyId();
  while (existing.some((p) => p.id === id)) id = newPolicyId();
  const policy: PolicyRecord = { id, name: input.Name, description: input.Description, type, content: input.Content, tags: checkTags(input.Tags), createdAt: ctx.now };
  savePolicy(tx, org.id, policy);
  return { Policy: policyShape(policy, place) };
}

export async function DescribePolicy(input: DescribePolicyRequest, ctx: HandlerContext): Promise<DescribePolicyResponse> {
  const { org, place } = await managementOrganization(ctx.tx, ctx);
  return { Policy: policyShape(await loadAnyPolicy(ctx.tx, org.id, input.PolicyId), place) };
}

export async function UpdatePolicy(input: UpdatePolicyRequest, ctx: HandlerContext): Promise<UpdatePolicyResponse> {
  const { tx } = ctx;
  const { org, place } = await managementOrganization(tx, ctx);
  const policy = await loadCustomerPolicy(tx, org.id, input.PolicyId);
  if (input.Content !== undefined) validateContent(input.Content, policy.type);
  if (input.Name !== undefined && input.Name !== policy.name && (await nameTaken(tx, org.id, policy.type, input.Name, policy.id))) throw duplicatePolicy();
  const contentChanged = input.Content !== undefined && input.Content !== policy.content;
  if (input.Name !== undefined) policy.name = input.Name;
  if (input.Description !== undefined) policy.description = input.Description;
  if (input.Content !== undefined) policy.content = input.Content;
  savePolicy(tx, org.id, policy);
  // A new document applies from the next request on every worker.
  if (contentChanged) touch(tx, org);
  return { Policy: policyShape(policy, place) };
}

export async function DeletePolicy(input: DeletePolicyRequest, ctx: HandlerContext): Promise<Empty> {
  const { tx } = ctx;
  const { org } = await managementOrganization(tx, ctx);
  const policy = await loadCustomerPolicy(tx, org.id, input.PolicyId);
  if ((await targetsOf(tx, org.id, policy.id)).length > 0) throw policyInUse();
  tx.delete(policyKey(org.id, policy.id));
  return {};
}

export async function ListPolicies(input: ListPoliciesRequest, ctx: HandlerContext): Promise<ListPoliciesResponse> {
  const { org, place } = await managementOrganization(ctx.tx, ctx);
  const type = guardrailType(input.Filter);
  // AWS managed first, then by name; the sort key is also the paging key.
  const keyOf = (p: AnyPolicy) => `${isAwsManaged(p) ? 0 : 1}/${p.name}/${p.id}`;
  const policies: AnyPolicy[] = [...AWS_MANAGED_POLICIES, ...(await customerPolicies(ctx.tx, org.id))]
    .filter((p) => p.type === type)
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const page = paginate(policies, keyOf, input.NextToken, input.MaxResults);
  return { Policies: page.items.map((p) => policySummary(p, place)), ...nextTokenField(page) };
}
