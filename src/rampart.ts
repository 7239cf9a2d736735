// The composition root: config -> storage -> keyring -> identity -> services -> pipeline -> listener.
// `initialize` runs once per start (in the primary process) and does the first-start work;
// `startServer` runs in every process that serves requests.
import { createRequire } from 'node:module';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { OffsetClock, systemClock } from './clock.js';
import type { RampartConfig } from './config.js';
import { Keyring } from './crypto/keyring.js';
import { createRootKeyProvider } from './crypto/root-key.js';
import { AccessKeys } from './identity/access-keys.js';
import { AccessKeyUsage } from './identity/access-key-usage.js';
import { ensureDefaultAccount, KnownAccounts, type RootCredentials } from './identity/accounts.js';
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

export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

export function storageConfig(config: RampartConfig) {
  return config.databaseUrl
    ? ({ backend: 'postgres', url: config.databaseUrl } as const)
    : ({ backend: 'sqlite', dataDir: config.dataDir } as const);
}

/**
 * First-start work, once per start before any worker serves: migrations, the keyring (refusing a
 * wrong root key), the default account. Returns root credentials when this start created them.
 */
export async function initialize(config: RampartConfig, logger: Logger): Promise<RootCredentials | undefined> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const store = await openStore(storageConfig(config));
  try {
    const keyring = await Keyring.open(store, createRootKeyProvider(config.rootKey));
    const created = await ensureDefaultAccount(store, new AccessKeys(keyring), config.accountId, Date.now());
    await scheduleAuditExpiry(store, new Scheduler({ store, clock: systemClock, logger }), Date.now());
    if (created) {
      writeCredentialsFile(config.credentialsFile, created);
      logger.info({ accountId: created.accountId, accessKeyId: created.accessKeyId, file: config.credentialsFile }, 'created the default account');
    }
    return created;
  } finally {
    await store.close();
  }
}

function writeCredentialsFile(path: string, credentials: RootCredentials): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const text =
    `# Root credentials of Rampart account ${credentials.accountId}, created on first start.\n` +
    `# Use them with AWS_SHARED_CREDENTIALS_FILE=${path}\n` +
    `[default]\naws_access_key_id = ${credentials.accessKeyId}\naws_secret_access_key = ${credentials.secretAccessKey}\n`;
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

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
