// Tags of roots, OUs, accounts and policies: at most 50 per resource, keys unique (case-sensitive, as
// Organizations compares them), the aws: prefix reserved for AWS.
import type { Tag } from '../../generated/organizations/types.js';
import { constraintViolation, invalidInput } from './errors.js';
import { MAX_TAGS } from './limits.js';

/** Checks the tags a request sets and returns them as stored. */
export function checkTags(tags: readonly Tag[] | undefined): Tag[] {
  const list = (tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
  const seen = new Set<string>();
  for (const tag of list) {
    if (seen.has(tag.Key)) throw invalidInput('DUPLICATE_TAG_KEY');
    seen.add(tag.Key);
    if (tag.Key.toLowerCase().startsWith('aws:')) throw invalidInput('INVALID_SYSTEM_TAGS_PARAMETER');
  }
  if (list.length > MAX_TAGS) throw constraintViolation('MAX_TAG_LIMIT_EXCEEDED');
  return list;
}

/** Adds or overwrites tags by key. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const merged = existing.map((t) => ({ ...t }));
  for (const tag of checkTags(added)) {
    const at = merged.findIndex((t) => t.Key === tag.Key);
    if (at >= 0) merged[at] = tag;
    else merged.push(tag);
  }
  if (merged.length > MAX_TAGS) throw constraintViolation('MAX_TAG_LIMIT_EXCEEDED');
  return merged;
}

export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  if (keys.some((key) => key.toLowerCase().startsWith('aws:'))) throw invalidInput('INVALID_SYSTEM_TAGS_PARAMETER');
  const drop = new Set(keys);
  return existing.filter((t) => !drop.has(t.Key));
}

export function tagMap(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}
