// Rampart's own endpoints under /_rampart/: health for everyone; in development mode only, moving
// the clock forward (running whatever falls due) and resetting all state, so tests and users can
// exercise rotation schedules and deletion windows and start each test clean.
import type { WireRequest, WireResponse } from '../protocol/wire.js';

export const ADMIN_PREFIX = '/_rampart/';

export interface HealthInfo {
  version: string;
  storage: string;
  sealed: boolean;
  ready: boolean;
  dev: boolean;
  /** The process that answered (one of the workers when there are several). */
  pid: number;
}

export interface AdminActions {
  health(): HealthInfo;
  /** Current time and development offset. */
  clock(): { now: number; offsetMs: number };
  /** Moves the clock forward by `ms` (or to `to`), runs what fell due; returns the jobs run. */
  advanceClock(move: { ms: number } | { to: number }): Promise<{ now: number; offsetMs: number; jobsRun: number }>;
  reset(): Promise<void>;
  /** The event log of an account and region (events Rampart's services emitted), newest first. */
  events(query: { account: string; region: string; limit?: number; nextToken?: string; source?: string; detailType?: string }): Promise<unknown>;
}

const json = (status: number, body: unknown): WireResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const error = (status: number, message: string) => json(status, { message });

export async function handleAdmin(req: WireRequest, actions: AdminActions, dev: boolean): Promise<WireResponse> {
  const path = req.path.slice(ADMIN_PREFIX.length);
  if (path === 'health') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return error(405, 'use GET');
    const health = actions.health();
    return json(health.ready ? 200 : 503, { status: health.ready ? 'ok' : 'unavailable', ...health });
  }
  if (path !== 'clock' && path !== 'reset' && path !== 'events') return error(404, `no such endpoint: ${req.path}`);
  if (!dev) return error(403, 'the clock, reset and events endpoints exist only in development mode (--dev)');

  if (path === 'events') {
    if (req.method !== 'GET') return error(405, 'use GET');
    const query = new URLSearchParams(req.rawQuery);
    const account = query.get('account');
    const region = query.get('region') ?? 'us-east-1';
    if (!account || !/^\d{12}$/.test(account)) return error(400, 'give the account: ?account=<12 digits>&region=<region>');
    const limit = query.get('limit');
    try {
      return json(
        200,
        await actions.events({
          account,
          region,
          ...(limit !== null ? { limit: Number(limit) } : {}),
          ...(query.get('nextToken') !== null ? { nextToken: query.get('nextToken')! } : {}),
          ...(query.get('source') !== null ? { source: query.get('source')! } : {}),
          ...(query.get('detailType') !== null ? { detailType: query.get('detailType')! } : {}),
        }),
      );
    } catch (failure) {
      return error(400, (failure as Error).message);
    }
  }

  if (path === 'clock') {
    if (req.method === 'GET') return json(200, clockBody(actions.clock()));
    if (req.method !== 'POST') return error(405, 'use GET or POST');
    const body = parseJson(req.body);
    if (!body) return error(400, 'the body must be a JSON object: {"advanceSeconds": n} or {"to": "<ISO-8601 time>"}');
    let move: { ms: number } | { to: number };
    if (typeof body.advanceSeconds === 'number' && Number.isFinite(body.advanceSeconds) && body.advanceSeconds >= 0) {
      move = { ms: Math.round(body.advanceSeconds * 1000) };
    } else if (typeof body.to === 'string' && !Number.isNaN(Date.parse(body.to))) {
      move = { to: Date.parse(body.to) };
    } else {
      return error(400, 'give "advanceSeconds" (a number >= 0) or "to" (an ISO-8601 time)');
    }
    if ('to' in move && move.to < actions.clock().now) return error(400, 'the clock only moves forward');
    const result = await actions.advanceClock(move);
    return json(200, { ...clockBody(result), jobsRun: result.jobsRun });
  }

  if (req.method !== 'POST') return error(405, 'use POST');
  await actions.reset();
  return json(200, { reset: true });
}

function clockBody(clock: { now: number; offsetMs: number }) {
  return { now: new Date(clock.now).toISOString(), offsetSeconds: clock.offsetMs / 1000 };
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.length ? body.toString('utf8') : '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
