// Rampart's built-in rotators: the logic of AWS's rotation function templates for PostgreSQL and
// MySQL/MariaDB, single user and alternating users, run in-process against the real database.
//
// Template function name (any account/Region)          engine      strategy
//   SecretsManagerRDSPostgreSQLRotationSingleUser       postgres    single user
//   SecretsManagerRDSPostgreSQLRotationMultiUser        postgres    alternating users
//   SecretsManagerRDSMySQLRotationSingleUser            mysql       single user
//   SecretsManagerRDSMySQLRotationMultiUser             mysql       alternating users
//   SecretsManagerRDSMariaDBRotationSingleUser          mariadb     single user
//   SecretsManagerRDSMariaDBRotationMultiUser           mariadb     alternating users
//
// The secret is the templates' JSON: engine, host, port, username, password, dbname, and for
// alternating users masterarn (the ARN of a secret whose credentials may create and change users).
//   createSecret  a new password (32 characters, none of / @ " ' \) in an AWSPENDING version; for
//                 alternating users the other user: username with "_clone" appended, or removed.
//   setSecret     single user: log in with the pending, current or previous credentials (whichever
//                 works) and set the pending password; alternating users: log in with the master
//                 secret and create the other user with the current user's privileges, or set its
//                 password.
//   testSecret    log in with the pending credentials and run a query.
//   finishSecret  move AWSCURRENT to the pending version (AWSPREVIOUS follows).
// Unlike the templates, setSecret always sets the password rather than stopping when the pending
// credentials already log in: a server that accepts any password (trust authentication) would
// otherwise never have its password changed. Setting the same password again is harmless.
import { randomPassword } from '../random-password.js';
import { CURRENT, PENDING, PREVIOUS } from '../versions.js';
import { mysqlDriver } from './mysql.js';
import { postgresDriver } from './postgres.js';
import type { RotationStep } from './functions.js';

export type Engine = 'postgres' | 'mysql' | 'mariadb';

export interface BuiltinStrategy {
  engine: Engine;
  alternating: boolean;
  template: string;
}

const TEMPLATES: Record<string, BuiltinStrategy> = {};
for (const [engine, label] of [['postgres', 'PostgreSQL'], ['mysql', 'MySQL'], ['mariadb', 'MariaDB']] as const) {
  for (const [alternating, suffix] of [[false, 'SingleUser'], [true, 'MultiUser']] as const) {
    const template = `SecretsManagerRDS${label}Rotation${suffix}`;
    TEMPLATES[template] = { engine, alternating, template };
  }
}

export function builtinStrategy(functionName: string): BuiltinStrategy | undefined {
  return TEMPLATES[functionName];
}

export interface DatabaseCredentials {
  engine?: string;
  host: string;
  port?: number | string;
  username: string;
  password: string;
  dbname?: string;
  masterarn?: string;
  [key: string]: unknown;
}

/** What a driver does against a real database server. */
export interface DatabaseDriver {
  /** Logs in and runs a query; false when the server refuses the credentials or cannot be reached. */
  canLogIn(credentials: DatabaseCredentials): Promise<boolean>;
  /** Logs in as `login` and sets that user's own password to `password`. */
  setOwnPassword(login: DatabaseCredentials, password: string): Promise<void>;
  /** Logs in as `master` and creates `user` with `template`'s privileges, or sets its password. */
  ensureUser(master: DatabaseCredentials, user: { username: string; password: string }, template: string): Promise<void>;
}

/** Service-side access to the secret being rotated (and to its master secret). */
export interface RotationAccess {
  /** The value of a version by id and/or label, as a string; undefined when there is none. */
  value(select: { versionId?: string; stage?: string }): Promise<string | undefined>;
  /** The AWSCURRENT value of another secret of the same account, by ARN or name. */
  otherSecret(secretId: string): Promise<string | undefined>;
  putPending(token: string, value: string): Promise<void>;
  /** Moves AWSCURRENT to `token`'s version (unless it is there). */
  finish(token: string): Promise<void>;
}

const EXCLUDED = '/@"\'\\';
const DRIVERS: Record<Engine, DatabaseDriver> = { postgres: postgresDriver, mysql: mysqlDriver, mariadb: mysqlDriver };

function parse(text: string | undefined, what: string): DatabaseCredentials {
  if (text === undefined) throw new Error(`the ${what} version of the secret has no value`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`the ${what} version of the secret is not JSON`);
  }
  const credentials = value as DatabaseCredentials;
  for (const field of ['host', 'username', 'password'] as const) {
    if (typeof credentials?.[field] !== 'string') throw new Error(`the ${what} version of the secret has no ${field}`);
  }
  return credentials;
}

function checkEngine(strategy: BuiltinStrategy, credentials: DatabaseCredentials): void {
  const engine = credentials.engine === 'postgresql' ? 'postgres' : credentials.engine;
  const compatible = engine === undefined || engine === strategy.engine || (strategy.engine !== 'postgres' && (engine === 'mysql' || engine === 'mariadb'));
  if (!compatible) throw new Error(`the secret's engine must be ${strategy.engine} for ${strategy.template}`);
}

const alternateName = (username: string) => (username.endsWith('_clone') ? username.slice(0, -'_clone'.length) : `${username}_clone`);

export async function runBuiltinStep(strategy: BuiltinStrategy, step: RotationStep, token: string, access: RotationAccess): Promise<void> {
  const driver = DRIVERS[strategy.engine];
  switch (step) {
    case 'createSecret': {
      const current = parse(await access.value({ stage: CURRENT }), 'AWSCURRENT');
      checkEngine(strategy, current);
      if ((await access.value({ versionId: token, stage: PENDING })) !== undefined) return;
      const pending: DatabaseCredentials = { ...current, password: randomPassword({ PasswordLength: 32, ExcludeCharacters: EXCLUDED }) };
      if (strategy.alternating) pending.username = alternateName(current.username);
      await access.putPending(token, JSON.stringify(pending));
      return;
    }
    case 'setSecret': {
      const current = parse(await access.value({ stage: CURRENT }), 'AWSCURRENT');
      const pending = parse(await access.value({ versionId: token, stage: PENDING }), 'AWSPENDING');
      checkEngine(strategy, pending);
      if (pending.host !== current.host) throw new Error('the pending secret names a different database host than the current one');
      if (strategy.alternating) {
        if (pending.username !== alternateName(current.username)) throw new Error('the pending username is not the alternate of the current username');
        if (!current.masterarn) throw new Error('alternating users rotation needs masterarn in the secret');
        const master = parse(await access.otherSecret(current.masterarn), 'master secret AWSCURRENT');
        if (!(await driver.canLogIn(current))) throw new Error('unable to log into the database with the current secret');
        await driver.ensureUser({ ...master, dbname: current.dbname }, { username: pending.username, password: pending.password }, current.username);
        return;
      }
      if (pending.username !== current.username) throw new Error('the pending username differs from the current username');
      const previousText = await access.value({ stage: PREVIOUS });
      const candidates = [pending, current, ...(previousText === undefined ? [] : [{ ...parse(previousText, 'AWSPREVIOUS'), username: current.username, host: current.host }])];
      for (const login of candidates) {
        if (await driver.canLogIn(login)) {
          await driver.setOwnPassword(login, pending.password);
          return;
        }
      }
      throw new Error('unable to log into the database with the previous, current, or pending secret');
    }
    case 'testSecret': {
      const pending = parse(await access.value({ versionId: token, stage: PENDING }), 'AWSPENDING');
      if (!(await driver.canLogIn(pending))) throw new Error('unable to log into the database with the pending secret');
      return;
    }
    case 'finishSecret':
      await access.finish(token);
      return;
  }
}
