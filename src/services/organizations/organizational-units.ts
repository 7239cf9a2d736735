// CreateOrganizationalUnit, DescribeOrganizationalUnit, UpdateOrganizationalUnit, DeleteOrganizationalUnit,
// ListOrganizationalUnitsForParent. OU names are unique among their siblings; OUs nest at most five
// levels under the root; a new OU gets each enabled type's AWS managed policy, like a new account.
import type {
  CreateOrganizationalUnitRequest,
  CreateOrganizationalUnitResponse,
  DeleteOrganizationalUnitRequest,
  DescribeOrganizationalUnitRequest,
  DescribeOrganizationalUnitResponse,
  ListOrganizationalUnitsForParentRequest,
  ListOrganizationalUnitsForParentResponse,
  UpdateOrganizationalUnitRequest,
  UpdateOrganizationalUnitResponse,
} from '../../generated/organizations/types.js';
import type { StoreReader } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { accountIndex } from './accounts.js';
import { managementOrganization } from './context.js';
import { constraintViolation, duplicateOrganizationalUnit, organizationalUnitNotEmpty, organizationalUnitNotFound, parentNotFound } from './errors.js';
import { newOrganizationalUnitId } from './ids.js';
import { MAX_ORGANIZATIONAL_UNITS, MAX_OU_DEPTH } from './limits.js';
import { defaultAttachments, indexDefaultAttachments } from './organization.js';
import { nextTokenField, paginate } from './pagination.js';
import { GUARDRAIL_TYPES } from './policy-types.js';
import { findOu, listValues, ouKey, ouPrefix, recordAttachment, saveOu, touch, type OrganizationRecord, type OrganizationalUnitRecord } from './records.js';
import { ouShape } from './shapes.js';
import { checkTags } from './tags.js';
import { findParent } from './targets.js';

type Empty = Record<string, never>;

const allOus = (reader: StoreReader, orgId: string) => listValues<OrganizationalUnitRecord>(reader, ouPrefix(orgId));

async function loadOu(reader: StoreReader, org: OrganizationRecord, id: string): Promise<OrganizationalUnitRecord> {
  const ou = await findOu(reader, org.id, id);
  if (!ou) throw organizationalUnitNotFound();
  return ou;
}

export async function CreateOrganizationalUnit(input: CreateOrganizationalUnitRequest, ctx: HandlerContext): Promise<CreateOrganizationalUnitResponse> {
  const { tx } = ctx;
  const { org, place } = await managementOrganization(tx, ctx);
  const parent = await findParent(tx, org, input.ParentId);
  if (!parent) throw parentNotFound();
  const tags = checkTags(input.Tags);
  const ous = await allOus(tx, org.id);
  if (ous.some((ou) => ou.parentId === parent.id && ou.name === input.Name)) throw duplicateOrganizationalUnit();
  // The parent's path holds the root and the OUs above the new one: its length is the new OU's level.
  if (parent.path.length > MAX_OU_DEPTH) throw constraintViolation('OU_DEPTH_LIMIT_EXCEEDED');
  if (ous.length >= MAX_ORGANIZATIONAL_UNITS) throw constraintViolation('OU_NUMBER_LIMIT_EXCEEDED');
  let id = newOrganizationalUnitId(org.rootId);
  while (ous.some((ou) => ou.id === id)) id = newOrganizationalUnitId(org.rootId);
  const ou: OrganizationalUnitRecord = {
    id,
    name: input.Name,
    parentId: parent.id,
    path: parent.path,
    policies: defaultAttachments(org.enabledPolicyTypes),
    tags,
    createdAt: ctx.now,
  };
  saveOu(tx, org.id, ou);
  indexDefaultAttachments(tx, org.id, org.enabledPolicyTypes, id);
  touch(tx, org);
  return { OrganizationalUnit: ouShape(ou, place) };
}

export async function DescribeOrganizationalUnit(input: DescribeOrganizationalUnitRequest, ctx: HandlerContext): Promise<DescribeOrganizationalUnitResponse> {
  const { org, place } = await managementOrganization(ctx.tx, ctx);
  return { OrganizationalUnit: ouShape(await loadOu(ctx.tx, org, input.OrganizationalUnitId), place) };
}

export async function UpdateOrganizationalUnit(input: UpdateOrganizationalUnitRequest, ctx: HandlerContext): Promise<UpdateOrganizationalUnitResponse> {
  const { tx } = ctx;
  const { org, place } = await managementOrganization(tx, ctx);
  const ou = await loadOu(tx, org, input.OrganizationalUnitId);
  if (input.Name !== undefined && input.Name !== ou.name) {
    const siblings = (await allOus(tx, org.id)).filter((other) => other.parentId === ou.parentId && other.id !== ou.id);
    if (siblings.some((other) => other.name === input.Name)) throw duplicateOrganizationalUnit();
    ou.name = input.Name;
    saveOu(tx, org.id, ou);
  }
  return { OrganizationalUnit: ouShape(ou, place) };
}

export async function DeleteOrganizationalUnit(input: DeleteOrganizationalUnitRequest, ctx: HandlerContext): Promise<Empty> {
  const { tx } = ctx;
  const { org } = await managementOrganization(tx, ctx);
  const ou = await loadOu(tx, org, input.OrganizationalUnitId);
  const hasAccounts = (await accountIndex(tx, org.id)).some((a) => a.parentId === ou.id);
  const hasOus = (await allOus(tx, org.id)).some((child) => child.parentId === ou.id);
  if (hasAccounts || hasOus) throw organizationalUnitNotEmpty();
  for (const type of GUARDRAIL_TYPES) for (const policyId of ou.policies[type] ?? []) recordAttachment(tx, org.id, policyId, ou.id, false);
  tx.delete(ouKey(org.id, ou.id));
  touch(tx, org);
  return {};
}

export async function ListOrganizationalUnitsForParent(
  input: ListOrganizationalUnitsForParentRequest,
  ctx: HandlerContext,
): Promise<ListOrganizationalUnitsForParentResponse> {
  const { org, place } = await managementOrganization(ctx.tx, ctx);
  if (!(await findParent(ctx.tx, org, input.ParentId))) throw parentNotFound();
  const children = (await allOus(ctx.tx, org.id)).filter((ou) => ou.parentId === input.ParentId);
  const page = paginate(children, (ou) => ou.id, input.NextToken, input.MaxResults);
  return { OrganizationalUnits: page.items.map((ou) => ouShape(ou, place)), ...nextTokenField(page) };
}
