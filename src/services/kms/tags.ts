// Tags on KMS keys: AWS's rules (at most 50 per key, keys not starting with "aws:", the tag character
// set) and the condition keys they give policies (aws:RequestTag/<key>, aws:TagKeys).
import { AwsError } from '../../errors.js';
import type { Tag } from '../../generated/kms/types.js';
import type { ContextValue } from '../../iam/types.js';

export const MAX_TAGS_PER_KEY = 50;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function validateTagKey(key: string): void {
  if (key.toLowerCase().startsWith('aws:')) throw new AwsError('TagException', `Tag keys beginning with "aws:" are reserved for AWS use: ${key}`);
  if (!TAG_TEXT.test(key)) throw new AwsError('TagException', `Tag key contains characters that are not allowed: ${key}`);
}

export function validateTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    validateTagKey(tag.TagKey);
    if (!TAG_TEXT.test(tag.TagValue)) throw new AwsError('TagException', `Tag value of key ${tag.TagKey} contains characters that are not allowed.`);
    if (seen.has(tag.TagKey)) throw new AwsError('TagException', `Duplicate tag key: ${tag.TagKey}`);
    seen.add(tag.TagKey);
  }
}

/** Existing tags with `added` applied (a new value replaces the old one); LimitExceededException past 50. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const merged = new Map(existing.map((t) => [t.TagKey, t.TagValue]));
  for (const tag of added) merged.set(tag.TagKey, tag.TagValue);
  if (merged.size > MAX_TAGS_PER_KEY) {
    throw new AwsError('LimitExceededException', `A KMS key can have at most ${MAX_TAGS_PER_KEY} tags.`);
  }
  return [...merged].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

export function requestTagConditions(tags: readonly Tag[] | undefined): Record<string, ContextValue | undefined> {
  if (!tags || tags.length === 0) return {};
  const context: Record<string, ContextValue | undefined> = { 'aws:TagKeys': tags.map((t) => t.TagKey) };
  for (const tag of tags) context[`aws:RequestTag/${tag.TagKey}`] = tag.TagValue;
  return context;
}

export const resourceTags = (tags: readonly Tag[]): Record<string, string> => Object.fromEntries(tags.map((t) => [t.TagKey, t.TagValue]));
