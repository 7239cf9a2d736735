// DescribeAccount, ListAccounts, ListAccountsForParent, MoveAccount: the organization's accounts, the
// management account among them. Moving an account changes the path its SCPs and RCPs come from on the
// next request (the guardrail lookup reads the account's member record on every request).
import type {
  DescribeAccountRequest,
  DescribeAccountResponse,
  ListAccountsForParentRequest,
  ListAccountsForParentResponse,
  ListAccountsRequest,
  ListAccountsResponse,
  MoveAccountRequest,
} from '../../generated/organizations/types.js';
import type { StoreReader } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { managementOrganization } from './context.js';
import { accountNotFound, destinationParentNotFound, duplicateAccount, parentNotFound, sourceParentNotFound } from './errors.js';
import { nextTokenField, paginate } from './pagination.js';
import { accountIndexPrefix, findMember, saveAccountIndex, saveMember, type AccountIndexEntry, type MemberRecord } from './records.js';
import { accountShape } from './shapes.js';
import { findOrganizationMember, findParent } from './targets.js';

type Empty = Record<string, never>;

/** The organization's accounts (by id) with their parents, from the index. */
export async function accountIndex(reader: StoreReader, orgId: string): Promise<{ accountId: string; parentId: string }[]> {
  const prefix = accountIndexPrefix(orgId);
  return (await reader.list({ prefix })).map((entry) => ({ accountId: entry.key.slice(prefix.length), parentId: (entry.value as unknown as AccountIndexEntry).parentId }));
}

async function members(reader: StoreReader, ids: readonly string[]): Promise<MemberRecord[]> {
  const found: MemberRecord[] = [];
  for (const id of ids) {
    const member = await findMember(reader, id);
    if (member) found.push(member);
  }
  return found;
}

export async function DescribeAccount(input: DescribeAccountRequest, ctx: HandlerContext): Promise<DescribeAccountResponse> {
  const { org, place } = await managementOrganization(ctx.tx, ctx);
  const member = await findOrganizationMember(ctx.tx, org, input.AccountId);
  if (!member) throw accountNotFound();
  return { Account: accountShape(member, place) };
}

export async function ListAccounts(input: ListAccountsRequest, ctx: HandlerContext): Promise<ListAccountsResponse> {
  const { org, place } = await managementOrganization(ctx.tx, ctx);
  const page = paginate(await accountIndex(ctx.tx, org.id), (a) => a.accountId, input.NextToken, input.MaxResults);
  const accounts = await members(ctx.tx, page.items.map((a) => a.accountId));
  return { Accounts: accounts.map((m) => accountShape(m, place)), ...nextTokenField(page) };
}

export async function ListAccountsForParent(input: ListAccountsForParentRequest, ctx: HandlerContext): Promise<ListAccountsForParentResponse> {
  const { org, place } = await managementOrganization(ctx.tx, ctx);
  if (!(await findParent(ctx.tx, org, input.ParentId))) throw parentNotFound();
  const children = (await accountIndex(ctx.tx, org.id)).filter((a) => a.parentId === input.ParentId);
  const page = paginate(children, (a) => a.accountId, input.NextToken, input.MaxResults);
  const accounts = await members(ctx.tx, page.items.map((a) => a.accountId));
  return { Accounts: accounts.map((m) => accountShape(m, place)), ...nextTokenField(page) };
}

export async function MoveAccount(input: MoveAccountRequest, ctx: HandlerContext): Promise<Empty> {
  const { tx } = ctx;
  const { org } = await managementOrganization(tx, ctx);
  const member = await findOrganizationMember(tx, org, input.AccountId);
  if (!member) throw accountNotFound();
  const source = await findParent(tx, org, input.SourceParentId);
  if (!source) throw sourceParentNotFound();
  const destination = await findParent(tx, org, input.DestinationParentId);
  if (!destination) throw destinationParentNotFound();
  // The account is not where the caller says it is.
  if (member.parentId !== source.id) throw accountNotFound();
  if (destination.id === member.parentId) throw duplicateAccount();
  member.parentId = destination.id;
  member.path = destination.path;
  saveMember(tx, member);
  saveAccountIndex(tx, org.id, member.accountId, destination.id);
  return {};
}
