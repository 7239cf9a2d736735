// PostgreSQL for tests: RAMPART_TEST_DATABASE_URL (default: the local server), one schema per test
// database (a store's connections use it through search_path). If the server cannot be reached the
// tests fail with a message saying so, unless RAMPART_TEST_POSTGRES=skip.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.RAMPART_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type Backend = 'sqlite' | 'postgres';

/** The backends the suite runs on: both, unless RAMPART_TEST_POSTGRES=skip. */
export function testBackends(): Backend[] {
  return process.env.RAMPART_TEST_POSTGRES === 'skip' ? ['sqlite'] : ['sqlite', 'postgres'];
}

/** A URL whose connections use `schema` (which may not exist yet). */
export function schemaUrl(schema: string): string {
  const url = new URL(TEST_DATABASE_URL);
  const existing = url.searchParams.get('options');
  url.searchParams.set('options', `${existing ? existing + ' ' : ''}-c search_path=${schema}`);
  return url.toString();
}

function unreachable(error: unknown): Error {
  return new Error(
    `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(error as Error).message}). Start it, point ` +
      'RAMPART_TEST_DATABASE_URL at one, or set RAMPART_TEST_POSTGRES=skip to run on SQLite only.',
  );
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw unreachable(error);
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a new empty schema and returns its name. */
export async function createSchema(): Promise<string> {
  const schema = `rampart_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE SCHEMA ${schema}`));
  return schema;
}

export async function dropSchema(schema: string): Promise<void> {
  await withAdmin((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
}

export interface PostgresTestDatabase {
  /** A new empty schema; returns a URL whose connections use it (search_path). */
  createSchemaUrl(): Promise<string>;
  /** A URL whose search_path is `schema` (which may not exist). */
  urlFor(schema: string): string;
  schemaOf(url: string): string;
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Drops every schema this run created and disconnects. */
  dropAll(): Promise<void>;
}

/** For files that are all PostgreSQL: the database, undefined when skipped; throws if unreachable. */
export async function postgresTestDatabase(): Promise<PostgresTestDatabase | undefined> {
  const db = await connectPostgresTestDatabase();
  if (db instanceof Error) throw db;
  return db === 'skip' ? undefined : db;
}

export interface OptionalPostgres {
  /** RAMPART_TEST_POSTGRES=skip */
  skip: boolean;
  /** The database when it was reached. */
  db: PostgresTestDatabase | undefined;
  /** The database, or throws why it could not be reached: call it inside the PostgreSQL tests. */
  require(): PostgresTestDatabase;
}

/** For files that test both backends: an unreachable server fails only their PostgreSQL tests. */
export async function optionalPostgresTestDatabase(): Promise<OptionalPostgres> {
  const r = await connectPostgresTestDatabase();
  const db = r instanceof Error || r === 'skip' ? undefined : r;
  return {
    skip: r === 'skip',
    db,
    require() {
      if (r instanceof Error) throw r;
      return db!;
    },
  };
}

async function connectPostgresTestDatabase(): Promise<PostgresTestDatabase | 'skip' | Error> {
  if (process.env.RAMPART_TEST_POSTGRES === 'skip') return 'skip';
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => undefined);
    return unreachable(error);
  }
  const run = `rampart_storage_${randomBytes(4).toString('hex')}`;
  const created: string[] = [];
  const urlFor = schemaUrl;
  return {
    async createSchemaUrl() {
      const schema = `${run}_${created.length}`;
      await admin.query(`CREATE SCHEMA ${schema}`);
      created.push(schema);
      return urlFor(schema);
    },
    urlFor,
    schemaOf(url: string) {
      const options = new URL(url).searchParams.get('options') ?? '';
      const m = /search_path=(\S+)/.exec(options);
      if (!m) throw new Error('no search_path in the URL');
      return m[1]!;
    },
    async query(sql, params) {
      return (await admin.query(sql, params)).rows as Record<string, unknown>[];
    },
    async dropAll() {
      for (const schema of created.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}
