// Trail delivery: a scheduler job per logging trail takes the events recorded since its last run from
// the event history, writes the ones the trail logs as CloudTrail log files, and every hour (when log
// file validation is on) writes a signed digest per region chained to the previous one.
//
// Exactly once, across restarts and workers. The scheduler runs a job in one place at a time, but a
// run can die half-way or outlive its lease, so a run never relies on that alone:
//   - What to deliver is fixed before anything is written: a plan (time range, commit-sequence range,
//     the trail's settings, a nonce that names the files) is committed to the trail's delivery state
//     first. Files are then written (the same plan always gives the same names and bytes), and a second
//     commit advances the state only if the plan is still the pending one. A run that dies after
//     writing leaves the plan pending; the next run writes the same files again and commits.
//   - Which events: the history is ordered by event time, but a record is committed when its request
//     ends, so it can land behind a range already delivered. The state keeps a watermark W (event time)
//     and the store's commit sequence S read before the last scan. A run reads the sequence S' first,
//     then scans from W - LATE_WINDOW to now - SETTLE: it delivers records with time >= W and version
//     <= S', and records with time < W only if their version is in (S, S'] (committed since the last
//     scan, so not seen by it). Records newer than S' wait for the next run. Versions follow commit
//     order on both backends, so nothing is delivered twice and nothing committed within
//     LATE_WINDOW + SETTLE of its event time is missed.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Keyring } from '../crypto/keyring.js';
import type { Logger } from '../logging.js';
import type { JobContext } from '../scheduler/scheduler.js';
import type { JsonValue, Store, StoreReader, Transaction } from '../storage/types.js';
import type { LogDestination } from './destination.js';
import { buildDigest, digestSigningString, HASH_ALGORITHM, sha256Hex, SIGNATURE_ALGORITHM, signDigest, type DigestLink, type DigestLogFile } from './digest.js';
import type { CloudTrailEvent } from './event.js';
import { historyRegions, readEvents } from './event-store.js';
import { currentSigningKey, openPrivateKey } from './signing-keys.js';
import { digestFileKey, formatCloudTrailTime, logFileKey, uniqueString } from './trail-files.js';
import { trailLogsEvent, type TrailEventScope } from './trail-selectors.js';

/** CloudTrail delivers log files about every 5 minutes, and digests every hour. */
export const DELIVERY_INTERVAL_MS = 5 * 60_000;
export const DIGEST_INTERVAL_MS = 60 * 60_000;
/** Events are delivered once this old: their request may still be writing its record. */
const SETTLE_MS = 30_000;
/** How far behind the watermark late commits are still picked up. */
const LATE_WINDOW_MS = 10 * 60_000;
/** Event time one run covers at most; a backlog goes in steps (the job runs again at once). */
const MAX_RUN_SPAN_MS = 6 * 3_600_000;
const MAX_RECORDS_PER_FILE = 5_000;
const PAGE = 500;

export interface LoggingInterval {
  from: number;
  /** Absent while the trail logs. */
  to?: number;
}

/** What delivery needs of a trail (the CloudTrail service maps its trail record to this). */
export interface TrailDeliveryConfig {
  accountId: string;
  homeRegion: string;
  name: string;
  /** Tells a trail from an earlier one of the same name. */
  generation: string;
  bucket: string;
  prefix?: string;
  isMultiRegionTrail: boolean;
  logFileValidationEnabled: boolean;
  scope: TrailEventScope;
  /** When the trail logged, oldest first. */
  logging: LoggingInterval[];
}

interface RegionDigests {
  /** The last digest of this region's chain; absent before the first. */
  chain?: DigestLink;
  /** Log files delivered since that digest. */
  logFiles: DigestLogFile[];
}

interface LogPlan {
  id: string;
  deliveredAt: number;
  scanFrom: number;
  watermark: number;
  to: number;
  seqFrom: number;
  seqTo: number;
  bucket: string;
  prefix?: string;
  regions: string[];
  scope: TrailEventScope;
  logging: LoggingInterval[];
  validation: boolean;
}

interface DigestPlan {
  startTime: number;
  endTime: number;
  /** The chains end with this digest (logging stopped, or validation turned off). */
  final: boolean;
  chains: { region: string; bucket: string; key: string; previous?: DigestLink; logFiles: DigestLogFile[] }[];
}

/** The job's own record of a trail's delivery: progress, pending work, digest chains, status. */
export interface DeliveryState {
  generation: string;
  /** Bumped by every commit: a run that finds another revision than the one it read lost a race. */
  revision: number;
  watermark: number;
  seq: number;
  pendingLogs?: LogPlan;
  pendingDigest?: DigestPlan;
  /** Start of the current digest hour; absent when no digest chain is running. */
  digestPeriodStart?: number;
  nextDigestAt?: number;
  digests: Record<string, RegionDigests>;
  latestDeliveryTime?: number;
  latestDeliveryAttemptTime?: number;
  latestDeliveryError?: string;
  latestDigestDeliveryTime?: number;
  latestDigestDeliveryError?: string;
}

export interface DeliveryDeps {
  store: Store;
  keyring: Keyring;
  destination: LogDestination;
  logger: Logger;
}

export interface DeliveryTarget {
  /** Storage key of the trail's DeliveryState. */
  stateKey: string;
  /** The generation of the trail the job was scheduled for. */
  generation: string;
  load(reader: StoreReader): Promise<TrailDeliveryConfig | undefined>;
}

export async function readDeliveryState(reader: StoreReader, stateKey: string): Promise<DeliveryState | undefined> {
  return (await reader.get(stateKey))?.value as unknown as DeliveryState | undefined;
}

const isLogging = (logging: readonly LoggingInterval[]) => logging.length > 0 && logging[logging.length - 1].to === undefined;
const inLogging = (logging: readonly LoggingInterval[], time: number) =>
  logging.some((i) => time >= i.from && (i.to === undefined || time < i.to));

function initialState(trail: TrailDeliveryConfig): DeliveryState {
  const first = trail.logging[0];
  const current = trail.logging[trail.logging.length - 1];
  const state: DeliveryState = { generation: trail.generation, revision: 0, watermark: first?.from ?? 0, seq: 0, digests: {} };
  if (trail.logFileValidationEnabled && current && current.to === undefined) {
    state.digestPeriodStart = current.from;
    state.nextDigestAt = current.from + DIGEST_INTERVAL_MS;
    state.digests[trail.homeRegion] = { logFiles: [] };
  }
  return state;
}

/** S3's error codes for what a directory write can fail with (GetTrailStatus shows them). */
function deliveryErrorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'AccessDenied';
  return 'InternalError';
}

/** One run of a trail's delivery job. */
export async function runTrailDelivery(deps: DeliveryDeps, target: DeliveryTarget, job: JobContext): Promise<void> {
  const { store, logger } = deps;
  const now = job.now;
  const trail = await target.load(store);
  // A deleted (or deleted and re-created) trail: returning ends the job.
  if (!trail || trail.generation !== target.generation) return;
  const stored = await readDeliveryState(store, target.stateKey);
  let state: DeliveryState = stored && stored.generation === trail.generation ? stored : initialState(trail);

  /** Commits a change to the state if no one else changed it since it was read; undefined if someone did. */
  const commit = async (mutate: (s: DeliveryState) => void, more?: (tx: Transaction) => Promise<void>): Promise<DeliveryState | undefined> => {
    const expected = state;
    const next = await store.transaction(async (tx) => {
      const current = await readDeliveryState(tx, target.stateKey);
      const unchanged =
        expected.revision === 0
          ? current === undefined || current.generation !== expected.generation
          : current?.generation === expected.generation && current.revision === expected.revision;
      if (!unchanged) return undefined;
      const updated = structuredClone(expected);
      mutate(updated);
      updated.revision = expected.revision + 1;
      tx.put(target.stateKey, updated as unknown as JsonValue);
      await more?.(tx);
      return updated;
    });
    if (next) state = next;
    return next;
  };
  const reschedule = (dueAt: number) => (tx: Transaction) => job.reschedule(tx, dueAt);

  // 1. Log files.
  if (!state.pendingLogs) {
    const plan = await planLogs(store, trail, state, now);
    if (plan && !(await commit((s) => void (s.pendingLogs = plan)))) return;
  }
  if (state.pendingLogs) {
    const plan = state.pendingLogs;
    let written: Record<string, DigestLogFile[]>;
    try {
      written = await writeLogFiles(deps, trail.accountId, plan);
    } catch (error) {
      logger.warn({ trail: trail.name, accountId: trail.accountId, err: (error as Error).message }, 'CloudTrail log file delivery failed; it is retried');
      await commit((s) => {
        s.latestDeliveryAttemptTime = now;
        s.latestDeliveryError = deliveryErrorCode(error);
      }, reschedule(now + DELIVERY_INTERVAL_MS));
      return;
    }
    const applied = await commit((s) => {
      s.watermark = plan.to;
      s.seq = plan.seqTo;
      delete s.pendingLogs;
      s.latestDeliveryAttemptTime = now;
      delete s.latestDeliveryError;
      for (const [region, files] of Object.entries(written)) {
        if (files.length === 0) continue;
        s.latestDeliveryTime = plan.deliveredAt;
        if (plan.validation) (s.digests[region] ??= { logFiles: [] }).logFiles.push(...files);
      }
    });
    if (!applied) return;
  }

  // 2. Digest files.
  const logging = isLogging(trail.logging);
  const lastStop = trail.logging[trail.logging.length - 1]?.to;
  const drained = !logging && lastStop !== undefined && state.watermark >= lastStop;
  const pendingFiles = Object.values(state.digests).some((d) => d.logFiles.length > 0);
  if (state.digestPeriodStart === undefined && ((trail.logFileValidationEnabled && logging) || pendingFiles)) {
    // Validation was turned on (or log files wait for a digest): a chain starts now.
    const started = await commit((s) => {
      s.digestPeriodStart = now;
      s.nextDigestAt = now + DIGEST_INTERVAL_MS;
      s.digests[trail.homeRegion] ??= { logFiles: [] };
    });
    if (!started) return;
  }
  if (!state.pendingDigest && state.digestPeriodStart !== undefined) {
    const final = !trail.logFileValidationEnabled || drained;
    if (final || now >= (state.nextDigestAt ?? 0)) {
      const plan = planDigests(trail, state, now, final);
      if (!(await commit((s) => void (s.pendingDigest = plan)))) return;
    }
  }
  if (state.pendingDigest) {
    const plan = state.pendingDigest;
    let links: Record<string, DigestLink>;
    try {
      links = await writeDigests(deps, trail.accountId, plan, now);
    } catch (error) {
      logger.warn({ trail: trail.name, accountId: trail.accountId, err: (error as Error).message }, 'CloudTrail digest delivery failed; it is retried');
      await commit((s) => void (s.latestDigestDeliveryError = deliveryErrorCode(error)), reschedule(now + DELIVERY_INTERVAL_MS));
      return;
    }
    const applied = await commit((s) => {
      delete s.pendingDigest;
      s.latestDigestDeliveryTime = now;
      delete s.latestDigestDeliveryError;
      if (plan.final) {
        s.digests = {};
        delete s.digestPeriodStart;
        delete s.nextDigestAt;
        return;
      }
      for (const chain of plan.chains) {
        const included = new Set(chain.logFiles.map((f) => f.s3Object));
        const region = (s.digests[chain.region] ??= { logFiles: [] });
        region.chain = links[chain.region];
        region.logFiles = region.logFiles.filter((f) => !included.has(f.s3Object));
      }
      s.digestPeriodStart = plan.endTime;
      s.nextDigestAt = plan.endTime + DIGEST_INTERVAL_MS;
    });
    if (!applied) return;
  }

  // 3. The next run: soon again while a backlog remains, in 5 minutes while there is anything to do.
  const done = !logging && state.watermark >= (lastStop ?? 0) && state.digestPeriodStart === undefined;
  const backlog = state.watermark < Math.min(now - SETTLE_MS, lastStop ?? Number.POSITIVE_INFINITY) - 1;
  await commit(
    () => undefined,
    async (tx) => {
      // Decided again inside the transaction, so a StartLogging racing this run finds the job still there.
      const fresh = await target.load(tx);
      if (done && !(fresh && fresh.generation === trail.generation && isLogging(fresh.logging))) await job.complete(tx);
      else await job.reschedule(tx, backlog ? now : now + DELIVERY_INTERVAL_MS);
    },
  );
}

async function planLogs(store: Store, trail: TrailDeliveryConfig, state: DeliveryState, now: number): Promise<LogPlan | undefined> {
  const first = trail.logging[0];
  if (!first) return undefined;
  // The sequence first: every record with a version up to it is visible to the scan that follows.
  const seqTo = await store.commitSequence();
  const last = trail.logging[trail.logging.length - 1];
  let to = Math.min(now - SETTLE_MS, last.to ?? Number.POSITIVE_INFINITY, state.watermark + MAX_RUN_SPAN_MS);
  to = Math.max(to, state.watermark);
  const scanFrom = Math.max(state.watermark - LATE_WINDOW_MS, first.from);
  if (to <= scanFrom || (to === state.watermark && seqTo === state.seq)) return undefined;
  const regions = trail.isMultiRegionTrail
    ? [...new Set([trail.homeRegion, ...(await historyRegions(store, trail.accountId))])].sort()
    : [trail.homeRegion];
  const plan: LogPlan = {
    id: randomUUID(),
    deliveredAt: now,
    scanFrom,
    watermark: state.watermark,
    to,
    seqFrom: state.seq,
    seqTo,
    bucket: trail.bucket,
    regions,
    scope: trail.scope,
    logging: trail.logging.filter((i) => i.to === undefined || i.to > scanFrom),
    validation: trail.logFileValidationEnabled,
  };
  if (trail.prefix) plan.prefix = trail.prefix;
  return plan;
}

/** Writes the plan's log files (the same names and bytes every time); returns them by region. */
async function writeLogFiles(deps: DeliveryDeps, accountId: string, plan: LogPlan): Promise<Record<string, DigestLogFile[]>> {
  const written: Record<string, DigestLogFile[]> = {};
  for (const region of plan.regions) {
    const files: DigestLogFile[] = (written[region] = []);
    let records: CloudTrailEvent[] = [];
    const flush = async () => {
      const text = JSON.stringify({ Records: records });
      const key = logFileKey({
        prefix: plan.prefix,
        accountId,
        region,
        deliveredAt: plan.deliveredAt,
        unique: uniqueString(`${plan.id}/${region}/${files.length}`),
      });
      await deps.destination.put(plan.bucket, key, gzipSync(text));
      files.push({
        s3Bucket: plan.bucket,
        s3Object: key,
        hashValue: sha256Hex(text),
        hashAlgorithm: HASH_ALGORITHM,
        oldestEventTime: records[0].eventTime,
        newestEventTime: records[records.length - 1].eventTime,
      });
      records = [];
    };
    let after: string | undefined;
    for (;;) {
      const page = await readEvents(deps.store, { accountId, region, startTime: plan.scanFrom, endTime: plan.to, after, limit: PAGE });
      for (const { event, version } of page) {
        const time = Date.parse(event.eventTime);
        if (version > plan.seqTo) continue; // the next run's
        if (time < plan.watermark && version <= plan.seqFrom) continue; // an earlier run's
        if (!inLogging(plan.logging, time) || !trailLogsEvent(plan.scope, event)) continue;
        records.push(event);
        if (records.length >= MAX_RECORDS_PER_FILE) await flush();
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].key;
    }
    if (records.length > 0) await flush();
  }
  return written;
}

function planDigests(trail: TrailDeliveryConfig, state: DeliveryState, now: number, final: boolean): DigestPlan {
  let endTime = Math.floor(now / 1000) * 1000;
  const chains = Object.entries(state.digests)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([region, digests]) => ({ region, digests }));
  // Digest names carry their end time to the second: never reuse the previous digest's.
  const keyAt = (region: string, time: number) =>
    digestFileKey({ prefix: trail.prefix, accountId: trail.accountId, region, trailName: trail.name, homeRegion: trail.homeRegion }, time);
  while (chains.some(({ region, digests }) => digests.chain?.key === keyAt(region, endTime) && digests.chain.bucket === trail.bucket)) endTime += 1000;
  return {
    startTime: state.digestPeriodStart ?? endTime,
    endTime,
    final,
    chains: chains.map(({ region, digests }) => {
      const chain: DigestPlan['chains'][number] = { region, bucket: trail.bucket, key: keyAt(region, endTime), logFiles: digests.logFiles };
      if (digests.chain) chain.previous = digests.chain;
      return chain;
    }),
  };
}

/** Writes and signs the plan's digests; returns the link each becomes for the next digest of its chain. */
async function writeDigests(deps: DeliveryDeps, accountId: string, plan: DigestPlan, now: number): Promise<Record<string, DigestLink>> {
  const links: Record<string, DigestLink> = {};
  for (const chain of plan.chains) {
    const signingKey = await currentSigningKey(deps.store, deps.keyring, accountId, chain.region, now);
    const document = buildDigest({
      accountId,
      startTime: formatCloudTrailTime(plan.startTime),
      endTime: formatCloudTrailTime(plan.endTime),
      bucket: chain.bucket,
      key: chain.key,
      fingerprint: signingKey.fingerprint,
      previous: chain.previous,
      logFiles: chain.logFiles,
    });
    const text = JSON.stringify(document);
    const signature = signDigest(openPrivateKey(deps.keyring, accountId, chain.region, signingKey), digestSigningString(document, text));
    await deps.destination.put(chain.bucket, chain.key, gzipSync(text), { signature, 'signature-algorithm': SIGNATURE_ALGORITHM });
    links[chain.region] = { bucket: chain.bucket, key: chain.key, hashValue: sha256Hex(text), signature };
  }
  return links;
}
