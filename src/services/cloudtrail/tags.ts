// AddTags, RemoveTags, ListTags. Trails carry at most 50 tags; keys are case-sensitive and unique, the
// aws: prefix is reserved, and a tag may have no value. Only trails exist in Rampart's CloudTrail, so
// ARNs of event data stores, channels and dashboards are never found.
import { AwsError } from '../../errors.js';
import type {
  AddTagsRequest,
  AddTagsResponse,
  ListTagsRequest,
  ListTagsResponse,
  RemoveTagsRequest,
  RemoveTagsResponse,
  Tag,
} from '../../generated/cloudtrail/types.js';
import type { StoreReader } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { invalidArn, invalidHomeRegion, invalidParameter, invalidTagParameter, resourceNotFound } from './errors.js';
import { parseTrailArn } from './names.js';
import { arnOf, findTrail, saveTrail, type TrailRecord } from './records.js';

export const MAX_TAGS = 50;
const MAX_LIST_TAGS_RESOURCES = 20;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function tagsLimitExceeded(): AwsError {
  return new AwsError('TagsLimitExceededException', `The number of tags per trail has exceeded the permitted amount. Currently, the limit is ${MAX_TAGS}.`);
}

/** Checks tags a request adds; returns them with keys unique. */
export function checkTags(tags: readonly Tag[]): Tag[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    if (seen.has(tag.Key)) throw invalidTagParameter(`Duplicate tag key: ${tag.Key}. Tag keys must be unique.`);
    seen.add(tag.Key);
    if (tag.Key.toLowerCase().startsWith('aws:')) throw invalidTagParameter('Tag keys cannot start with the reserved prefix aws:.');
    if (!TAG_TEXT.test(tag.Key) || (tag.Value !== undefined && !TAG_TEXT.test(tag.Value))) {
      throw invalidTagParameter('Tag keys and values may contain only letters, digits, spaces and the characters _ . : / = + - @.');
    }
  }
  if (tags.length > MAX_TAGS) throw tagsLimitExceeded();
  return tags.map((t) => (t.Value === undefined ? { Key: t.Key } : { Key: t.Key, Value: t.Value }));
}

/** What a tagging request's ResourceId names: a trail, or CloudTrail's error for anything else. */
async function taggedTrail(reader: StoreReader, ctx: HandlerContext, resourceId: string): Promise<TrailRecord> {
  const arn = /^arn:aws[a-z-]*:([a-z0-9-]+):[a-z0-9-]*:\d{12}:([a-z]+)\/.+$/.exec(resourceId);
  if (!arn) throw invalidArn(resourceId);
  if (arn[1] !== 'cloudtrail') throw new AwsError('ResourceTypeNotSupportedException', `Resource type not supported: ${resourceId}`);
  switch (arn[2]) {
    case 'trail':
      break;
    case 'eventdatastore':
      throw new AwsError('EventDataStoreNotFoundException', `The specified event data store ARN ${resourceId} was not found.`);
    case 'channel':
      throw new AwsError('ChannelNotFoundException', `The specified channel ARN ${resourceId} was not found.`);
    case 'dashboard':
      throw resourceNotFound(resourceId);
    default:
      throw new AwsError('ResourceTypeNotSupportedException', `Resource type not supported: ${resourceId}`);
  }
  parseTrailArn(resourceId);
  const found = await findTrail(reader, ctx, resourceId);
  if ('missing' in found) throw resourceNotFound(resourceId);
  return found.trail;
}

export async function AddTags(input: AddTagsRequest, ctx: HandlerContext): Promise<AddTagsResponse> {
  const trail = await taggedTrail(ctx.tx, ctx, input.ResourceId);
  if (trail.homeRegion !== ctx.region) throw invalidHomeRegion(arnOf(trail), trail.homeRegion);
  const tags = [...trail.tags];
  for (const tag of checkTags(input.TagsList)) {
    const at = tags.findIndex((t) => t.Key === tag.Key);
    if (at >= 0) tags[at] = tag;
    else tags.push(tag);
  }
  if (tags.length > MAX_TAGS) throw tagsLimitExceeded();
  saveTrail(ctx.tx, { ...trail, tags });
  return {};
}

export async function RemoveTags(input: RemoveTagsRequest, ctx: HandlerContext): Promise<RemoveTagsResponse> {
  const trail = await taggedTrail(ctx.tx, ctx, input.ResourceId);
  if (trail.homeRegion !== ctx.region) throw invalidHomeRegion(arnOf(trail), trail.homeRegion);
  const removed = new Set(input.TagsList.map((t) => t.Key));
  saveTrail(ctx.tx, { ...trail, tags: trail.tags.filter((t) => !removed.has(t.Key)) });
  return {};
}

export async function ListTags(input: ListTagsRequest, ctx: HandlerContext): Promise<ListTagsResponse> {
  if (input.ResourceIdList.length > MAX_LIST_TAGS_RESOURCES) {
    throw invalidParameter(`ResourceIdList can name at most ${MAX_LIST_TAGS_RESOURCES} resources.`);
  }
  const ResourceTagList = [];
  for (const resourceId of input.ResourceIdList) {
    const trail = await taggedTrail(ctx.tx, ctx, resourceId);
    ResourceTagList.push({ ResourceId: resourceId, TagsList: trail.tags.map((t) => ({ ...t })) });
  }
  return { ResourceTagList };
}
