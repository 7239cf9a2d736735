// TagResource, UntagResource, ListTagsForResource on the root, OUs, accounts and customer managed policies.
import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  Tag,
  TagResourceRequest,
  UntagResourceRequest,
} from '../../generated/organizations/types.js';
import type { StoreReader, Transaction } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { managementOrganization } from './context.js';
import { invalidInput, targetNotFound } from './errors.js';
import { nextTokenField, paginate } from './pagination.js';
import { findAnyPolicy, isAwsManaged } from './policy-lookup.js';
import { savePolicy, type OrganizationRecord } from './records.js';
import { MAX_TAGS } from './limits.js';
import { mergeTags, removeTags } from './tags.js';
import { findTarget } from './targets.js';

type Empty = Record<string, never>;

interface Taggable {
  tags: Tag[];
  /** AWS managed policies carry no tags and take none. */
  immutable: boolean;
  save(tx: Transaction, tags: Tag[]): void;
}

/** The root, OU, account or policy a ResourceId names in this organization. */
export async function findTaggable(reader: StoreReader, org: OrganizationRecord, id: string): Promise<Taggable | undefined> {
  if (id.startsWith('p-')) {
    const policy = await findAnyPolicy(reader, org.id, id);
    if (!policy) return undefined;
    if (isAwsManaged(policy)) return { tags: [], immutable: true, save: () => undefined };
    return { tags: policy.tags, immutable: false, save: (tx, tags) => savePolicy(tx, org.id, { ...policy, tags }) };
  }
  const target = await findTarget(reader, org, id);
  if (!target) return undefined;
  return {
    tags: target.tags,
    immutable: false,
    save: (tx, tags) => {
      target.tags = tags;
      target.save(tx);
    },
  };
}

async function loadTaggable(reader: StoreReader, org: OrganizationRecord, id: string, changing: boolean): Promise<Taggable> {
  const found = await findTaggable(reader, org, id);
  if (!found) throw targetNotFound();
  if (changing && found.immutable) throw invalidInput('IMMUTABLE_POLICY');
  return found;
}

export async function TagResource(input: TagResourceRequest, ctx: HandlerContext): Promise<Empty> {
  const { org } = await managementOrganization(ctx.tx, ctx);
  const resource = await loadTaggable(ctx.tx, org, input.ResourceId, true);
  resource.save(ctx.tx, mergeTags(resource.tags, input.Tags));
  return {};
}

export async function UntagResource(input: UntagResourceRequest, ctx: HandlerContext): Promise<Empty> {
  const { org } = await managementOrganization(ctx.tx, ctx);
  const resource = await loadTaggable(ctx.tx, org, input.ResourceId, true);
  resource.save(ctx.tx, removeTags(resource.tags, input.TagKeys));
  return {};
}

export async function ListTagsForResource(input: ListTagsForResourceRequest, ctx: HandlerContext): Promise<ListTagsForResourceResponse> {
  const { org } = await managementOrganization(ctx.tx, ctx);
  const resource = await loadTaggable(ctx.tx, org, input.ResourceId, false);
  const tags = [...resource.tags].sort((a, b) => (a.Key < b.Key ? -1 : 1));
  // Every tag in one page: a resource has at most MAX_TAGS of them.
  const page = paginate(tags, (t) => t.Key, input.NextToken, MAX_TAGS);
  return { Tags: page.items.map((t) => ({ Key: t.Key, Value: t.Value })), ...nextTokenField(page) };
}
