// Rotation functions are named by Lambda ARN, as in AWS, and resolved by Rampart to something it runs:
//
//   a built-in rotator   the function name of an AWS rotation template (SecretsManagerRDSPostgreSQL-
//                        RotationSingleUser, ...MultiUser, the MySQL and MariaDB ones), in any account
//                        and Region, or an ARN configured with {"builtin": "<template name>"};
//   an HTTP endpoint     {"url": "http://..."}: POSTed the event JSON a Lambda receives;
//   a local command      {"command": ["program", "arg", ...]}: run with the event JSON on stdin.
//
// RAMPART_ROTATION_FUNCTIONS is a JSON object from function ARN to one of those, e.g.
//   {"arn:aws:lambda:us-east-1:000000000000:function:my-rotator": {"url": "http://127.0.0.1:9000/rotate"},
//    "arn:aws:lambda:us-east-1:000000000000:function:api-key": {"command": ["node", "rotate.js"], "timeoutSeconds": 30}}
// A function succeeds when the endpoint answers 2xx or the command exits 0; anything else fails the step.
import { spawn } from 'node:child_process';
import { parseLambdaArn } from '../arns.js';
import { builtinStrategy, type BuiltinStrategy } from './builtin.js';

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

export interface RotationEvent {
  Step: RotationStep;
  SecretId: string;
  ClientRequestToken: string;
  RotationToken: string;
}

export type FunctionTarget =
  | { kind: 'builtin'; strategy: BuiltinStrategy }
  | { kind: 'url'; url: string; timeoutMs: number }
  | { kind: 'command'; command: string[]; timeoutMs: number };

export interface RotationFunctions {
  /** What `arn` runs, or undefined when Rampart cannot invoke it (AWS: the function can't be invoked). */
  resolve(arn: string): FunctionTarget | undefined;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Parses RAMPART_ROTATION_FUNCTIONS (throws with a message naming the problem). */
export function parseRotationFunctions(text: string | undefined): RotationFunctions {
  const configured = new Map<string, FunctionTarget>();
  if (text !== undefined && text.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error('RAMPART_ROTATION_FUNCTIONS must be a JSON object from Lambda function ARN to {"url"}, {"command"} or {"builtin"}');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('RAMPART_ROTATION_FUNCTIONS must be a JSON object from Lambda function ARN to {"url"}, {"command"} or {"builtin"}');
    }
    for (const [arn, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (!parseLambdaArn(arn)) throw new Error(`RAMPART_ROTATION_FUNCTIONS: "${arn}" is not a Lambda function ARN`);
      configured.set(arn, targetOf(arn, value));
    }
  }
  return {
    resolve(arn) {
      const exact = configured.get(arn);
      if (exact) return exact;
      const parsed = parseLambdaArn(arn);
      if (!parsed) return undefined;
      // A qualified ARN (":$LATEST", ":1") falls back to the function's unqualified registration.
      if (parsed.qualifier) {
        const unqualified = configured.get(arn.slice(0, arn.lastIndexOf(':')));
        if (unqualified) return unqualified;
      }
      const strategy = builtinStrategy(parsed.functionName);
      return strategy ? { kind: 'builtin', strategy } : undefined;
    },
  };
}

function targetOf(arn: string, value: unknown): FunctionTarget {
  const entry = (typeof value === 'object' && value !== null ? value : {}) as { url?: unknown; command?: unknown; builtin?: unknown; timeoutSeconds?: unknown };
  const timeoutMs = typeof entry.timeoutSeconds === 'number' && entry.timeoutSeconds > 0 ? entry.timeoutSeconds * 1000 : DEFAULT_TIMEOUT_MS;
  if (typeof entry.url === 'string' && /^https?:\/\//.test(entry.url)) return { kind: 'url', url: entry.url, timeoutMs };
  if (Array.isArray(entry.command) && entry.command.length > 0 && entry.command.every((c) => typeof c === 'string')) {
    return { kind: 'command', command: entry.command as string[], timeoutMs };
  }
  if (typeof entry.builtin === 'string') {
    const strategy = builtinStrategy(entry.builtin);
    if (strategy) return { kind: 'builtin', strategy };
  }
  throw new Error(`RAMPART_ROTATION_FUNCTIONS: the entry for ${arn} needs "url" (http or https), "command" (a non-empty array of strings) or "builtin" (a rotation template name)`);
}

/** Runs one step on an HTTP endpoint or a command; resolves on success, throws a value-free reason otherwise. */
export async function invokeExternal(target: Extract<FunctionTarget, { kind: 'url' | 'command' }>, event: RotationEvent): Promise<void> {
  const body = JSON.stringify(event);
  if (target.kind === 'url') {
    let status: number;
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(target.timeoutMs),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      throw new Error(`${event.Step}: the rotation function could not be reached (${(error as Error).name})`);
    }
    if (status < 200 || status > 299) throw new Error(`${event.Step}: the rotation function answered HTTP ${status}`);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn(target.command[0], target.command.slice(1), { stdio: ['pipe', 'ignore', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), target.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${event.Step}: the rotation command could not be started (${(error as NodeJS.ErrnoException).code ?? error.name})`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${event.Step}: the rotation command ${signal ? `was ended by ${signal}` : `exited with status ${code}`}`));
    });
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(body);
  });
}
