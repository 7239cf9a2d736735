// Running the AWS CLI against a test server, isolated from the user's own AWS configuration.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Credentials, TestServer } from './rampart.js';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function awsCli(
  server: Pick<TestServer, 'endpoint' | 'region' | 'credentials'>,
  args: string[],
  credentials?: Partial<Credentials>,
  extraEnv: Record<string, string> = {},
): Promise<CliResult> {
  const creds = { ...server.credentials, ...credentials };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_DEFAULT_REGION: server.region,
    AWS_MAX_ATTEMPTS: '1',
    AWS_PAGER: '',
    ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}),
    ...extraEnv,
  };
  try {
    const { stdout, stderr } = await run('aws', [...args, '--endpoint-url', server.endpoint, '--output', 'json'], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failure.code === 'number' ? failure.code : 1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

/** The error code the CLI reports: "An error occurred (Code) when calling ...". */
export function cliErrorCode(result: CliResult): string | undefined {
  return /An error occurred \(([^)]+)\)/.exec(result.stderr)?.[1];
}
