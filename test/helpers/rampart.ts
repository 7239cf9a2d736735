// Starting a real Rampart for end-to-end tests: on an ephemeral port, with its own data directory,
// on SQLite or on PostgreSQL (a schema of its own in RAMPART_TEST_DATABASE_URL's database), either in
// the test process or as a child process running the built CLI (for workers, signals and crashes).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig, type RampartConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logging.js';
import { initialize, startServer, type RunningServer } from '../../src/rampart.js';
import { createSchema, dropSchema, schemaUrl, type Backend } from './postgres.js';

export { testBackends, type Backend } from './postgres.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface TestServerOptions {
  backend?: Backend;
  dev?: boolean;
  /** Extra environment for the server (config is read from it). */
  env?: Record<string, string>;
  /** Reuse a data directory / database schema, e.g. to restart a server. */
  dataDir?: string;
  schema?: string;
}

export interface TestServer {
  endpoint: string;
  region: string;
  credentials: Credentials;
  backend: Backend;
  dataDir: string;
  schema: string | undefined;
  databaseUrl: string | undefined;
  /** Client settings for any @aws-sdk/client-*. */
  clientConfig(credentials?: Credentials): { endpoint: string; region: string; credentials: Credentials; maxAttempts: number };
  /** Development mode: moves the clock and runs what falls due. */
  advanceClock(seconds: number): Promise<{ now: string; jobsRun: number }>;
  stop(): Promise<void>;
  /** Stops and deletes its data directory and schema. */
  destroy(): Promise<void>;
}

async function prepare(options: TestServerOptions) {
  const backend = options.backend ?? 'sqlite';
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'rampart-test-'));
  const schema = backend === 'postgres' ? (options.schema ?? (await createSchema())) : undefined;
  const env: Record<string, string> = {
    RAMPART_DATA_DIR: dataDir,
    RAMPART_PORT: '0',
    RAMPART_WORKERS: '1',
    RAMPART_LOG_LEVEL: 'warn',
    RAMPART_SHUTDOWN_GRACE_SECONDS: '5',
    ...(schema ? { RAMPART_DATABASE_URL: schemaUrl(schema) } : {}),
    ...(options.dev ? { RAMPART_DEV: '1' } : {}),
    ...options.env,
  };
  return { backend, dataDir, schema, env };
}

function readCredentialsFile(dataDir: string): Credentials {
  const text = readFileSync(join(dataDir, 'credentials'), 'utf8');
  const value = (name: string) => new RegExp(`^${name} = (.+)$`, 'm').exec(text)?.[1] ?? '';
  return { accessKeyId: value('aws_access_key_id'), secretAccessKey: value('aws_secret_access_key') };
}

function makeTestServer(
  base: Awaited<ReturnType<typeof prepare>>,
  endpoint: string,
  credentials: Credentials,
  stop: () => Promise<void>,
): TestServer {
  const region = 'us-east-1';
  let stopped = false;
  const stopOnce = async () => {
    if (stopped) return;
    stopped = true;
    await stop();
  };
  return {
    endpoint,
    region,
    credentials,
    backend: base.backend,
    dataDir: base.dataDir,
    schema: base.schema,
    databaseUrl: base.env.RAMPART_DATABASE_URL,
    clientConfig: (creds = credentials) => ({ endpoint, region, credentials: creds, maxAttempts: 1 }),
    async advanceClock(seconds) {
      const response = await fetch(`${endpoint}/_rampart/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceSeconds: seconds }),
      });
      if (!response.ok) throw new Error(`clock advance failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as { now: string; jobsRun: number };
    },
    stop: stopOnce,
    async destroy() {
      await stopOnce();
      rmSync(base.dataDir, { recursive: true, force: true });
      if (base.schema) await dropSchema(base.schema);
    },
  };
}

/** A Rampart in this process: fast to start, for most end-to-end tests. */
export async function startInProcess(options: TestServerOptions = {}): Promise<TestServer & { server: RunningServer; config: RampartConfig }> {
  const base = await prepare(options);
  // Like a child process, an in-process server sees RAMPART_* settings of the test's environment.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('RAMPART_') && !name.startsWith('RAMPART_TEST_')));
  const config = loadConfig({}, { ...inherited, ...base.env });
  const created = await initialize(config, silentLogger);
  const credentials = created ?? readCredentialsFile(base.dataDir);
  const server = await startServer(config, silentLogger, { schedulerIntervalMs: 0 });
  return { ...makeTestServer(base, server.url, credentials, () => server.close()), server, config };
}

export const CLI = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../../dist/cli/main.js');

export interface ChildServer extends TestServer {
  process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A port nothing listens on right now (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

/** A Rampart child process running the built CLI (`npm run build` first; `npm test` does). */
export async function startChild(options: TestServerOptions & { args?: string[] } = {}): Promise<ChildServer> {
  const base = await prepare(options);
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve', ...(options.args ?? [])], {
    env: { ...process.env, ...base.env, RAMPART_PORT: String(port), RAMPART_LOG_LEVEL: base.env.RAMPART_LOG_LEVEL === 'warn' ? 'info' : base.env.RAMPART_LOG_LEVEL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const { code, signal } = await exited;
      throw new Error(`Rampart exited (${code ?? signal}) before listening:\n${output}`);
    }
    const healthy = await fetch(`${url}/_rampart/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (Date.now() > deadline) throw new Error(`Rampart did not start within 20 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 25));
  }

  const server = makeTestServer(base, url, readCredentialsFile(base.dataDir), async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  return { ...server, process: child, output: () => output, exited };
}
