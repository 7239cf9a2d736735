// `rampart health` and `rampart admin ...`: thin clients of the /_rampart/ endpoints of a running server.
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, y: 365 * 86_400 };

/** "90s", "15m", "36h", "30d", "1y" (365 days), or plain seconds, to seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhdy]?)$/.exec(text.trim());
  if (!match) throw new ConfigError(`"${text}" is not a duration (examples: 90s, 15m, 36h, 30d, 1y)`);
  return Number(match[1]) * UNITS[match[2] || 's'];
}

async function call(endpoint: string, path: string, body?: unknown): Promise<unknown> {
  const url = new URL(`/_rampart/${path}`, endpoint);
  let response: Response;
  try {
    response = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (error) {
    throw new ConfigError(`cannot reach Rampart at ${endpoint}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const answer: unknown = await response.json().catch(() => ({}));
  if (!response.ok) throw new ConfigError((answer as { message?: string }).message ?? `HTTP ${response.status}`);
  return answer;
}

export async function runAdminCommand(command: 'admin' | 'health', args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { endpoint: { type: 'string' } }, allowPositionals: true });
  const endpoint = values.endpoint ?? process.env.RAMPART_ENDPOINT ?? 'http://127.0.0.1:4566';
  const print = (value: unknown): void => {
    process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  };

  if (command === 'health') return print(await call(endpoint, 'health'));

  const [what, action, argument] = positionals;
  if (what === 'reset' && action === undefined) return print(await call(endpoint, 'reset', {}));
  if (what === 'events' && action && /^\d{12}$/.test(action)) {
    return print(await call(endpoint, `events?account=${action}&region=${encodeURIComponent(argument ?? 'us-east-1')}`));
  }
  if (what === 'clock') {
    if (action === undefined) return print(await call(endpoint, 'clock'));
    if (action === 'advance' && argument) return print(await call(endpoint, 'clock', { advanceSeconds: parseDuration(argument) }));
    if (action === 'set' && argument) {
      if (Number.isNaN(Date.parse(argument))) throw new ConfigError(`"${argument}" is not an ISO-8601 time`);
      return print(await call(endpoint, 'clock', { to: new Date(argument).toISOString() }));
    }
  }
  throw new ConfigError('usage: rampart admin clock [advance <duration> | set <time>] | rampart admin reset | rampart admin events <account> [region]');
}
