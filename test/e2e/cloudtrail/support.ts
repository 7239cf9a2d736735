// Shared by the CloudTrail end-to-end tests: clients that follow a development server's moved clock,
// reading what trails delivered, and running the built `rampart cloudtrail validate-logs`.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailEvent } from '../../../src/audit/event.js';
import { CLI, type Credentials, type TestServer } from '../../helpers/rampart.js';

const run = promisify(execFile);

/** Rampart's clock (a development server's runs ahead of this machine's once moved). */
export async function serverNow(server: Pick<TestServer, 'endpoint'>): Promise<number> {
  const response = await fetch(`${server.endpoint}/_rampart/clock`);
  if (!response.ok) return Date.now();
  return Date.parse(((await response.json()) as { now: string }).now);
}

/** A client signing with the server's clock, so requests stay valid after the clock moves. */
export async function cloudTrail(server: TestServer, region = server.region, credentials?: Credentials): Promise<CloudTrailClient> {
  const systemClockOffset = (await serverNow(server)) - Date.now();
  return new CloudTrailClient({ ...server.clientConfig(credentials), region, systemClockOffset });
}

/** Every file under a directory, as '/'-separated paths relative to it. */
export function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export const logFiles = (root: string) => filesUnder(root).filter((f) => /\/CloudTrail\/.+\.json\.gz$/.test(f));
export const digestFiles = (root: string) => filesUnder(root).filter((f) => /\/CloudTrail-Digest\/.+\.json\.gz$/.test(f));

export function readLogFile(root: string, file: string): CloudTrailEvent[] {
  return (JSON.parse(gunzipSync(readFileSync(join(root, file))).toString('utf8')) as { Records: CloudTrailEvent[] }).Records;
}

export function deliveredEvents(root: string): CloudTrailEvent[] {
  return logFiles(root).flatMap((file) => readLogFile(root, file));
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm run build` first). */
export async function rampartCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failure.code === 'number' ? failure.code : 1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}
