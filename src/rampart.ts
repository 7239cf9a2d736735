// The composition root: config -> storage -> keyring -> identity -> services -> pipeline -> listener.
// `startServer` runs in every process that serves requests, after `initialize` (initialize.ts) did the
// first-start work.
import { OffsetClock } from './clock.js';
import type { RampartConfig } from './config.js';
import { Keyring } from './crypto/keyring.js';
import { createRootKeyProvider } from './crypto/root-key.js';
import { AccessKeys } from './identity/access-keys.js';
import { AccessKeyUsage } from './identity/access-key-usage.js';
import { KnownAccounts } from './identity/accounts.js';
import type { Logger } from './logging.js';
import { Scheduler } from './scheduler/scheduler.js';
import { AuditRecorder } from './audit/recorder.js';
import { listEvents } from './events/event-log.js';
import { AUDIT_EXPIRY_JOB, expireAuditHistory, scheduleAuditExpiry } from './audit/retention.js';
import { ADMIN_PREFIX, handleAdmin, type AdminActions } from './server/admin.js';
import { localCoordinator, type Coordinator } from './server/coordination.js';
import { Listener } from './server/http-server.js';
import { createPipeline, type Pipeline } from './server/pipeline.js';
import { createAuthorizer } from './server/authorize.js';
import { evaluate } from './iam/index.js';
import { createIamIdentityPolicySource } from './services/iam/index.js';
import { createOrganizationPolicySource } from './services/organizations/index.js';
import { createServices } from './services/index.js';
import { resetState, loadClockOffset, saveClockOffset } from './server/dev-state.js';
import { openStore } from './storage/index.js';
import type { Store } from './storage/types.js';
import { storageConfig, VERSION } from './initialize.js';

export { initialize, VERSION } from './initialize.js';

export interface RunningServer {
  /** http(s)://host:port */
  url: string;
  port: number;
  store: Store;
  clock: OffsetClock;
  scheduler: Scheduler;
  /** The request pipeline itself, without HTTP (for in-process benchmarks). */
  pipeline: Pipeline;
  close(): Promise<void>;
}

export interface StartOptions {
  coordinator?: Coordinator;
  /**
   * For benchmarks only (not reachable from the CLI or configuration): leave out policy evaluation
   * (every check is allowed) or audit records, to measure what they cost.
   */
  measureWithout?: readonly ('authorization' | 'audit')[];
  /** Poll for due scheduler jobs this often (ms); 0 turns polling off. */
  schedulerIntervalMs?: number;
}

export async function startServer(config: RampartConfig, logger: Logger, options: StartOptions = {}): Promise<RunningServer> {
  const store = await openStore(storageConfig(config));
  const keyring = await Keyring.open(store, createRootKeyProvider(config.rootKey));
  const clock = new OffsetClock(config.dev ? await loadClockOffset(store) : 0);
  const accessKeys = new AccessKeys(keyring);
  const keyUsage = new AccessKeyUsage(store);
  const accounts = new KnownAccounts(store);
  const scheduler = new Scheduler({ store, clock, logger });
  const recorder = new AuditRecorder(store);
  scheduler.register(AUDIT_EXPIRY_JOB, expireAuditHistory);
  const services = createServices({
    store,
    keyring,
    clock,
    scheduler,
    logger,
    cloudTrailDir: config.cloudTrailDir,
    kmsQuotas: config.kmsQuotas,
    workers: config.workers,
    rotationFunctions: config.rotationFunctions,
  });
  for (const service of services.values()) {
    for (const [type, handler] of Object.entries(service.jobs ?? {})) scheduler.register(type, handler);
  }

  const coordinator = options.coordinator ?? localCoordinator();
  coordinator.onEvent(async (event) => {
    if (event.type === 'clock') clock.setOffset(event.offsetMs);
    if (event.type === 'reset') {
      clock.setOffset(0);
      accessKeys.forgetAll();
      keyUsage.forgetAll();
      accounts.forgetAll();
    }
  });

  const pipeline = createPipeline({
    store,
    clock,
    logger,
    accessKeys,
    keyUsage,
    accounts,
    services,
    authorizer: options.measureWithout?.includes('authorization')
      ? { authorize: async () => undefined }
      : createAuthorizer(evaluate, createIamIdentityPolicySource(), createOrganizationPolicySource()),
    recorder: options.measureWithout?.includes('audit') ? { record: async () => undefined, drain: async () => undefined } : recorder,
    dev: config.dev,
    defaultAccountId: config.accountId,
    defaultRegion: config.defaultRegion,
    maxBodyBytes: config.maxBodyBytes,
  });

  let ready = false;
  const admin: AdminActions = {
    health: () => ({ version: VERSION, storage: store.backend, sealed: false, ready, dev: config.dev, pid: process.pid }),
    clock: () => ({ now: clock.now(), offsetMs: clock.offsetMs }),
    async advanceClock(move) {
      const offsetMs = 'ms' in move ? clock.offsetMs + move.ms : move.to - (clock.now() - clock.offsetMs);
      await saveClockOffset(store, offsetMs);
      await coordinator.broadcast({ type: 'clock', offsetMs });
      const jobsRun = await scheduler.runDue();
      return { now: clock.now(), offsetMs: clock.offsetMs, jobsRun };
    },
    events: (query) => listEvents(store, query),
    async reset() {
      await resetState(store, config.accountId);
      await scheduleAuditExpiry(store, scheduler, clock.now());
      await coordinator.broadcast({ type: 'reset' });
    },
  };

  const listener = new Listener(
    async (req, info) => {
      if (req.path.startsWith(ADMIN_PREFIX)) return handleAdmin(req, admin, config.dev);
      return pipeline(req, info);
    },
    { maxBodyBytes: config.maxBodyBytes, tls: config.tls },
  );
  const address = await listener.listen(config.port, config.host);
  if (options.schedulerIntervalMs !== 0) scheduler.start(options.schedulerIntervalMs ?? 1000);
  ready = true;

  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${config.tls ? 'https' : 'http'}://${host}:${address.port}`,
    port: address.port,
    store,
    clock,
    scheduler,
    pipeline,
    async close() {
      ready = false;
      await listener.close(config.shutdownGraceSeconds * 1000);
      await recorder.drain();
      await scheduler.stop();
      await store.close();
    },
  };
}
