// ListRoots, ListParents, ListChildren: walking the organization's tree. An organization has one root.
import type {
  ListChildrenRequest,
  ListChildrenResponse,
  ListParentsRequest,
  ListParentsResponse,
  ListRootsRequest,
  ListRootsResponse,
} from '../../generated/organizations/types.js';
import type { HandlerContext } from '../types.js';
import { accountIndex } from './accounts.js';
import { managementOrganization } from './context.js';
import { childNotFound, parentNotFound } from './errors.js';
import { targetKind } from './ids.js';
import { nextTokenField, paginate } from './pagination.js';
import { findOu, listValues, ouPrefix, type OrganizationalUnitRecord } from './records.js';
import { rootShape } from './shapes.js';
import { findOrganizationMember, findParent } from './targets.js';

const parentType = (id: string) => (id.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT');

export async function ListRoots(input: ListRootsRequest, ctx: HandlerContext): Promise<ListRootsResponse> {
  const { org, place } = await managementOrganization(ctx.tx, ctx);
  const page = paginate([org], (o) => o.rootId, input.NextToken, input.MaxResults);
  return { Roots: page.items.map((o) => rootShape(o, place)), ...nextTokenField(page) };
}

export async function ListParents(input: ListParentsRequest, ctx: HandlerContext): Promise<ListParentsResponse> {
  const { org } = await managementOrganization(ctx.tx, ctx);
  let parentId: string | undefined;
  if (targetKind(input.ChildId) === 'ACCOUNT') parentId = (await findOrganizationMember(ctx.tx, org, input.ChildId))?.parentId;
  else if (targetKind(input.ChildId) === 'ORGANIZATIONAL_UNIT') parentId = (await findOu(ctx.tx, org.id, input.ChildId))?.parentId;
  if (parentId === undefined) throw childNotFound();
  const page = paginate([parentId], (id) => id, input.NextToken, input.MaxResults);
  return { Parents: page.items.map((id) => ({ Id: id, Type: parentType(id) })), ...nextTokenField(page) };
}

export async function ListChildren(input: ListChildrenRequest, ctx: HandlerContext): Promise<ListChildrenResponse> {
  const { org } = await managementOrganization(ctx.tx, ctx);
  if (!(await findParent(ctx.tx, org, input.ParentId))) throw parentNotFound();
  const ids =
    input.ChildType === 'ACCOUNT'
      ? (await accountIndex(ctx.tx, org.id)).filter((a) => a.parentId === input.ParentId).map((a) => a.accountId)
      : (await listValues<OrganizationalUnitRecord>(ctx.tx, ouPrefix(org.id))).filter((ou) => ou.parentId === input.ParentId).map((ou) => ou.id);
  const page = paginate(ids, (id) => id, input.NextToken, input.MaxResults);
  return { Children: page.items.map((id) => ({ Id: id, Type: input.ChildType })), ...nextTokenField(page) };
}
