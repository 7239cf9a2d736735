// Managed policies: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy, and their versions:
// CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion.
import type {
  CreatePolicyRequest,
  CreatePolicyResponse,
  CreatePolicyVersionRequest,
  CreatePolicyVersionResponse,
  DeletePolicyRequest,
  DeletePolicyVersionRequest,
  GetPolicyRequest,
  GetPolicyResponse,
  GetPolicyVersionRequest,
  GetPolicyVersionResponse,
  ListPoliciesRequest,
  ListPoliciesResponse,
  ListPolicyVersionsRequest,
  ListPolicyVersionsResponse,
  Policy,
  PolicyVersion,
  SetDefaultPolicyVersionRequest,
} from '../../generated/iam/types.js';
import type { StoreReader } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { policyArn } from './arns.js';
import { awsManagedPolicies } from './aws-managed-policies.js';
import { deleteConflict, entityAlreadyExists, limitExceeded, noSuchEntity, unmodifiableEntity } from './errors.js';
import { newUniqueId } from './ids.js';
import { attachmentsOf, boundaryUsesOf, fromCustomer, loadPolicy, type ResolvedPolicy } from './managed-policies.js';
import { MANAGED_POLICY_SIZE, MAX_POLICY_VERSIONS } from './limits.js';
import { matchesPathPrefix, pageFields, paginate } from './pagination.js';
import { validatePolicyDocument } from './policy-validation.js';
import { isoNow, listRecords, policyKey, savePolicy, type ManagedPolicyRecord } from './records.js';
import { encodeDocument } from './shapes.js';
import { checkNewTags, tagsField } from './tags.js';

type Empty = Record<string, never>;


function validateManagedDocument(document: string): void {
  validatePolicyDocument(document, 'identity', { maxSize: MANAGED_POLICY_SIZE });
}

async function usage(reader: StoreReader, accountId: string, arn: string) {
  return {
    AttachmentCount: (await attachmentsOf(reader, accountId, arn)).length,
    PermissionsBoundaryUsageCount: (await boundaryUsesOf(reader, accountId, arn)).length,
  };
}

async function policyShape(policy: ResolvedPolicy, ctx: HandlerContext, full: boolean): Promise<Policy> {
  const shape: Policy = {
    PolicyName: policy.name,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    ...(await usage(ctx.tx, ctx.accountId, policy.arn)),
    IsAttachable: true,
    CreateDate: new Date(policy.createdAt),
    UpdateDate: new Date(policy.updatedAt),
  };
  if (full && policy.description !== undefined) shape.Description = policy.description;
  if (full && policy.customer) Object.assign(shape, tagsField(policy.customer.tags));
  return shape;
}

function customerOnly(policy: ResolvedPolicy): ManagedPolicyRecord {
  if (!policy.customer) throw unmodifiableEntity(`Cannot perform the operation on the AWS managed policy ${policy.arn}.`);
  return policy.customer;
}

export async function CreatePolicy(input: CreatePolicyRequest, ctx: HandlerContext): Promise<CreatePolicyResponse> {
  const { tx, accountId } = ctx;
  if (await tx.get(policyKey(accountId, input.PolicyName))) {
    throw entityAlreadyExists(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
  }
  validateManagedDocument(input.PolicyDocument);
  const now = isoNow(ctx.now);
  const path = input.Path ?? '/';
  const record: ManagedPolicyRecord = {
    policyName: input.PolicyName,
    policyId: newUniqueId('ANPA'),
    path,
    arn: policyArn(ctx.partition, accountId, path, input.PolicyName),
    createdAt: now,
    updatedAt: now,
    defaultVersionId: 'v1',
    nextVersion: 2,
    versions: [{ versionId: 'v1', document: input.PolicyDocument, createdAt: now }],
    tags: checkNewTags(input.Tags),
  };
  if (input.Description !== undefined) record.description = input.Description;
  savePolicy(tx, accountId, record);
  return { Policy: await policyShape(fromCustomer(record), ctx, true) };
}

export async function GetPolicy(input: GetPolicyRequest, ctx: HandlerContext): Promise<GetPolicyResponse> {
  return { Policy: await policyShape(await loadPolicy(ctx.tx, ctx.accountId, input.PolicyArn), ctx, true) };
}

export async function ListPolicies(input: ListPoliciesRequest, ctx: HandlerContext): Promise<ListPoliciesResponse> {
  const scope = input.Scope ?? 'All';
  const candidates: { sortKey: string; policy: ResolvedPolicy }[] = [];
  if (scope !== 'Local') {
    for (const aws of awsManagedPolicies()) {
      const arn = `arn:${ctx.partition}:iam::aws:policy${aws.path}${aws.name}`;
      const policy = (await loadPolicy(ctx.tx, ctx.accountId, arn))!;
      candidates.push({ sortKey: `a/${aws.name.toLowerCase()}`, policy });
    }
  }
  if (scope !== 'AWS') {
    for (const record of await listRecords<ManagedPolicyRecord>(ctx.tx, `iam/${ctx.accountId}/policy/`)) {
      candidates.push({ sortKey: `l/${record.policyName.toLowerCase()}`, policy: fromCustomer(record) });
    }
  }
  candidates.sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1));
  const selected: { sortKey: string; shape: Policy }[] = [];
  for (const { sortKey, policy } of candidates) {
    if (!matchesPathPrefix(policy.path, input.PathPrefix)) continue;
    const shape = await policyShape(policy, ctx, false);
    if (input.OnlyAttached && !shape.AttachmentCount && !shape.PermissionsBoundaryUsageCount) continue;
    if (input.PolicyUsageFilter === 'PermissionsPolicy' && input.OnlyAttached && !shape.AttachmentCount) continue;
    if (input.PolicyUsageFilter === 'PermissionsBoundary' && input.OnlyAttached && !shape.PermissionsBoundaryUsageCount) continue;
    selected.push({ sortKey, shape });
  }
  const page = paginate(selected, (s) => s.sortKey, input.Marker, input.MaxItems);
  return { Policies: page.items.map((s) => s.shape), ...pageFields(page) };
}

export async function DeletePolicy(input: DeletePolicyRequest, ctx: HandlerContext): Promise<Empty> {
  const policy = customerOnly(await loadPolicy(ctx.tx, ctx.accountId, input.PolicyArn));
  const { AttachmentCount, PermissionsBoundaryUsageCount } = await usage(ctx.tx, ctx.accountId, policy.arn);
  if (AttachmentCount > 0 || PermissionsBoundaryUsageCount > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
  if (policy.versions.length > 1) {
    throw deleteConflict(
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
  }
  ctx.tx.delete(policyKey(ctx.accountId, policy.policyName));
  return {};
}

function versionShape(policy: ResolvedPolicy, versionId: string, document: string, createdAt: string, withDocument: boolean): PolicyVersion {
  const shape: PolicyVersion = { VersionId: versionId, IsDefaultVersion: versionId === policy.defaultVersionId, CreateDate: new Date(createdAt) };
  if (withDocument) shape.Document = encodeDocument(document);
  return shape;
}

function versionsOf(policy: ResolvedPolicy) {
  if (policy.customer) return policy.customer.versions;
  return [{ versionId: policy.defaultVersionId, document: policy.document, createdAt: policy.updatedAt }];
}

function findVersion(policy: ResolvedPolicy, versionId: string) {
  const version = versionsOf(policy).find((v) => v.versionId === versionId);
  if (!version) throw noSuchEntity(`Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
  return version;
}

export async function CreatePolicyVersion(input: CreatePolicyVersionRequest, ctx: HandlerContext): Promise<CreatePolicyVersionResponse> {
  const resolved = await loadPolicy(ctx.tx, ctx.accountId, input.PolicyArn);
  const policy = customerOnly(resolved);
  validateManagedDocument(input.PolicyDocument);
  if (policy.versions.length >= MAX_POLICY_VERSIONS) {
    throw limitExceeded(`A managed policy can have up to ${MAX_POLICY_VERSIONS} versions. Before you create a new version, you must delete an existing version.`);
  }
  const now = isoNow(ctx.now);
  const versionId = `v${policy.nextVersion}`;
  policy.nextVersion += 1;
  policy.versions.push({ versionId, document: input.PolicyDocument, createdAt: now });
  if (input.SetAsDefault) {
    policy.defaultVersionId = versionId;
    policy.updatedAt = now;
  }
  savePolicy(ctx.tx, ctx.accountId, policy);
  return { PolicyVersion: versionShape(fromCustomer(policy), versionId, input.PolicyDocument, now, false) };
}

export async function GetPolicyVersion(input: GetPolicyVersionRequest, ctx: HandlerContext): Promise<GetPolicyVersionResponse> {
  const policy = await loadPolicy(ctx.tx, ctx.accountId, input.PolicyArn);
  const version = findVersion(policy, input.VersionId);
  return { PolicyVersion: versionShape(policy, version.versionId, version.document, version.createdAt, true) };
}

export async function ListPolicyVersions(input: ListPolicyVersionsRequest, ctx: HandlerContext): Promise<ListPolicyVersionsResponse> {
  const policy = await loadPolicy(ctx.tx, ctx.accountId, input.PolicyArn);
  // Newest first, as AWS lists them.
  const versions = [...versionsOf(policy)].reverse().map((v, i) => ({ v, key: String(i).padStart(3, '0') }));
  const page = paginate(versions, (x) => x.key, input.Marker, input.MaxItems);
  return { Versions: page.items.map(({ v }) => versionShape(policy, v.versionId, v.document, v.createdAt, false)), ...pageFields(page) };
}

export async function DeletePolicyVersion(input: DeletePolicyVersionRequest, ctx: HandlerContext): Promise<Empty> {
  const resolved = await loadPolicy(ctx.tx, ctx.accountId, input.PolicyArn);
  const policy = customerOnly(resolved);
  findVersion(resolved, input.VersionId);
  if (input.VersionId === policy.defaultVersionId) throw deleteConflict('Cannot delete the default version of a policy.');
  policy.versions = policy.versions.filter((v) => v.versionId !== input.VersionId);
  savePolicy(ctx.tx, ctx.accountId, policy);
  return {};
}

export async function SetDefaultPolicyVersion(input: SetDefaultPolicyVersionRequest, ctx: HandlerContext): Promise<Empty> {
  const resolved = await loadPolicy(ctx.tx, ctx.accountId, input.PolicyArn);
  const policy = customerOnly(resolved);
  findVersion(resolved, input.VersionId);
  policy.defaultVersionId = input.VersionId;
  policy.updatedAt = isoNow(ctx.now);
  savePolicy(ctx.tx, ctx.accountId, policy);
  return {};
}
