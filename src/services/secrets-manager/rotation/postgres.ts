// The PostgreSQL driver of the built-in rotators (node-postgres). Passwords go into ALTER/CREATE ROLE
// as quoted literals: PostgreSQL does not take bind parameters in utility statements.
import type pg from 'pg';
import type { DatabaseCredentials, DatabaseDriver } from './builtin.js';

const CONNECT_TIMEOUT_MS = 5_000;

// Loaded on first use: most Rampart processes never rotate a PostgreSQL secret.
const driver = () => import('pg').then((module) => module.default);

async function client(credentials: DatabaseCredentials): Promise<pg.Client> {
  const { Client } = await driver();
  return new Client({
    host: credentials.host,
    port: Number(credentials.port ?? 5432),
    user: credentials.username,
    password: credentials.password,
    database: credentials.dbname ?? 'postgres',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
}

async function withClient<T>(credentials: DatabaseCredentials, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = await client(credentials);
  // A connection error after connect (server restart) must not become an unhandled 'error' event.
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

export const postgresDriver: DatabaseDriver = {
  async canLogIn(credentials) {
    try {
      await withClient(credentials, (c) => c.query('SELECT NOW()'));
      return true;
    } catch {
      return false;
    }
  },
  async setOwnPassword(login, password) {
    await withClient(login, (c) => c.query(`ALTER USER ${c.escapeIdentifier(login.username)} WITH PASSWORD ${c.escapeLiteral(password)}`));
  },
  async ensureUser(master, user, template) {
    await withClient(master, async (c) => {
      const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user.username]);
      if (exists.rowCount === 0) {
        await c.query(`CREATE ROLE ${c.escapeIdentifier(user.username)} WITH LOGIN PASSWORD ${c.escapeLiteral(user.password)}`);
        await c.query(`GRANT ${c.escapeIdentifier(template)} TO ${c.escapeIdentifier(user.username)}`);
      } else {
        await c.query(`ALTER USER ${c.escapeIdentifier(user.username)} WITH PASSWORD ${c.escapeLiteral(user.password)}`);
      }
    });
  },
};
