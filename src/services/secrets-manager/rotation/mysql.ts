// The MySQL/MariaDB driver of the built-in rotators (mysql2). Values are escaped by the driver
// (client-side placeholders); a new user gets the current user's grants copied, as AWS's
// alternating-users template does.
import type mysql from 'mysql2/promise';
import type { DatabaseCredentials, DatabaseDriver } from './builtin.js';

const CONNECT_TIMEOUT_MS = 5_000;

// Loaded on first use: most Rampart processes never rotate a MySQL secret.
const driver = () => import('mysql2/promise').then((module) => module.default);

async function withConnection<T>(credentials: DatabaseCredentials, fn: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const { createConnection } = await driver();
  const connection = await createConnection({
    host: credentials.host,
    port: Number(credentials.port ?? 3306),
    user: credentials.username,
    password: credentials.password,
    ...(credentials.dbname ? { database: credentials.dbname } : {}),
    connectTimeout: CONNECT_TIMEOUT_MS,
  });
  connection.on('error', () => undefined);
  try {
    return await fn(connection);
  } finally {
    await connection.end().catch(() => undefined);
  }
}

export const mysqlDriver: DatabaseDriver = {
  async canLogIn(credentials) {
    try {
      await withConnection(credentials, (c) => c.query('SELECT NOW()'));
      return true;
    } catch {
      return false;
    }
  },
  async setOwnPassword(login, password) {
    await withConnection(login, async (c) => {
      // MariaDB lets a user without CREATE USER change its own password only with SET PASSWORD;
      // MySQL 8 has no PASSWORD() and takes ALTER USER for one's own account.
      try {
        await c.query('SET PASSWORD = PASSWORD(?)', [password]);
      } catch {
        await c.query('ALTER USER CURRENT_USER() IDENTIFIED BY ?', [password]);
      }
    });
  },
  async ensureUser(master, user, template) {
    await withConnection(master, async (c) => {
      const [hosts] = (await c.query('SELECT Host FROM mysql.user WHERE User = ?', [template])) as unknown as [{ Host: string }[]];
      const host = hosts[0]?.Host ?? '%';
      const [existing] = (await c.query('SELECT 1 FROM mysql.user WHERE User = ? AND Host = ?', [user.username, host])) as unknown as [unknown[]];
      if (existing.length === 0) {
        await c.query('CREATE USER ?@? IDENTIFIED BY ?', [user.username, host, user.password]);
        const [grants] = (await c.query('SHOW GRANTS FOR ?@?', [template, host])) as unknown as [Record<string, string>[]];
        for (const row of grants) {
          const statement = Object.values(row)[0];
          const privileges = /^(GRANT .+?) TO /.exec(statement)?.[1];
          const withGrant = / WITH GRANT OPTION$/.test(statement) ? ' WITH GRANT OPTION' : '';
          // "GRANT USAGE" only carries the login (and a password hash): the new user has its own.
          if (!privileges || /^GRANT USAGE ON \*\.\* $/.test(`${privileges} `)) continue;
          await c.query(`${privileges} ${c.format('TO ?@?', [user.username, host])}${withGrant}`);
        }
      } else {
        await c.query('ALTER USER ?@? IDENTIFIED BY ?', [user.username, host, user.password]);
      }
    });
  },
};
