// `rampart cloudtrail validate-logs`: `aws cloudtrail validate-logs` for trails that deliver to a
// directory (RAMPART_CLOUDTRAIL_DIR) instead of S3. It walks the trail's digest chain in the delivery
// directory and checks every digest's signature and link and every log file's hash.
//
// The public keys come from a running Rampart's ListPublicKeys (--endpoint), in one SigV4-signed request
// made with the project's own signing code and the usual AWS credentials (AWS_ACCESS_KEY_ID /
// AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, or AWS_SHARED_CREDENTIALS_FILE and AWS_PROFILE), or offline
// from PEM files (--public-key-file). No AWS SDK is needed.
import { createHash, createPublicKey } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { deriveSigningKey, hmacHex } from '../auth/signing-key.js';
import { formatAmzDate } from '../auth/time.js';
import { DirectoryDestination } from '../audit/destination.js';
import { publicKeyFingerprint } from '../audit/digest.js';
import { validateLogs, type Finding, type ValidationKey } from '../audit/log-validation.js';
import { ConfigError } from '../config.js';

const USAGE = `Usage:
  rampart cloudtrail validate-logs --trail-arn <arn> --start-time <time> [options]

Validates the log files a trail delivered to the CloudTrail directory, like "aws cloudtrail validate-logs".

Options:
  --trail-arn <arn>          the trail (arn:aws:cloudtrail:<region>:<account>:trail/<name>)
  --start-time <time>        validate digests delivered from this UTC time (ISO 8601, e.g. 2026-01-08T05:21:42Z)
  --end-time <time>          ... until this time (default: now, by Rampart's clock when it is asked for keys)
  --dir <directory>          the delivery root (RAMPART_CLOUDTRAIL_DIR, default <RAMPART_DATA_DIR>/cloudtrail)
  --s3-bucket <name>         the trail's destination bucket (default: from GetTrail, or found in --dir)
  --s3-prefix <prefix>       its key prefix (with --s3-bucket)
  --region <region>          the region whose digests to validate (default: the trail's region)
  --account-id <12 digits>   the account whose files to validate (default: the trail's account)
  --endpoint <url>           Rampart, for ListPublicKeys and GetTrail (RAMPART_ENDPOINT, default http://127.0.0.1:4566)
  --public-key-file <pem>    validate with this public key instead of asking Rampart (repeatable)
  --verbose                  also list every valid file
`;

const OPTIONS = {
  'trail-arn': { type: 'string' },
  'start-time': { type: 'string' },
  'end-time': { type: 'string' },
  dir: { type: 'string' },
  's3-bucket': { type: 'string' },
  's3-prefix': { type: 'string' },
  region: { type: 'string' },
  'account-id': { type: 'string' },
  endpoint: { type: 'string' },
  'public-key-file': { type: 'string', multiple: true },
  verbose: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const TRAIL_ARN = /^arn:[a-z-]+:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

function parseTime(name: string, text: string): number {
  // A time without a zone is UTC, as CloudTrail's are.
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) || !/\d{2}:\d{2}/.test(text) ? text : `${text}Z`;
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(zoned);
  if (!Number.isFinite(ms)) throw new ConfigError(`${name}: "${text}" is not a time (example: 2026-01-08T05:21:42Z)`);
  return ms;
}

const displayTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

// --- A signed CloudTrail request -----------------------------------------------------------------

interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The usual AWS credential sources, in the SDKs' order: environment, then the shared credentials file. */
export function loadCredentials(env: NodeJS.ProcessEnv): AwsCredentials {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined };
  }
  const file = env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials');
  const profile = env.AWS_PROFILE ?? 'default';
  if (existsSync(file)) {
    let section: string | undefined;
    const values: Record<string, string> = {};
    for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
      const header = /^\[\s*(.+?)\s*\]$/.exec(line);
      if (header) section = header[1];
      else if (section === profile) {
        const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
        if (pair) values[pair[1].toLowerCase()] = pair[2];
      }
    }
    if (values.aws_access_key_id && values.aws_secret_access_key) {
      return { accessKeyId: values.aws_access_key_id, secretAccessKey: values.aws_secret_access_key, sessionToken: values.aws_session_token || undefined };
    }
  }
  throw new ConfigError(
    'no AWS credentials to ask Rampart for the public keys: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_SHARED_CREDENTIALS_FILE ' +
      '(or pass --public-key-file)',
  );
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Rampart's clock: a development server's clock may run ahead of this machine's, and signatures are dated. */
async function serverTime(endpoint: string): Promise<number> {
  try {
    const response = await fetch(new URL('/_rampart/clock', endpoint));
    if (response.ok) {
      const now = Date.parse(((await response.json()) as { now?: string }).now ?? '');
      if (Number.isFinite(now)) return now;
    }
  } catch {
    // not reachable here: the request itself will say so
  }
  return Date.now();
}

/** One SigV4-signed CloudTrail call (json 1.1 protocol). */
async function callCloudTrail(endpoint: string, region: string, credentials: AwsCredentials, operation: string, body: unknown): Promise<Record<string, unknown>> {
  const url = new URL('/', endpoint);
  const payload = JSON.stringify(body);
  const amzDate = formatAmzDate(await serverTime(endpoint));
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    host: url.host,
    'x-amz-date': amzDate,
    'x-amz-target': `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.${operation}`,
  };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonical = ['POST', '/', '', ...names.map((n) => `${n}:${headers[n].trim()}`), '', signedHeaders, sha256(payload)].join('\n');
  const scope = `${amzDate.slice(0, 8)}/${region}/cloudtrail/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const signature = hmacHex(deriveSigningKey(credentials.secretAccessKey, amzDate.slice(0, 8), region, 'cloudtrail'), stringToSign);
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: payload });
  } catch (error) {
    throw new ConfigError(`cannot reach Rampart at ${endpoint}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const type = String(answer.__type ?? `HTTP ${response.status}`).split('#').pop();
    throw new ConfigError(`CloudTrail ${operation} failed: ${type}: ${String(answer.message ?? answer.Message ?? '')}`);
  }
  return answer;
}

// --- Public keys and the trail's destination -----------------------------------------------------

function keysFromPem(files: readonly string[]): ValidationKey[] {
  return files.map((file) => {
    let der: Buffer;
    try {
      der = createPublicKey(readFileSync(file)).export({ format: 'der', type: 'pkcs1' });
    } catch (error) {
      throw new ConfigError(`${file} is not a PEM RSA public key: ${(error as Error).message}`);
    }
    return { fingerprint: publicKeyFingerprint(der), der };
  });
}

/** Finds <bucket>/<prefix>/AWSLogs/<account>/CloudTrail-Digest/<region> folders under the delivery root. */
function discoverDestinations(root: string, accountId: string, region: string): { bucket: string; prefix?: string }[] {
  const found: { bucket: string; prefix?: string }[] = [];
  const walk = (dir: string, bucket: string, segments: string[]) => {
    if (segments.length > 40) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      if (entry.name === 'AWSLogs' && existsSync(join(dir, 'AWSLogs', accountId, 'CloudTrail-Digest', region))) {
        found.push(segments.length > 0 ? { bucket, prefix: segments.join('/') } : { bucket });
      } else if (entry.name !== 'AWSLogs') {
        walk(join(dir, entry.name), bucket, [...segments, entry.name]);
      }
    }
  };
  let buckets: string[] = [];
  try {
    buckets = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    throw new ConfigError(`the delivery directory ${root} cannot be read`);
  }
  for (const bucket of buckets) walk(join(root, bucket), bucket, []);
  return found;
}

// --- The command ---------------------------------------------------------------------------------

async function validateLogsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const trailArn = values['trail-arn'];
  if (!trailArn || !values['start-time']) throw new ConfigError(`--trail-arn and --start-time are required\n\n${USAGE}`);
  const arn = TRAIL_ARN.exec(trailArn);
  if (!arn) throw new ConfigError(`Invalid trail ARN provided: ${trailArn}`);
  const [, homeRegion, trailAccount, trailName] = arn;
  const region = values.region ?? homeRegion;
  const accountId = values['account-id'] ?? trailAccount;
  const root = resolve(values.dir ?? process.env.RAMPART_CLOUDTRAIL_DIR ?? join(process.env.RAMPART_DATA_DIR ?? '.rampart', 'cloudtrail'));
  const endpoint = values.endpoint ?? process.env.RAMPART_ENDPOINT ?? 'http://127.0.0.1:4566';
  const pemFiles = values['public-key-file'] ?? [];
  const useEndpoint = pemFiles.length === 0 || values.endpoint !== undefined;
  const credentials = useEndpoint ? loadCredentials(process.env) : undefined;
  const start = parseTime('--start-time', values['start-time']);
  // "Now" is Rampart's: a development server's clock may have been moved ahead.
  const end = values['end-time'] ? parseTime('--end-time', values['end-time']) : useEndpoint ? await serverTime(endpoint) : Date.now();
  if (start > end) throw new ConfigError('Invalid time range specified: start-time must occur before end-time');

  let bucket = values['s3-bucket'];
  let prefix = values['s3-prefix'];
  if (bucket === undefined && credentials) {
    const { Trail } = (await callCloudTrail(endpoint, homeRegion, credentials, 'GetTrail', { Name: trailArn })) as { Trail?: { S3BucketName?: string; S3KeyPrefix?: string } };
    bucket = Trail?.S3BucketName;
    prefix = Trail?.S3KeyPrefix;
  }
  if (bucket === undefined) {
    const found = discoverDestinations(root, accountId, region);
    if (found.length !== 1) {
      throw new ConfigError(
        found.length === 0
          ? `no digest files of account ${accountId} in ${region} under ${root}`
          : `digests of account ${accountId} in ${region} are in several places under ${root} (${found.map((f) => [f.bucket, f.prefix].filter(Boolean).join('/')).join(', ')}): pick one with --s3-bucket and --s3-prefix`,
      );
    }
    ({ bucket, prefix } = found[0]);
  }

  const fixedKeys = keysFromPem(pemFiles);
  const publicKeys = async (from: number, to: number): Promise<ValidationKey[]> => {
    if (pemFiles.length > 0) return fixedKeys;
    const answer = (await callCloudTrail(endpoint, region, credentials!, 'ListPublicKeys', { StartTime: from / 1000, EndTime: to / 1000 })) as {
      PublicKeyList?: { Value: string; Fingerprint: string; ValidityStartTime?: number; ValidityEndTime?: number }[];
    };
    const keys = (answer.PublicKeyList ?? []).map((key) => ({
      fingerprint: key.Fingerprint,
      der: Buffer.from(key.Value, 'base64'),
      validityStart: key.ValidityStartTime === undefined ? undefined : key.ValidityStartTime * 1000,
      validityEnd: key.ValidityEndTime === undefined ? undefined : key.ValidityEndTime * 1000,
    }));
    if (keys.length === 0) throw new ConfigError(`No public keys found between ${displayTime(from)} and ${displayTime(to)}`);
    return keys;
  };

  process.stdout.write(`Validating log files for trail ${trailArn} between ${displayTime(start)} and ${displayTime(end)}\n\n`);
  const verbose = values.verbose === true;
  const report = (finding: Finding) => {
    if (finding.kind === 'gap') {
      process.stderr.write(`No log files were delivered by CloudTrail between ${displayTime(finding.from)} and ${displayTime(finding.to)}\n\n`);
      return;
    }
    const what = finding.kind === 'digest' ? 'Digest file' : 'Log file';
    if (!finding.valid) process.stderr.write(`${what}\t${finding.location}\tINVALID: ${finding.reason}\n\n`);
    else if (verbose) process.stdout.write(`${what}\t${finding.location}\tvalid\n`);
  };
  const summary = await validateLogs(
    { source: new DirectoryDestination(root), bucket, prefix, accountId, region, trailName, homeRegion, start, end, publicKeys },
    report,
  );

  const ratio = (counts: { valid: number; invalid: number }, name: string) => {
    const total = counts.valid + counts.invalid;
    if (total === 0) return '';
    return `\n${counts.valid}/${total} ${name} files valid` + (counts.invalid > 0 ? `, ${counts.invalid}/${total} ${name} files INVALID` : '');
  };
  let text = `${verbose ? '\n' : ''}Results requested for ${displayTime(start)} to ${displayTime(end)}\n`;
  if (summary.digests.valid + summary.digests.invalid === 0) {
    text += 'No digests found\n';
  } else {
    text +=
      summary.foundStart === undefined || summary.foundEnd === undefined
        ? 'No valid digests found in range\n'
        : `Results found for ${displayTime(summary.foundStart)} to ${displayTime(summary.foundEnd)}:\n`;
    text += ratio(summary.digests, 'digest') + ratio(summary.logs, 'log') + '\n';
  }
  process.stdout.write(text);
  return summary.digests.invalid > 0 || summary.logs.invalid > 0 ? 1 : 0;
}

export async function runCloudTrailCommand(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === 'validate-logs') {
    const code = await validateLogsCommand(rest);
    if (code !== 0) process.exitCode = code;
    return;
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return;
  }
  throw new ConfigError(`unknown cloudtrail command "${command}"\n\n${USAGE}`);
}
