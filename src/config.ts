// Rampart's configuration: command-line flags win over environment variables, which win over defaults.
// Every option is listed in the README; keep the two in step.
import { availableParallelism } from 'node:os';
import { resolve, join } from 'node:path';
import type { RootKeySource } from './crypto/root-key.js';
import { parseQuotaSettings, type QuotaSettings } from './services/kms/quotas.js';
import { parseRotationFunctions, type RotationFunctions } from './services/secrets-manager/rotation/functions.js';

export interface RampartConfig {
  host: string;
  port: number;
  /** Worker processes serving the port; 1 serves from the main process. */
  workers: number;
  dataDir: string;
  /** PostgreSQL connection URL; SQLite under dataDir when absent. */
  databaseUrl: string | undefined;
  /** Development mode: unknown credentials are accepted, admin endpoints are open. */
  dev: boolean;
  tls: { certFile: string; keyFile: string } | undefined;
  rootKey: RootKeySource;
  /** The account created on first start. */
  accountId: string;
  /** Region assumed for requests that carry none (unsigned requests, global services). */
  defaultRegion: string;
  logLevel: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** File the first start writes the default account's root credentials to. */
  credentialsFile: string;
  /** Seconds a shutdown waits for in-flight requests. */
  shutdownGraceSeconds: number;
  /** Where trails deliver CloudTrail log and digest files: one directory per destination bucket. */
  cloudTrailDir: string;
  /** KMS request quotas (RAMPART_KMS_QUOTAS): AWS's defaults, "off", or overrides by quota name. */
  kmsQuotas: QuotaSettings;
  /** Secrets Manager rotation functions by Lambda ARN (RAMPART_ROTATION_FUNCTIONS). */
  rotationFunctions: RotationFunctions;
}

export interface ConfigFlags {
  host?: string;
  port?: string;
  workers?: string;
  'data-dir'?: string;
  'database-url'?: string;
  dev?: boolean;
  'tls-cert'?: string;
  'tls-key'?: string;
  'account-id'?: string;
  region?: string;
  'log-level'?: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const truthy = (value: string | undefined) => value !== undefined && /^(1|true|yes|on)$/i.test(value);

function integer(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${text}")`);
  }
  return value;
}

/** A setting parsed by its own module, its errors reported as configuration errors. */
function setting<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): RampartConfig {
  const dataDir = resolve(flags['data-dir'] ?? env.RAMPART_DATA_DIR ?? '.rampart');
  const certFile = flags['tls-cert'] ?? env.RAMPART_TLS_CERT;
  const keyFile = flags['tls-key'] ?? env.RAMPART_TLS_KEY;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new ConfigError('HTTPS needs both a certificate and a key (--tls-cert and --tls-key)');
  }

  let rootKey: RootKeySource;
  if (env.RAMPART_ROOT_KEY) rootKey = { kind: 'env', base64: env.RAMPART_ROOT_KEY };
  else if (env.RAMPART_ROOT_PASSPHRASE) rootKey = { kind: 'passphrase', passphrase: env.RAMPART_ROOT_PASSPHRASE };
  else rootKey = { kind: 'file', path: resolve(env.RAMPART_ROOT_KEY_FILE ?? join(dataDir, 'root.key')) };

  const accountId = flags['account-id'] ?? env.RAMPART_ACCOUNT_ID ?? '000000000000';
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError(`the account id must be 12 digits (got "${accountId}")`);

  const defaultRegion = flags.region ?? env.RAMPART_REGION ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(defaultRegion)) throw new ConfigError(`"${defaultRegion}" is not a region name`);

  return {
    host: flags.host ?? env.RAMPART_HOST ?? '127.0.0.1',
    port: integer('the port', flags.port ?? env.RAMPART_PORT ?? '4566', 0, 65535),
    workers: integer('the number of workers', flags.workers ?? env.RAMPART_WORKERS ?? String(availableParallelism()), 1, 256),
    dataDir,
    databaseUrl: flags['database-url'] ?? env.RAMPART_DATABASE_URL ?? undefined,
    dev: flags.dev ?? truthy(env.RAMPART_DEV),
    tls: certFile && keyFile ? { certFile: resolve(certFile), keyFile: resolve(keyFile) } : undefined,
    rootKey,
    accountId,
    defaultRegion,
    logLevel: flags['log-level'] ?? env.RAMPART_LOG_LEVEL ?? 'info',
    maxBodyBytes: integer('RAMPART_MAX_BODY_BYTES', env.RAMPART_MAX_BODY_BYTES ?? String(16 * 1024 * 1024), 1024, 5 * 1024 ** 3),
    credentialsFile: resolve(env.RAMPART_CREDENTIALS_FILE ?? join(dataDir, 'credentials')),
    shutdownGraceSeconds: integer('RAMPART_SHUTDOWN_GRACE_SECONDS', env.RAMPART_SHUTDOWN_GRACE_SECONDS ?? '30', 0, 3600),
    cloudTrailDir: resolve(env.RAMPART_CLOUDTRAIL_DIR ?? join(dataDir, 'cloudtrail')),
    kmsQuotas: setting(() => parseQuotaSettings(env.RAMPART_KMS_QUOTAS)),
    rotationFunctions: setting(() => parseRotationFunctions(env.RAMPART_ROTATION_FUNCTIONS)),
  };
}
