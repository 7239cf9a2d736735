// The storage entry point: `openStore` picks the backend from the configuration. The contract the
// rest of Rampart codes against is in types.ts.

import { StorageError, type Store, type StoreConfig } from './types.js';

export * from './types.js';

/**
 * Open the store and bring its schema up to date (safe when several processes open it at once).
 * Fails with a StorageError: `unavailable` when the database cannot be reached, `incompatible` when
 * it was made by a newer Rampart.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  switch (config?.backend) {
    case 'sqlite':
      // Each backend (and its driver) loads only when chosen.
      return (await import('./sqlite.js')).SqliteStore.open(config.dataDir);
    case 'postgres': {
      const options: { url: string; maxConnections?: number } = { url: config.url };
      if (config.maxConnections !== undefined) options.maxConnections = config.maxConnections;
      return (await import('./postgres.js')).PostgresStore.open(options);
    }
    default:
      throw new StorageError('invalid', `unknown storage backend ${JSON.stringify((config as { backend?: unknown })?.backend)}`);
  }
}
export { KeyNotStorableError } from './keys.js';
