// Tags on parameters: at most 50 per parameter, keys not starting with "aws:", and the condition keys
// they give policies (aws:RequestTag/<key>, aws:TagKeys; aws:ResourceTag/<key> from the resource).
import { AwsError } from '../../errors.js';
import type { Tag } from '../../generated/ssm/types.js';
import type { ContextValue } from '../../iam/types.js';

export const MAX_TAGS = 50;

export function validateTags(tags: readonly Tag[]): void {
  for (const tag of tags) {
    if (tag.Key.toLowerCase().startsWith('aws:')) {
      throw new AwsError('ValidationException', `Tag keys beginning with "aws:" are reserved for AWS use: ${tag.Key}`);
    }
  }
}

/** `existing` with `added` applied (a new value replaces the old); TooManyTagsError past 50. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const merged = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const tag of added) merged.set(tag.Key, tag.Value);
  if (merged.size > MAX_TAGS) throw new AwsError('TooManyTagsError', `A parameter can have at most ${MAX_TAGS} tags.`);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

export function requestTagConditions(tags: readonly Tag[] | undefined): Record<string, ContextValue | undefined> {
  if (!tags || tags.length === 0) return {};
  const context: Record<string, ContextValue | undefined> = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  return context;
}

export const resourceTags = (tags: readonly Tag[]): Record<string, string> => Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
