// First-start work, done once per start before anything serves (in the primary process when there
// are workers). It loads no service, so a cluster's primary starts quickly.
import { createRequire } from 'node:module';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { systemClock } from './clock.js';
import type { RampartConfig } from './config.js';
import { Keyring } from './crypto/keyring.js';
import { createRootKeyProvider } from './crypto/root-key.js';
import { AccessKeys } from './identity/access-keys.js';
import { ensureDefaultAccount, type RootCredentials } from './identity/accounts.js';
import type { Logger } from './logging.js';
import { Scheduler } from './scheduler/scheduler.js';
import { scheduleAuditExpiry } from './audit/retention.js';
import { openStore } from './storage/index.js';

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
