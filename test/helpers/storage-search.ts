// Searching what a test server stored, byte for byte: the SQLite database files (WAL included) or every
// table of the server's PostgreSQL schema. Used to show that secrets are stored only sealed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { TestServer } from './rampart.js';

/** Everything the server's storage holds, as bytes. */
export async function storageBytes(server: Pick<TestServer, 'backend' | 'dataDir' | 'databaseUrl' | 'schema'>): Promise<Buffer> {
  if (server.backend === 'sqlite') {
    const files = ['rampart.db', 'rampart.db-wal', 'rampart.db-shm'].map((f) => join(server.dataDir, f)).filter(existsSync);
    if (files.length === 0) throw new Error(`no SQLite files in ${server.dataDir}`);
    return Buffer.concat(files.map((f) => readFileSync(f)));
  }
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [server.schema]);
    if (tables.rows.length === 0) throw new Error(`no tables in schema ${server.schema}`);
    const dumps: string[] = [];
    for (const { table_name } of tables.rows) dumps.push(JSON.stringify((await client.query(`SELECT * FROM ${server.schema}."${table_name}"`)).rows));
    return Buffer.from(dumps.join('\n'));
  } finally {
    await client.end();
  }
}

/** The ways a value could leak into stored bytes. */
export function encodings(value: string | Buffer): Buffer[] {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const forms = [bytes, Buffer.from(bytes.toString('base64')), Buffer.from(bytes.toString('base64url')), Buffer.from(bytes.toString('hex'))];
  if (typeof value === 'string') forms.push(Buffer.from(value, 'utf16le'));
  return forms;
}
