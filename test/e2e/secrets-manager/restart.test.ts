// A rotation schedule is a durable scheduler job: stopping Rampart mid-schedule and starting it again
// on the same data (the built CLI as a child process) loses nothing; the next rotation still happens
// when the development clock passes it, and really changes the database password (MariaDB).
import { randomBytes } from 'node:crypto';
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChild, testBackends, type ChildServer } from '../../helpers/rampart.js';
import { eventually, smClient, uniqueName } from './support.js';

const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' };

async function logsIn(user: string, password: string): Promise<boolean> {
  try {
    const c = await mysql.createConnection({ host: MARIADB.host, port: MARIADB.port, user, password });
    await c.end();
    return true;
  } catch {
    return false;
  }
}

describe.each(testBackends())('rotation schedules across a restart on %s', (backend) => {
  let server: ChildServer;
  let root: mysql.Connection;
  const user = `smr_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    root = await mysql.createConnection(MARIADB);
    await root.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', 'before-restart']);
  });
  afterAll(async () => {
    await root?.query('DROP USER IF EXISTS ?@?', [user, '%']).catch(() => undefined);
    await root?.end();
    await server?.destroy();
  });

  it('rotates when due after the process was stopped and started again', async () => {
    server = await startChild({ backend, dev: true });
    let sm = await smClient(server);
    const name = uniqueName('restart');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ engine: 'mariadb', host: '127.0.0.1', port: 3306, username: user, password: 'before-restart' }) }));
    await sm.send(new RotateSecretCommand({
      SecretId: name,
      RotationLambdaARN: 'arn:aws:lambda:us-east-1:000000000000:function:SecretsManagerRDSMariaDBRotationSingleUser',
      RotationRules: { ScheduleExpression: 'rate(4 hours)' },
      RotateImmediately: false,
    }));
    const due = (await sm.send(new DescribeSecretCommand({ SecretId: name }))).NextRotationDate!;
    await server.advanceClock(3600);

    await server.stop();
    server = await startChild({ backend, dev: true, dataDir: server.dataDir, schema: server.schema });
    sm = await smClient(server);
    const described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(described.NextRotationDate).toEqual(due);
    expect(described.LastRotatedDate).toBeUndefined();
    expect(await logsIn(user, 'before-restart')).toBe(true);

    await server.advanceClock(5 * 3600);
    sm = await smClient(server);
    const value = await eventually(async () => {
      const current = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString!);
      expect(current.password).not.toBe('before-restart');
      return current as { password: string };
    });
    expect(await logsIn(user, value.password)).toBe(true);
    expect(await logsIn(user, 'before-restart')).toBe(false);
    const after = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(after.LastRotatedDate).toBeInstanceOf(Date);
    expect(after.NextRotationDate!.getTime()).toBeGreaterThan(due.getTime());
  });
});
