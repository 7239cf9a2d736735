// Trails as stored, per account and home region:
//   cloudtrail/trail/<account>/<home region>/<name>      the trail's settings, tags, selectors, logging times
//   cloudtrail/delivery/<account>/<home region>/<name>   its delivery job's state (src/audit/delivery.ts)
// A multi-region trail also appears in every other region (a "shadow trail"), where it can be read but
// not changed. Names are unique among the trails a region shows, so a name finds at most one trail.
import type { LoggingInterval, TrailDeliveryConfig } from '../../audit/delivery.js';
import type { AdvancedEventSelector, EventSelector, Tag, Trail } from '../../generated/cloudtrail/types.js';
import type { JsonValue, StoreReader, Transaction } from '../../storage/types.js';
import type { HandlerContext } from '../types.js';
import { invalidHomeRegion, trailNotFound } from './errors.js';
import { checkTrailName, isArn, parseTrailArn, trailArn } from './names.js';

export interface TrailRecord {
  name: string;
  accountId: string;
  homeRegion: string;
  partition: string;
  /** New for every CreateTrail, so a re-created trail never inherits the old one's delivery. */
  generation: string;
  createdAt: number;
  s3BucketName: string;
  s3KeyPrefix?: string;
  includeGlobalServiceEvents: boolean;
  isMultiRegionTrail: boolean;
  logFileValidationEnabled: boolean;
  kmsKeyId?: string;
  tags: Tag[];
  eventSelectors?: EventSelector[];
  advancedEventSelectors?: AdvancedEventSelector[];
  /** StartLogging/StopLogging history the delivery job still needs, oldest first. */
  logging: LoggingInterval[];
  startLoggingTime?: number;
  stopLoggingTime?: number;
}

const TRAILS = 'cloudtrail/trail/';
export const trailKey = (accountId: string, region: string, name: string) => `${TRAILS}${accountId}/${region}/${name}`;
export const deliveryStateKey = (accountId: string, region: string, name: string) => `cloudtrail/delivery/${accountId}/${region}/${name}`;

export const arnOf = (trail: TrailRecord) =>
  trailArn({ partition: trail.partition, region: trail.homeRegion, accountId: trail.accountId, name: trail.name });

export const isLogging = (trail: TrailRecord) => trail.logging.length > 0 && trail.logging[trail.logging.length - 1].to === undefined;

export async function loadTrail(reader: StoreReader, accountId: string, region: string, name: string): Promise<TrailRecord | undefined> {
  return (await reader.get(trailKey(accountId, region, name)))?.value as unknown as TrailRecord | undefined;
}

export function saveTrail(tx: Transaction, trail: TrailRecord): void {
  tx.put(trailKey(trail.accountId, trail.homeRegion, trail.name), trail as unknown as JsonValue);
}

/** Every trail of an account, in every region (an account has a handful). */
export async function accountTrails(reader: StoreReader, accountId: string): Promise<TrailRecord[]> {
  const records = await reader.list({ prefix: `${TRAILS}${accountId}/` });
  return records.map((r) => r.value as unknown as TrailRecord);
}

/** The trails a region shows: its own, and multi-region trails of other regions. */
export function visibleIn(trails: readonly TrailRecord[], region: string): TrailRecord[] {
  return trails.filter((t) => t.homeRegion === region || t.isMultiRegionTrail);
}

export type TrailLookup = { trail: TrailRecord } | { missing: string };

/**
 * Finds the trail a request names (a name, or an ARN) as the caller's region shows it. Names are checked
 * against the naming rules; an ARN must be a trail ARN. Other accounts' trails are never found.
 */
export async function findTrail(reader: StoreReader, ctx: Pick<HandlerContext, 'accountId' | 'region' | 'partition'>, nameOrArn: string): Promise<TrailLookup> {
  if (isArn(nameOrArn)) {
    const place = parseTrailArn(nameOrArn);
    if (place.accountId !== ctx.accountId) return { missing: nameOrArn };
    const trail = await loadTrail(reader, place.accountId, place.region, place.name);
    if (!trail || (trail.homeRegion !== ctx.region && !trail.isMultiRegionTrail)) return { missing: nameOrArn };
    return { trail };
  }
  checkTrailName(nameOrArn);
  const own = await loadTrail(reader, ctx.accountId, ctx.region, nameOrArn);
  if (own) return { trail: own };
  const shadow = (await accountTrails(reader, ctx.accountId)).find((t) => t.name === nameOrArn && t.isMultiRegionTrail);
  return shadow ? { trail: shadow } : { missing: nameOrArn };
}

/** The trail a request names, or TrailNotFoundException. */
export async function requireTrail(reader: StoreReader, ctx: Pick<HandlerContext, 'accountId' | 'region' | 'partition'>, nameOrArn: string): Promise<TrailRecord> {
  const found = await findTrail(reader, ctx, nameOrArn);
  if ('missing' in found) throw trailNotFound(found.missing, ctx.accountId);
  return found.trail;
}

/** The trail a request changes: it must be called in the trail's home region. */
export async function requireHomeTrail(reader: StoreReader, ctx: Pick<HandlerContext, 'accountId' | 'region' | 'partition'>, nameOrArn: string): Promise<TrailRecord> {
  const trail = await requireTrail(reader, ctx, nameOrArn);
  if (trail.homeRegion !== ctx.region) throw invalidHomeRegion(arnOf(trail), trail.homeRegion);
  return trail;
}

export const hasCustomEventSelectors = (trail: TrailRecord) => trail.eventSelectors !== undefined || trail.advancedEventSelectors !== undefined;

/** The Trail structure GetTrail and DescribeTrails answer with. */
export function trailShape(trail: TrailRecord): Trail {
  const shape: Trail = {
    Name: trail.name,
    S3BucketName: trail.s3BucketName,
    IncludeGlobalServiceEvents: trail.includeGlobalServiceEvents,
    IsMultiRegionTrail: trail.isMultiRegionTrail,
    HomeRegion: trail.homeRegion,
    TrailARN: arnOf(trail),
    LogFileValidationEnabled: trail.logFileValidationEnabled,
    HasCustomEventSelectors: hasCustomEventSelectors(trail),
    HasInsightSelectors: false,
    IsOrganizationTrail: false,
  };
  if (trail.s3KeyPrefix !== undefined) shape.S3KeyPrefix = trail.s3KeyPrefix;
  if (trail.kmsKeyId !== undefined) shape.KmsKeyId = trail.kmsKeyId;
  return shape;
}

/** What the delivery job needs of a trail. */
export function deliveryConfig(trail: TrailRecord): TrailDeliveryConfig {
  const config: TrailDeliveryConfig = {
    accountId: trail.accountId,
    homeRegion: trail.homeRegion,
    name: trail.name,
    generation: trail.generation,
    bucket: trail.s3BucketName,
    isMultiRegionTrail: trail.isMultiRegionTrail,
    logFileValidationEnabled: trail.logFileValidationEnabled,
    scope: { includeGlobalServiceEvents: trail.includeGlobalServiceEvents },
    logging: trail.logging,
  };
  if (trail.s3KeyPrefix !== undefined) config.prefix = trail.s3KeyPrefix;
  if (trail.eventSelectors) config.scope.eventSelectors = trail.eventSelectors;
  if (trail.advancedEventSelectors) config.scope.advancedEventSelectors = trail.advancedEventSelectors;
  return config;
}

/** Tags as condition keys (aws:ResourceTag/<key>); a tag without a value has the empty string. */
export const tagMap = (tags: readonly Tag[]): Record<string, string> => Object.fromEntries(tags.map((t) => [t.Key, t.Value ?? '']));
