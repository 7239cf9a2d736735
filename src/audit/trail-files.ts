// Where a trail's files go and what they are called, as CloudTrail names them, so tools written for
// CloudTrail's bucket layout (the AWS CLI's validate-logs, log shippers, Athena tables) find them:
//
//   <prefix>/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 alphanumerics>.json.gz
//   <prefix>/AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/<account>_CloudTrail-Digest_<region>_<trail>_<home region>_<YYYYMMDDTHHmmssZ>.json.gz
//
// The log file's time is its delivery time; the digest's is the end of the hour it covers. `<region>`
// is where the events happened (a multi-region trail has a file series per region), the home region
// is where the trail was created.
import { createHash } from 'node:crypto';

const ALPHANUMERICS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const pad2 = (n: number) => String(n).padStart(2, '0');

function parts(ms: number) {
  const d = new Date(ms);
  return {
    y: String(d.getUTCFullYear()).padStart(4, '0'),
    mo: pad2(d.getUTCMonth() + 1),
    d: pad2(d.getUTCDate()),
    h: pad2(d.getUTCHours()),
    mi: pad2(d.getUTCMinutes()),
    s: pad2(d.getUTCSeconds()),
  };
}

/** CloudTrail's record and digest times: 2015-08-17T14:01:31Z (seconds, UTC). */
export function formatCloudTrailTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The YYYY/MM/DD folder of a time. */
const dayFolder = (ms: number) => {
  const p = parts(ms);
  return `${p.y}/${p.mo}/${p.d}`;
};

/** 16 letters and digits derived from `seed`: random-looking, yet the same on a retry of the same delivery. */
export function uniqueString(seed: string): string {
  let out = '';
  let block = createHash('sha256').update(seed).digest();
  for (;;) {
    for (const byte of block) {
      // 248 = 4 * 62: bytes above it would favour the first letters.
      if (byte < 248) out += ALPHANUMERICS[byte % 62];
      if (out.length === 16) return out;
    }
    block = createHash('sha256').update(block).digest();
  }
}

const withPrefix = (prefix: string | undefined, key: string) => (prefix ? `${prefix}/${key}` : key);

export interface LogFileName {
  prefix?: string;
  accountId: string;
  /** Where the events happened. */
  region: string;
  deliveredAt: number;
  unique: string;
}

export function logFileKey(name: LogFileName): string {
  const p = parts(name.deliveredAt);
  const file = `${name.accountId}_CloudTrail_${name.region}_${p.y}${p.mo}${p.d}T${p.h}${p.mi}Z_${name.unique}.json.gz`;
  return withPrefix(name.prefix, `AWSLogs/${name.accountId}/CloudTrail/${name.region}/${dayFolder(name.deliveredAt)}/${file}`);
}

export interface DigestChainName {
  prefix?: string;
  accountId: string;
  /** The region whose log files the digests cover. */
  region: string;
  trailName: string;
  homeRegion: string;
}

/** The folder holding one account and region's digest files (of every trail). */
export function digestFolder(chain: Pick<DigestChainName, 'prefix' | 'accountId' | 'region'>): string {
  return withPrefix(chain.prefix, `AWSLogs/${chain.accountId}/CloudTrail-Digest/${chain.region}`);
}

export function digestFileKey(chain: DigestChainName, endTime: number): string {
  const p = parts(endTime);
  const file =
    `${chain.accountId}_CloudTrail-Digest_${chain.region}_${chain.trailName}_${chain.homeRegion}_` +
    `${p.y}${p.mo}${p.d}T${p.h}${p.mi}${p.s}Z.json.gz`;
  return `${digestFolder(chain)}/${dayFolder(endTime)}/${file}`;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches the digest files of one trail's chain (keys as digestFileKey writes them), capturing the time. */
export function digestKeyPattern(chain: DigestChainName): RegExp {
  return new RegExp(
    `^${escape(digestFolder(chain))}/\\d{4}/\\d{2}/\\d{2}/` +
      `${escape(`${chain.accountId}_CloudTrail-Digest_${chain.region}_${chain.trailName}_${chain.homeRegion}_`)}` +
      '(\\d{8}T\\d{6}Z)\\.json\\.gz$',
  );
}

/** The time in a digest file's name (YYYYMMDDTHHmmssZ), as ms. */
export function parseDigestKeyTime(stamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}
