// AttachPolicy, DetachPolicy, ListPoliciesForTarget, ListTargetsForPolicy. A policy can be attached only
// where its type is enabled in the root; a root, OU or account holds at most five policies of a type and
// always at least one SCP (so an allow-list SCP must be attached before FullAWSAccess is detached);
// RCPFullAWSAccess cannot be detached. Every change applies from the next request on every worker.
import type {
  AttachPolicyRequest,
  DetachPolicyRequest,
  ListPoliciesForTargetRequest,
  ListPoliciesForTargetResponse,
  ListTargetsForPolicyRequest,
  ListTargetsForPolicyResponse,
  PolicyTargetSummary,
} from '../../generated/organizations/types.js';
import type { StoreReader } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { targetArn, type OrganizationPlace } from './arns.js';
import { managementOrganization } from './context.js';
import {
  constraintViolation,
  duplicatePolicyAttachment,
  invalidInput,
  policyNotAttached,
  policyTypeNotEnabled,
  targetNotFound,
} from './errors.js';
import { MAX_ATTACHED_PER_TARGET } from './limits.js';
import { nextTokenField, paginate } from './pagination.js';
import { findAnyPolicy, isAwsManaged, loadAnyPolicy, type AnyPolicy } from './policy-lookup.js';
import { guardrailType } from './policy-types.js';
import { recordAttachment, targetsOf, touch, type OrganizationRecord } from './records.js';
import { policySummary } from './shapes.js';
import { attachedOf, findTarget, type Target } from './targets.js';

type Empty = Record<string, never>;

async function loadTarget(reader: StoreReader, org: OrganizationRecord, id: string): Promise<Target> {
  const target = await findTarget(reader, org, id);
  if (!target) throw targetNotFound();
  return target;
}

export async function AttachPolicy(input: AttachPolicyRequest, ctx: HandlerContext): Promise<Empty> {
  const { tx } = ctx;
  const { org } = await managementOrganization(tx, ctx);
  const policy = await loadAnyPolicy(tx, org.id, input.PolicyId);
  const target = await loadTarget(tx, org, input.TargetId);
  if (!org.enabledPolicyTypes.includes(policy.type)) throw policyTypeNotEnabled();
  const attached = attachedOf(target, policy.type);
  if (attached.includes(policy.id)) throw duplicatePolicyAttachment();
  if (attached.length >= MAX_ATTACHED_PER_TARGET) throw constraintViolation('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
  target.policies[policy.type] = [...attached, policy.id];
  target.save(tx);
  recordAttachment(tx, org.id, policy.id, target.id, true);
  touch(tx, org);
  return {};
}

export async function DetachPolicy(input: DetachPolicyRequest, ctx: HandlerContext): Promise<Empty> {
  const { tx } = ctx;
  const { org } = await managementOrganization(tx, ctx);
  const policy = await loadAnyPolicy(tx, org.id, input.PolicyId);
  const target = await loadTarget(tx, org, input.TargetId);
  const attached = attachedOf(target, policy.type);
  if (!attached.includes(policy.id)) throw policyNotAttached();
  if (isAwsManaged(policy) && !policy.detachable) throw invalidInput('NON_DETACHABLE_POLICY');
  // Every root, OU and account keeps at least one SCP: with none, nothing would be allowed below it.
  if (policy.type === 'SERVICE_CONTROL_POLICY' && attached.length === 1) throw constraintViolation('MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
  target.policies[policy.type] = attached.filter((id) => id !== policy.id);
  target.save(tx);
  recordAttachment(tx, org.id, policy.id, target.id, false);
  touch(tx, org);
  return {};
}

export async function ListPoliciesForTarget(input: ListPoliciesForTargetRequest, ctx: HandlerContext): Promise<ListPoliciesForTargetResponse> {
  const { org, place } = await managementOrganization(ctx.tx, ctx);
  const target = await loadTarget(ctx.tx, org, input.TargetId);
  const type = guardrailType(input.Filter);
  const policies: AnyPolicy[] = [];
  for (const id of [...attachedOf(target, type)].sort()) {
    const policy = await findAnyPolicy(ctx.tx, org.id, id);
    if (policy) policies.push(policy);
  }
  const page = paginate(policies, (p) => p.id, input.NextToken, input.MaxResults);
  return { Policies: page.items.map((p) => policySummary(p, place)), ...nextTokenField(page) };
}

function targetSummary(target: Target, place: OrganizationPlace): PolicyTargetSummary {
  return { TargetId: target.id, Arn: targetArn(place, target.id), Name: target.name, Type: target.kind };
}

export async function ListTargetsForPolicy(input: ListTargetsForPolicyRequest, ctx: HandlerContext): Promise<ListTargetsForPolicyResponse> {
  const { org, place } = await managementOrganization(ctx.tx, ctx);
  const policy = await loadAnyPolicy(ctx.tx, org.id, input.PolicyId);
  const page = paginate(await targetsOf(ctx.tx, org.id, policy.id), (id) => id, input.NextToken, input.MaxResults);
  const targets: PolicyTargetSummary[] = [];
  for (const id of page.items) {
    const target = await findTarget(ctx.tx, org, id);
    if (target) targets.push(targetSummary(target, place));
  }
  return { Targets: targets, ...nextTokenField(page) };
}
