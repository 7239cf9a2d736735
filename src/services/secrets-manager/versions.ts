// Versions and staging labels, moved exactly as Secrets Manager moves them: a label is on at most one
// version; AWSCURRENT moving off a version puts AWSPREVIOUS on that version; a version without labels
// is deprecated, and deprecated versions are pruned once a secret has more than 100 versions, oldest
// first, but never one created less than 24 hours ago (AWS's documented rule). A secret whose excess
// versions are all that young refuses new ones: the version quota.
import { AwsError } from '../../errors.js';
import { invalidParameter } from './errors.js';
import { DAY_MS, type SecretRecord, type VersionMeta } from './records.js';

export const CURRENT = 'AWSCURRENT';
export const PREVIOUS = 'AWSPREVIOUS';
export const PENDING = 'AWSPENDING';

export const MAX_VERSIONS = 100;
export const MAX_STAGES_PER_VERSION = 20;

export function versionWithStage(record: SecretRecord, stage: string): string | undefined {
  for (const [id, meta] of Object.entries(record.versions)) if (meta.stages.includes(stage)) return id;
  return undefined;
}

export const currentVersionId = (record: SecretRecord) => versionWithStage(record, CURRENT);

/** Versions newest first (ListSecretVersionIds' order). */
export function versionsNewestFirst(record: SecretRecord): [string, VersionMeta][] {
  return Object.entries(record.versions).sort((a, b) => b[1].createdAt - a[1].createdAt || (a[0] < b[0] ? -1 : 1));
}

function detach(record: SecretRecord, stage: string, except?: string): string | undefined {
  let from: string | undefined;
  for (const [id, meta] of Object.entries(record.versions)) {
    if (id !== except && meta.stages.includes(stage)) {
      meta.stages = meta.stages.filter((s) => s !== stage);
      from = id;
    }
  }
  return from;
}

/** Attaches `stages` to `versionId`, taking each off whichever version had it (AWSCURRENT leaves AWSPREVIOUS behind). */
export function attachStages(record: SecretRecord, versionId: string, stages: readonly string[]): void {
  const meta = record.versions[versionId];
  for (const stage of stages) {
    if (meta.stages.includes(stage)) continue;
    const from = detach(record, stage, versionId);
    meta.stages.push(stage);
    if (stage === CURRENT && from !== undefined) markPrevious(record, from);
  }
  if (meta.stages.length > MAX_STAGES_PER_VERSION) {
    throw new AwsError('LimitExceededException', `A version can have at most ${MAX_STAGES_PER_VERSION} staging labels.`);
  }
}

function markPrevious(record: SecretRecord, versionId: string): void {
  detach(record, PREVIOUS);
  const meta = record.versions[versionId];
  if (meta && !meta.stages.includes(PREVIOUS)) meta.stages.push(PREVIOUS);
}

/** Adds a version with its labels and prunes; returns the ids of versions pruned (their values must go too). */
export function addVersion(record: SecretRecord, versionId: string, meta: Omit<VersionMeta, 'stages'>, stages: readonly string[], now: number): string[] {
  record.versions[versionId] = { ...meta, stages: [] };
  attachStages(record, versionId, stages);
  return pruneVersions(record, now);
}

export function pruneVersions(record: SecretRecord, now: number): string[] {
  const ids = Object.keys(record.versions);
  if (ids.length <= MAX_VERSIONS) return [];
  const removable = Object.entries(record.versions)
    .filter(([, meta]) => meta.stages.length === 0 && now - meta.createdAt >= DAY_MS)
    .sort((a, b) => a[1].createdAt - b[1].createdAt);
  const removed: string[] = [];
  for (const [id] of removable) {
    if (ids.length - removed.length <= MAX_VERSIONS) break;
    delete record.versions[id];
    removed.push(id);
  }
  if (Object.keys(record.versions).length > MAX_VERSIONS) {
    throw new AwsError(
      'LimitExceededException',
      `The secret has reached the quota of ${MAX_VERSIONS} versions. Secrets Manager removes versions without staging labels only once they are 24 hours old.`,
    );
  }
  return removed;
}

/**
 * UpdateSecretVersionStage: moves or removes one label. A label attached elsewhere can only be moved by
 * naming the version it leaves; AWSCURRENT can be moved but never removed outright.
 */
export function moveStage(record: SecretRecord, stage: string, moveTo: string | undefined, removeFrom: string | undefined): void {
  const attachedTo = versionWithStage(record, stage);
  if (removeFrom !== undefined) {
    if (!record.versions[removeFrom]) throw invalidParameter(`Not a valid version: ${removeFrom}`);
    if (attachedTo !== removeFrom) {
      throw invalidParameter(`The staging label ${stage} is not attached to version ${removeFrom}, so you can't remove it from that version.`);
    }
  }
  if (moveTo !== undefined && !record.versions[moveTo]) throw invalidParameter(`Not a valid version: ${moveTo}`);
  if (moveTo === undefined) {
    if (removeFrom === undefined) throw invalidParameter('You must specify MoveToVersionId, RemoveFromVersionId, or both.');
    if (stage === CURRENT) throw invalidParameter(`You can't remove the staging label ${CURRENT} from a version without moving it to another version.`);
    detach(record, stage);
    return;
  }
  if (attachedTo === moveTo) return;
  if (attachedTo !== undefined && removeFrom === undefined) {
    throw invalidParameter(
      `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${attachedTo}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
  }
  attachStages(record, moveTo, [stage]);
}
