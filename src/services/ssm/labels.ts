// Parameter labels: names attached to one version of a parameter. A label is at most 100 characters
// of letters, digits, ".", "-" and "_", and begins with neither a digit nor "aws"/"ssm" (any case);
// other labels are answered as InvalidLabels. A version carries at most 10 labels, and a label is
// on one version at a time: attaching it to another version moves it.
import { AwsError } from '../../errors.js';
import type { ParameterRecord } from './records.js';

export const MAX_LABELS_PER_VERSION = 10;

export const isValidLabel = (label: string) =>
  label.length >= 1 && label.length <= 100 && /^[a-zA-Z0-9_.-]+$/.test(label) && !/^[0-9]/.test(label) && !/^(aws|ssm)/i.test(label);

/** Attaches the valid labels to `version` (moving them from other versions); returns the invalid ones. */
export function attachLabels(record: ParameterRecord, version: number, labels: readonly string[]): string[] {
  const invalid = labels.filter((label) => !isValidLabel(label));
  const valid = [...new Set(labels.filter(isValidLabel))];
  const onVersion = new Set(Object.entries(record.labels).filter(([, v]) => v === version).map(([label]) => label));
  for (const label of valid) onVersion.add(label);
  if (onVersion.size > MAX_LABELS_PER_VERSION) {
    throw new AwsError(
      'ParameterVersionLabelLimitExceeded',
      `A parameter version can have maximum ${MAX_LABELS_PER_VERSION} labels. Move one or more labels to another version and try again.`,
    );
  }
  for (const label of valid) record.labels[label] = version;
  return invalid;
}

/** Detaches labels from `version`; returns those removed and those that were not on it. */
export function detachLabels(record: ParameterRecord, version: number, labels: readonly string[]): { removed: string[]; invalid: string[] } {
  const removed: string[] = [];
  const invalid: string[] = [];
  for (const label of new Set(labels)) {
    if (record.labels[label] === version) {
      delete record.labels[label];
      removed.push(label);
    } else invalid.push(label);
  }
  return { removed, invalid };
}
