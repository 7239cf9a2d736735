// A logging trail delivers the calls made as CloudTrail log files once Rampart's clock passes 5 minutes,
// and signed, chained digests every hour; `rampart cloudtrail validate-logs` (the built CLI) finds them
// valid, and reports changed, deleted and reordered files. Delivery continues across a restart without
// repeating or skipping an event, and honours the trail's selectors and regions.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  CreateTrailCommand,
  GetTrailStatusCommand,
  ListPublicKeysCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
  UpdateTrailCommand,
} from '@aws-sdk/client-cloudtrail';
import { GenerateRandomCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends, type TestServer } from '../../helpers/rampart.js';
import { cloudTrail, deliveredEvents, digestFiles, logFiles, rampartCli, readLogFile, serverNow } from './support.js';

const ACCOUNT = '000000000000';
const BUCKET = 'rampart-audit-logs';
const PREFIX = 'security/trails';

async function clientsFor(server: TestServer) {
  const systemClockOffset = (await serverNow(server)) - Date.now();
  return {
    ct: await cloudTrail(server),
    sts: (region = server.region) => new STSClient({ ...server.clientConfig(), region, systemClockOffset }),
    kms: new KMSClient({ ...server.clientConfig(), systemClockOffset }),
  };
}

describe.each(testBackends())('trail delivery and log file validation on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startInProcess>>;
  let root: string;
  let work: string;
  let trailArn: string;
  let startedAt: number;
  let callerRequestId: string;

  const validate = (dir: string, extra: string[] = []) =>
    rampartCli(
      ['cloudtrail', 'validate-logs', '--trail-arn', trailArn, '--start-time', new Date(startedAt - 60_000).toISOString(), '--dir', dir, '--endpoint', server.endpoint, ...extra],
      { AWS_ACCESS_KEY_ID: server.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey },
    );
  /** A copy of the delivered files to tamper with. */
  const copy = () => {
    const dir = mkdtempSync(join(work, 'copy-'));
    cpSync(root, dir, { recursive: true });
    return dir;
  };

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    root = server.config.cloudTrailDir;
    work = mkdtempSync(join(tmpdir(), 'rampart-cloudtrail-'));
  });
  afterAll(async () => {
    await server?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('delivers the calls made as a gzipped log file once the clock passes 5 minutes', async () => {
    const { ct, sts, kms } = await clientsFor(server);
    const created = await ct.send(new CreateTrailCommand({ Name: 'audit', S3BucketName: BUCKET, S3KeyPrefix: PREFIX, EnableLogFileValidation: true }));
    trailArn = created.TrailARN!;
    // Logging starts a second later: event times are whole seconds.
    await server.advanceClock(1);
    await ct.send(new StartLoggingCommand({ Name: 'audit' }));
    startedAt = (await ct.send(new GetTrailStatusCommand({ Name: 'audit' }))).StartLoggingTime!.getTime();
    callerRequestId = (await sts().send(new GetCallerIdentityCommand({}))).$metadata.requestId!;
    await expect(kms.send(new GenerateRandomCommand({ NumberOfBytes: 2000 }))).rejects.toMatchObject({ name: 'ValidationException' });

    await server.advanceClock(240);
    expect(logFiles(root)).toEqual([]);
    await server.advanceClock(61);
    const files = logFiles(root);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(
      new RegExp(`^${BUCKET}/${PREFIX}/AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/\\d{4}/\\d{2}/\\d{2}/${ACCOUNT}_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$`),
    );
    const records = readLogFile(root, files[0]);
    expect(records.map((r) => r.eventName)).toEqual(expect.arrayContaining(['StartLogging', 'GetTrailStatus', 'GetCallerIdentity', 'GenerateRandom']));
    // CreateTrail came before logging started.
    expect(records.map((r) => r.eventName)).not.toContain('CreateTrail');
    expect(records.find((r) => r.eventName === 'GetCallerIdentity')).toMatchObject({
      requestID: callerRequestId,
      userIdentity: { type: 'Root', accessKeyId: server.credentials.accessKeyId },
    });
    expect(records.find((r) => r.eventName === 'GenerateRandom')).toMatchObject({ eventSource: 'kms.amazonaws.com', errorCode: 'ValidationException' });

    const status = await (await cloudTrail(server)).send(new GetTrailStatusCommand({ Name: trailArn }));
    expect(status).toMatchObject({ IsLogging: true, LatestDeliveryAttemptSucceeded: expect.stringMatching(/Z$/) });
    expect(status.LatestDeliveryTime!.getTime()).toBeGreaterThan(startedAt);
    expect(status.LatestDeliveryError).toBeUndefined();
    expect(status.LatestDigestDeliveryTime).toBeUndefined();
  });

  it('writes an hourly digest per chain, signed, with the signature in a sidecar file', async () => {
    await (await clientsFor(server)).sts().send(new GetCallerIdentityCommand({}));
    await server.advanceClock(3600);
    await (await clientsFor(server)).sts().send(new GetCallerIdentityCommand({}));
    await server.advanceClock(3600);

    const digests = digestFiles(root);
    expect(digests).toHaveLength(2);
    for (const digest of digests) {
      expect(digest).toMatch(
        new RegExp(
          `^${BUCKET}/${PREFIX}/AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/\\d{4}/\\d{2}/\\d{2}/${ACCOUNT}_CloudTrail-Digest_us-east-1_audit_us-east-1_\\d{8}T\\d{6}Z\\.json\\.gz$`,
        ),
      );
      const sidecar = JSON.parse(readFileSync(join(root, `${digest}.metadata.json`), 'utf8'));
      expect(sidecar).toEqual({ 'x-amz-meta-signature': expect.stringMatching(/^[0-9a-f]{512}$/), 'x-amz-meta-signature-algorithm': 'SHA256withRSA' });
    }
    const [first, second] = digests.map((d) => JSON.parse(gunzipSync(readFileSync(join(root, d))).toString('utf8')));
    expect(first).toMatchObject({ awsAccountId: ACCOUNT, digestS3Bucket: BUCKET, digestS3Object: digests[0].slice(BUCKET.length + 1), previousDigestSignature: null });
    expect(second).toMatchObject({
      digestStartTime: first.digestEndTime,
      previousDigestS3Bucket: BUCKET,
      previousDigestS3Object: first.digestS3Object,
      previousDigestHashAlgorithm: 'SHA-256',
      previousDigestSignature: JSON.parse(readFileSync(join(root, `${digests[0]}.metadata.json`), 'utf8'))['x-amz-meta-signature'],
    });
    // Every delivered log file is in exactly one digest, with the hash of its uncompressed content.
    const listed = [...first.logFiles, ...second.logFiles].map((f: { s3Object: string }) => `${BUCKET}/${f.s3Object}`).sort();
    expect(listed).toEqual(logFiles(root));
    expect(logFiles(root)).toHaveLength(3);

    const status = await (await cloudTrail(server)).send(new GetTrailStatusCommand({ Name: 'audit' }));
    expect(status.LatestDigestDeliveryTime!.getTime()).toBeGreaterThan(startedAt + 2 * 3_600_000);
    const keys = await (await cloudTrail(server)).send(new ListPublicKeysCommand({ StartTime: new Date(startedAt), EndTime: new Date(await serverNow(server)) }));
    expect(keys.PublicKeyList!.map((k) => k.Fingerprint)).toContain(first.digestPublicKeyFingerprint);
  });

  it('validate-logs finds every digest and log file valid', async () => {
    const result = await validate(root, ['--verbose']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Validating log files for trail ${trailArn} between`);
    expect(result.stdout).toContain('2/2 digest files valid');
    expect(result.stdout).toContain('3/3 log files valid');
    expect(result.stdout).toMatch(/Digest file\t\S+CloudTrail-Digest\S+\tvalid/);
  });

  it('the AWS CLI’s own digest validator accepts the digests', async () => {
    const python = await promisify(execFile)('python3', ['-c', 'import awscli.customizations.cloudtrail.validation']).then(
      () => true,
      () => false,
    );
    if (!python) return expect.soft(python, 'python3 with awscli is not installed: the AWS CLI validator was not run').toBe(true);
    const keys = await (await cloudTrail(server)).send(new ListPublicKeysCommand({ StartTime: new Date(startedAt), EndTime: new Date(await serverNow(server)) }));
    const script = [
      'import json, sys, zlib',
      'from awscli.customizations.cloudtrail.validation import Sha256RSADigestValidator',
      'path, bucket, key, public_key = sys.argv[1:5]',
      'raw = zlib.decompress(open(path, "rb").read(), zlib.MAX_WBITS | 16)',
      'data = json.loads(raw.decode())',
      'meta = json.load(open(path + ".metadata.json"))',
      'data["_signature"] = meta["x-amz-meta-signature"]',
      'data["_signature_algorithm"] = meta["x-amz-meta-signature-algorithm"]',
      'Sha256RSADigestValidator().validate(bucket, key, public_key, data, raw)',
      'print("valid")',
    ].join('\n');
    for (const digest of digestFiles(root)) {
      const document = JSON.parse(gunzipSync(readFileSync(join(root, digest))).toString('utf8'));
      const key = keys.PublicKeyList!.find((k) => k.Fingerprint === document.digestPublicKeyFingerprint)!;
      const { stdout } = await promisify(execFile)('python3', ['-c', script, join(root, digest), BUCKET, document.digestS3Object, Buffer.from(key.Value!).toString('base64')]);
      expect(stdout.trim()).toBe('valid');
    }
  });

  it('reports a log file whose content changed', async () => {
    const dir = copy();
    const file = join(dir, logFiles(root)[1]);
    const text = gunzipSync(readFileSync(file)).toString('utf8').replace('GetCallerIdentity', 'GetCallerIdentitx');
    writeFileSync(file, gzipSync(text));
    const result = await validate(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Log file\t${file}\tINVALID: hash value doesn't match`);
    expect(result.stdout).toContain('2/3 log files valid, 1/3 log files INVALID');
  });

  it('reports a log file with one byte flipped', async () => {
    const dir = copy();
    const file = join(dir, logFiles(root)[0]);
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(file, bytes);
    const result = await validate(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`Log file\\t${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\tINVALID: (hash value doesn't match|invalid format)`));
  });

  it('reports a deleted log file', async () => {
    const dir = copy();
    const file = join(dir, logFiles(root)[2]);
    rmSync(file);
    const result = await validate(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Log file\t${file}\tINVALID: not found`);
  });

  it('reports digest files swapped with each other', async () => {
    const dir = copy();
    const [a, b] = digestFiles(root).map((d) => join(dir, d));
    for (const suffix of ['', '.metadata.json']) {
      renameSync(a + suffix, `${a}${suffix}.tmp`);
      renameSync(b + suffix, a + suffix);
      renameSync(`${a}${suffix}.tmp`, b + suffix);
    }
    const result = await validate(dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Digest file\t${a}\tINVALID: has been moved from its original location`);
    expect(result.stderr).toContain(`Digest file\t${b}\tINVALID: has been moved from its original location`);
    expect(result.stdout).toContain('0/2 digest files valid, 2/2 digest files INVALID');
  });

  it('reports a deleted digest file and one whose signature does not verify', async () => {
    const deleted = copy();
    const [older, newer] = digestFiles(root);
    rmSync(join(deleted, older));
    let result = await validate(deleted);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Digest file\t${join(deleted, older)}\tINVALID: not found`);

    const forged = copy();
    const file = join(forged, newer);
    const document = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
    document.logFiles = document.logFiles.slice(1);
    writeFileSync(file, gzipSync(JSON.stringify(document)));
    result = await validate(forged);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Digest file\t${file}\tINVALID: signature verification failed`);
  });

  it('validates offline with the public key as a PEM file', async () => {
    const keys = await (await cloudTrail(server)).send(new ListPublicKeysCommand({ StartTime: new Date(startedAt), EndTime: new Date(await serverNow(server)) }));
    const { createPublicKey } = await import('node:crypto');
    const pem = join(work, 'trail-key.pem');
    writeFileSync(pem, createPublicKey({ key: Buffer.from(keys.PublicKeyList![0].Value!), format: 'der', type: 'pkcs1' }).export({ format: 'pem', type: 'spki' }));
    const result = await rampartCli([
      'cloudtrail',
      'validate-logs',
      '--trail-arn',
      trailArn,
      '--start-time',
      new Date(startedAt - 60_000).toISOString(),
      '--end-time',
      new Date(await serverNow(server)).toISOString(),
      '--dir',
      root,
      '--public-key-file',
      pem,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2/2 digest files valid');
  });

  it('ends a stopped trail’s digest chain after delivering the rest', async () => {
    const { ct, sts } = await clientsFor(server);
    await sts().send(new GetCallerIdentityCommand({}));
    await ct.send(new StopLoggingCommand({ Name: 'audit' }));
    await server.advanceClock(301);
    const status = await (await cloudTrail(server)).send(new GetTrailStatusCommand({ Name: 'audit' }));
    expect(status.IsLogging).toBe(false);
    expect(digestFiles(root)).toHaveLength(3);
    const events = deliveredEvents(root);
    expect(events.map((e) => e.eventName)).toContain('StopLogging');
    expect(new Set(events.map((e) => e.eventID)).size).toBe(events.length);
    // Nothing more is delivered while the trail is stopped.
    await (await clientsFor(server)).sts().send(new GetCallerIdentityCommand({}));
    await server.advanceClock(3 * 3600);
    expect(deliveredEvents(root)).toHaveLength(events.length);
    const result = await validate(root);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3/3 digest files valid');
  });
});

describe.each(testBackends())('trail delivery across restarts and regions on %s', (backend) => {
  it('continues after a restart without repeating or skipping an event', async () => {
    let server = await startInProcess({ backend, dev: true });
    const { dataDir, schema } = server;
    try {
      let { ct, sts } = await clientsFor(server);
      await ct.send(new CreateTrailCommand({ Name: 'restart-trail', S3BucketName: 'restart-logs' }));
      await ct.send(new StartLoggingCommand({ Name: 'restart-trail' }));
      const requestIds: string[] = [];
      for (let i = 0; i < 3; i++) requestIds.push((await sts().send(new GetCallerIdentityCommand({}))).$metadata.requestId!);
      await server.advanceClock(301);
      ({ sts } = await clientsFor(server));
      for (let i = 0; i < 3; i++) requestIds.push((await sts().send(new GetCallerIdentityCommand({}))).$metadata.requestId!);

      await server.stop();
      server = await startInProcess({ backend, dev: true, dataDir, schema });
      ({ ct, sts } = await clientsFor(server));
      for (let i = 0; i < 3; i++) requestIds.push((await sts().send(new GetCallerIdentityCommand({}))).$metadata.requestId!);
      await server.advanceClock(301);
      await server.advanceClock(301);

      const events = deliveredEvents(server.config.cloudTrailDir);
      const delivered = events.filter((e) => e.eventName === 'GetCallerIdentity').map((e) => e.requestID);
      expect(delivered.sort()).toEqual([...requestIds].sort());
      expect(new Set(events.map((e) => e.eventID)).size).toBe(events.length);
      expect(logFiles(server.config.cloudTrailDir).length).toBeGreaterThanOrEqual(2);
    } finally {
      await server.destroy();
    }
  });

  it('delivers only what the selectors select, and each region’s events to its own files', async () => {
    const server = await startInProcess({ backend, dev: true });
    try {
      const { ct, sts } = await clientsFor(server);
      await ct.send(new CreateTrailCommand({ Name: 'writes', S3BucketName: 'write-logs', IsMultiRegionTrail: true }));
      await ct.send(new PutEventSelectorsCommand({ TrailName: 'writes', EventSelectors: [{ ReadWriteType: 'WriteOnly' }] }));
      await ct.send(new CreateTrailCommand({ Name: 'home-only', S3BucketName: 'home-logs' }));
      await ct.send(new StartLoggingCommand({ Name: 'writes' }));
      await ct.send(new StartLoggingCommand({ Name: 'home-only' }));
      await sts('eu-west-1').send(new GetCallerIdentityCommand({}));
      await ct.send(new UpdateTrailCommand({ Name: 'home-only', S3KeyPrefix: 'moved' }));
      await server.advanceClock(301);

      const root = server.config.cloudTrailDir;
      const writes = logFiles(join(root, 'write-logs'));
      // Write events only; the read (GetCallerIdentity in eu-west-1) is left out, so eu-west-1 has no file.
      expect(writes.every((f) => f.includes('/CloudTrail/us-east-1/'))).toBe(true);
      expect(deliveredEvents(join(root, 'write-logs')).every((e) => e.readOnly === false)).toBe(true);
      expect(deliveredEvents(join(root, 'write-logs')).map((e) => e.eventName)).toEqual(expect.arrayContaining(['StartLogging', 'UpdateTrail']));

      await (await cloudTrail(server)).send(new PutEventSelectorsCommand({ TrailName: 'writes', EventSelectors: [{ ReadWriteType: 'All' }] }));
      await (await clientsFor(server)).sts('eu-west-1').send(new GetCallerIdentityCommand({}));
      await server.advanceClock(301);
      const euFiles = logFiles(join(root, 'write-logs')).filter((f) => f.includes('/CloudTrail/eu-west-1/'));
      expect(euFiles).toHaveLength(1);
      expect(euFiles[0]).toContain(`${ACCOUNT}_CloudTrail_eu-west-1_`);
      expect(readLogFile(join(root, 'write-logs'), euFiles[0]).map((e) => [e.eventName, e.awsRegion])).toEqual([['GetCallerIdentity', 'eu-west-1']]);

      // The single-region trail never takes eu-west-1's events, and its new prefix applies from its next delivery.
      const home = deliveredEvents(join(root, 'home-logs'));
      expect(home.every((e) => e.awsRegion === 'us-east-1')).toBe(true);
      expect(logFiles(join(root, 'home-logs')).every((f) => f.startsWith('moved/AWSLogs/'))).toBe(true);
      expect(existsSync(join(root, 'home-logs', 'AWSLogs'))).toBe(false);
    } finally {
      await server.destroy();
    }
  });
});
