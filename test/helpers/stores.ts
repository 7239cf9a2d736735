// Fresh stores for tests that need storage but not a server: one per backend, each isolated
// (a temporary SQLite directory, or a PostgreSQL schema of its own), removed by `destroy`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/storage/index.js';
import type { Store } from '../../src/storage/types.js';
import { createSchema, dropSchema, schemaUrl, type Backend } from './postgres.js';

export interface TestStore {
  store: Store;
  /** Opens another connection to the same data (another "process"). */
  reopen(): Promise<Store>;
  location: { dataDir?: string; url?: string };
  destroy(): Promise<void>;
}

export async function createTestStore(backend: Backend): Promise<TestStore> {
  if (backend === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'rampart-store-'));
    const open = () => openStore({ backend: 'sqlite', dataDir });
    const store = await open();
    return {
      store,
      reopen: open,
      location: { dataDir },
      async destroy() {
        await store.close().catch(() => undefined);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = await createSchema();
  const url = schemaUrl(schema);
  const open = () => openStore({ backend: 'postgres', url });
  const store = await open();
  return {
    store,
    reopen: open,
    location: { url },
    async destroy() {
      await store.close().catch(() => undefined);
      await dropSchema(schema);
    },
  };
}
