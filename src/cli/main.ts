#!/usr/bin/env node
// rampart serve | admin | health | version
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type ConfigFlags, type RampartConfig } from '../config.js';
import { RootKeyError } from '../crypto/root-key.js';
import type { RootCredentials } from '../identity/accounts.js';
import { createLogger, type Logger } from '../logging.js';
import { initialize, VERSION } from '../initialize.js';
import { runPrimary, runWorker, stopOnSignal } from '../server/cluster.js';
import { runAdminCommand } from './admin-client.js';
import { runCloudTrailCommand } from './cloudtrail.js';

const USAGE = `Rampart ${VERSION}: a self-hosted security plane that speaks the AWS APIs.

Usage:
  rampart serve [options]            start the server (default 127.0.0.1:4566)
  rampart health [--endpoint URL]    print the server's health
  rampart admin clock [--endpoint URL]                 show the clock (development mode)
  rampart admin clock advance <duration> [--endpoint]  move it forward: 90s, 15m, 36h, 30d, 1y
  rampart admin clock set <ISO-8601 time> [--endpoint] move it to a later time
  rampart admin reset [--endpoint URL]                 delete all state but the keyring and root credentials
  rampart admin events <account> [region]              list the events services emitted (development mode)
  rampart cloudtrail validate-logs --trail-arn <arn> --start-time <time> [...]
                                     check delivered CloudTrail files (--help for options)
  rampart version

Options of serve (each also has an environment variable; see the README):
  --host <addr>           listen address (RAMPART_HOST, default 127.0.0.1)
  --port <n>              listen port (RAMPART_PORT, default 4566)
  --workers <n>           worker processes (RAMPART_WORKERS, default: all cores)
  --data-dir <dir>        data directory (RAMPART_DATA_DIR, default ./.rampart)
  --database-url <url>    PostgreSQL instead of SQLite (RAMPART_DATABASE_URL)
  --dev                   development mode (RAMPART_DEV=1): accept any credentials
  --tls-cert <file>       serve HTTPS too, with this certificate (RAMPART_TLS_CERT)
  --tls-key <file>        ... and this private key (RAMPART_TLS_KEY)
  --account-id <12 digits> the default account (RAMPART_ACCOUNT_ID, default 000000000000)
  --region <name>         region for requests that name none (RAMPART_REGION, default us-east-1)
  --log-level <level>     fatal|error|warn|info|debug|trace (RAMPART_LOG_LEVEL, default info)
`;

const SERVE_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  workers: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  dev: { type: 'boolean' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'account-id': { type: 'string' },
  region: { type: 'string' },
  'log-level': { type: 'string' },
} as const;

function announceCredentials(credentials: RootCredentials, config: RampartConfig): void {
  process.stderr.write(
    `\nRampart created account ${credentials.accountId} with root credentials (shown once):\n` +
      `  AWS_ACCESS_KEY_ID=${credentials.accessKeyId}\n` +
      `  AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}\n` +
      `They are also in ${config.credentialsFile} (readable by you only):\n` +
      `  export AWS_SHARED_CREDENTIALS_FILE=${config.credentialsFile}\n\n`,
  );
}

function warnDevelopmentMode(logger: Logger): void {
  process.stderr.write(
    '\n' +
      '!!! DEVELOPMENT MODE: Rampart accepts ANY credentials without checking signatures, and anyone who\n' +
      '!!! can reach it can move its clock and erase its state. Never use --dev for real secrets.\n\n',
  );
  logger.warn('development mode: unknown credentials are accepted and the admin endpoints are open');
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: SERVE_OPTIONS, strict: true });
  const config = loadConfig(values as ConfigFlags);
  const logger = createLogger(config.logLevel);

  if (cluster.isWorker) return runWorker(config, logger);

  const created = await initialize(config, logger);
  if (created) announceCredentials(created, config);
  if (config.dev) warnDevelopmentMode(logger);

  const storage = config.databaseUrl ? 'postgres' : 'sqlite';
  if (config.workers > 1) {
    const url = await runPrimary(config, logger);
    logger.info({ url, workers: config.workers, storage, version: VERSION }, 'Rampart is listening');
    return;
  }
  // The services load only in processes that serve (not in a cluster's primary, nor for other commands).
  const { startServer } = await import('../rampart.js');
  const server = await startServer(config, logger);
  stopOnSignal(server, logger, false);
  logger.info({ url: server.url, workers: 1, storage, version: VERSION }, 'Rampart is listening');
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest);
    case 'admin':
    case 'health':
      return runAdminCommand(command, rest);
    case 'cloudtrail':
      return runCloudTrailCommand(rest);
    case 'version':
    case '--version':
      process.stdout.write(`${VERSION}\n`);
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      throw new ConfigError(`unknown command "${command}"; run "rampart help"`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof RootKeyError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`rampart: ${known ? (error as Error).message : (error as Error)?.stack ?? String(error)}\n`);
  process.exit(known ? 2 : 1);
});
