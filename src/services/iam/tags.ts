// IAM tags: at most 50 per entity, keys unique without regard to case, the aws: prefix reserved.
import { invalidInput, limitExceeded } from './errors.js';
import type { TagRecord } from './records.js';

export const MAX_TAGS = 50;

export function checkNewTags(tags: readonly TagRecord[] | undefined): TagRecord[] {
  const list = (tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
  const seen = new Set<string>();
  for (const tag of list) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key)) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(key);
    if (key.startsWith('aws:')) throw invalidInput('User-defined tag keys can\'t start with "aws:". This prefix is reserved for AWS tags.');
  }
  if (list.length > MAX_TAGS) throw limitExceeded(`The number of tags has reached the maximum limit of ${MAX_TAGS}.`);
  return list;
}

/** Adds or overwrites tags (a key matches without regard to case). */
export function mergeTags(existing: readonly TagRecord[], added: readonly TagRecord[] | undefined): TagRecord[] {
  const incoming = checkNewTags(added);
  const merged = existing.map((t) => ({ ...t }));
  for (const tag of incoming) {
    const at = merged.findIndex((t) => t.Key.toLowerCase() === tag.Key.toLowerCase());
    if (at >= 0) merged[at] = tag;
    else merged.push(tag);
  }
  if (merged.length > MAX_TAGS) throw limitExceeded(`The number of tags has reached the maximum limit of ${MAX_TAGS}.`);
  return merged;
}

export function removeTags(existing: readonly TagRecord[], keys: readonly string[]): TagRecord[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}

export function tagMap(tags: readonly TagRecord[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) map[tag.Key] = tag.Value;
  return map;
}

/** Tags in a response: omitted when there are none, as AWS does. */
export function tagsField(tags: readonly TagRecord[]): { Tags?: TagRecord[] } {
  return tags.length ? { Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {};
}
