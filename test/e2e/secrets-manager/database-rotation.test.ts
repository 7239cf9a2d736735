// The built-in rotators against the real PostgreSQL (127.0.0.1:5432) and MariaDB (127.0.0.1:3306)
// servers: single user (the password really changes: the new one logs in, the old one does not) and
// alternating users (the clone user is created with the current user's privileges, then the users
// alternate), AWSCURRENT/AWSPREVIOUS moved, a database that refuses leaving AWSCURRENT unchanged, and
// the next rotation when the development clock passes the schedule.
//
// The local PostgreSQL trusts 127.0.0.1 connections (any password logs in), so PostgreSQL passwords are
// checked against the SCRAM verifier the server stores (pg_authid), which is what a login checks.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { CreateSecretCommand, GetSecretValueCommand, RotateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { eventually, runDueJobs, smClient, stagesOf, uniqueName } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;
const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' };
const currentOf = (stages: Record<string, string[]>) => Object.entries(stages).find(([, s]) => s.includes('AWSCURRENT'))?.[0];

async function pgVerifies(admin: pg.Client, role: string, password: string): Promise<boolean> {
  const row = (await admin.query<{ rolpassword: string | null }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [role])).rows[0];
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(row?.rolpassword ?? '');
  if (!match) return false;
  const salted = pbkdf2Sync(password, Buffer.from(match[2], 'base64'), Number(match[1]), 32, 'sha256');
  const storedKey = createHash('sha256').update(createHmac('sha256', salted).update('Client Key').digest()).digest();
  return storedKey.equals(Buffer.from(match[3], 'base64'));
}

async function mariadbLogsIn(user: string, password: string): Promise<boolean> {
  try {
    const c = await mysql.createConnection({ host: MARIADB.host, port: MARIADB.port, user, password, database: 'test' });
    await c.query('SELECT 1 FROM rampart_probe LIMIT 1');
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function rotateNow(server: Server, sm: SecretsManagerClient, name: string, functionName: string, rules?: { AutomaticallyAfterDays: number }) {
  const before = currentOf(await stagesOf(sm, name));
  const { VersionId } = await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: fn(functionName), ...(rules ? { RotationRules: rules } : {}) }));
  await runDueJobs(server);
  const stages = await eventually(async () => {
    const s = await stagesOf(sm, name);
    expect(currentOf(s)).toBe(VersionId);
    return s;
  });
  expect(stages[before!]).toEqual(['AWSPREVIOUS']);
  return JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString!) as Record<string, string | number>;
}

describe.each(testBackends())('built-in database rotators, Rampart on %s', (backend) => {
  let server: Server;
  let sm: SecretsManagerClient;
  let admin: pg.Client;
  let root: mysql.Connection;
  const id = randomBytes(4).toString('hex');
  const pgRoles = [`sm_master_${id}`, `sm_app_${id}`, `sm_app_${id}_clone`, `sm_alt_${id}`, `sm_alt_${id}_clone`];
  const myUsers = [`smm_${id}`, `sms_${id}`, `sma_${id}`, `sma_${id}_clone`, `smf_${id}`];

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    sm = await smClient(server);
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE sm_master_${id} SUPERUSER LOGIN PASSWORD 'master-${id}'`);
    await admin.query(`CREATE ROLE sm_app_${id} LOGIN PASSWORD 'initial-${id}'`);
    await admin.query(`CREATE ROLE sm_alt_${id} LOGIN PASSWORD 'initial-${id}'`);
    root = await mysql.createConnection(MARIADB);
    await root.query('CREATE TABLE IF NOT EXISTS rampart_probe (id INT)');
    await root.query('CREATE USER ?@? IDENTIFIED BY ?', [`smm_${id}`, '%', `master-${id}`]);
    await root.query('GRANT ALL PRIVILEGES ON *.* TO ?@? WITH GRANT OPTION', [`smm_${id}`, '%']);
    for (const user of [`sms_${id}`, `sma_${id}`, `smf_${id}`]) {
      await root.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', `initial-${id}`]);
      await root.query('GRANT SELECT ON test.* TO ?@?', [user, '%']);
    }
  });

  afterAll(async () => {
    if (admin) {
      for (const role of pgRoles.reverse()) await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await admin.end();
    }
    if (root) {
      for (const user of myUsers) await root.query('DROP USER IF EXISTS ?@?', [user, '%']).catch(() => undefined);
      await root.end();
    }
    await server?.destroy();
  });

  it('PostgreSQL single user: the password really changes', async () => {
    const name = uniqueName('pg-single');
    const initial = `initial-${id}`;
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ engine: 'postgres', host: '127.0.0.1', port: 5432, username: `sm_app_${id}`, password: initial, dbname: 'postgres' }) }));
    expect(await pgVerifies(admin, `sm_app_${id}`, initial)).toBe(true);
    const rotated = await rotateNow(server, sm, name, 'SecretsManagerRDSPostgreSQLRotationSingleUser');
    expect(rotated.username).toBe(`sm_app_${id}`);
    expect(rotated.password).not.toBe(initial);
    expect(await pgVerifies(admin, `sm_app_${id}`, String(rotated.password))).toBe(true);
    expect(await pgVerifies(admin, `sm_app_${id}`, initial)).toBe(false);
    const previous = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }))).SecretString!);
    expect(previous.password).toBe(initial);
  });

  it('PostgreSQL alternating users: the clone is created with the current user as a member role, then users alternate', async () => {
    const master = uniqueName('pg-master');
    const masterArn = (await sm.send(new CreateSecretCommand({ Name: master, SecretString: JSON.stringify({ engine: 'postgres', host: '127.0.0.1', port: 5432, username: `sm_master_${id}`, password: `master-${id}` }) }))).ARN!;
    const name = uniqueName('pg-multi');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ engine: 'postgres', host: '127.0.0.1', port: 5432, username: `sm_alt_${id}`, password: `initial-${id}`, dbname: 'postgres', masterarn: masterArn }) }));
    const first = await rotateNow(server, sm, name, 'SecretsManagerRDSPostgreSQLRotationMultiUser');
    expect(first.username).toBe(`sm_alt_${id}_clone`);
    expect(await pgVerifies(admin, `sm_alt_${id}_clone`, String(first.password))).toBe(true);
    const membership = await admin.query('SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = $1 AND u.rolname = $2', [`sm_alt_${id}`, `sm_alt_${id}_clone`]);
    expect(membership.rowCount).toBe(1);
    // The original user keeps its password while the clone is current.
    expect(await pgVerifies(admin, `sm_alt_${id}`, `initial-${id}`)).toBe(true);
    const second = await rotateNow(server, sm, name, 'SecretsManagerRDSPostgreSQLRotationMultiUser');
    expect(second.username).toBe(`sm_alt_${id}`);
    expect(await pgVerifies(admin, `sm_alt_${id}`, String(second.password))).toBe(true);
    expect(await pgVerifies(admin, `sm_alt_${id}_clone`, String(first.password))).toBe(true);
  });

  it('MariaDB single user: the new password logs in and the old one does not; the schedule rotates again', async () => {
    const name = uniqueName('maria-single');
    const initial = `initial-${id}`;
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ engine: 'mariadb', host: '127.0.0.1', port: 3306, username: `sms_${id}`, password: initial, dbname: 'test' }) }));
    const rotated = await rotateNow(server, sm, name, 'SecretsManagerRDSMariaDBRotationSingleUser', { AutomaticallyAfterDays: 1 });
    expect(await mariadbLogsIn(`sms_${id}`, String(rotated.password))).toBe(true);
    expect(await mariadbLogsIn(`sms_${id}`, initial)).toBe(false);
    // The next rotation is due within the day after tomorrow (UTC); the clock passes it.
    await server.advanceClock(2 * 86_400 + 60);
    sm = await smClient(server);
    const again = await eventually(async () => {
      const value = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString!);
      expect(value.password).not.toBe(rotated.password);
      return value;
    });
    expect(await mariadbLogsIn(`sms_${id}`, again.password)).toBe(true);
    expect(await mariadbLogsIn(`sms_${id}`, String(rotated.password))).toBe(false);
  });

  it('MySQL alternating users on MariaDB: the clone gets the current user’s grants', async () => {
    const master = uniqueName('maria-master');
    const masterArn = (await sm.send(new CreateSecretCommand({ Name: master, SecretString: JSON.stringify({ engine: 'mysql', host: '127.0.0.1', port: 3306, username: `smm_${id}`, password: `master-${id}` }) }))).ARN!;
    const name = uniqueName('maria-multi');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ engine: 'mysql', host: '127.0.0.1', port: 3306, username: `sma_${id}`, password: `initial-${id}`, dbname: 'test', masterarn: masterArn }) }));
    const first = await rotateNow(server, sm, name, 'SecretsManagerRDSMySQLRotationMultiUser');
    expect(first.username).toBe(`sma_${id}_clone`);
    expect(await mariadbLogsIn(`sma_${id}_clone`, String(first.password))).toBe(true);
    expect(await mariadbLogsIn(`sma_${id}`, `initial-${id}`)).toBe(true);
    const second = await rotateNow(server, sm, name, 'SecretsManagerRDSMySQLRotationMultiUser');
    expect(second.username).toBe(`sma_${id}`);
    expect(await mariadbLogsIn(`sma_${id}`, String(second.password))).toBe(true);
    expect(await mariadbLogsIn(`sma_${id}`, `initial-${id}`)).toBe(false);
  });

  it('a database that refuses the credentials leaves AWSCURRENT unchanged', async () => {
    const name = uniqueName('maria-refuses');
    const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ engine: 'mariadb', host: '127.0.0.1', port: 3306, username: `smf_${id}`, password: 'not-the-password', dbname: 'test' }) }));
    const { VersionId } = await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: fn('SecretsManagerRDSMariaDBRotationSingleUser') }));
    await runDueJobs(server);
    const stages = await stagesOf(sm, name);
    expect(currentOf(stages)).toBe(created.VersionId);
    expect(stages[VersionId!]).toEqual(['AWSPENDING']);
    expect(JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString!).password).toBe('not-the-password');
    expect(await mariadbLogsIn(`smf_${id}`, `initial-${id}`)).toBe(true);
  });
});
