// Access keys, virtual MFA devices (real TOTP) and the credential report, through @aws-sdk/client-iam,
// @aws-sdk/client-sts and the AWS CLI, in development mode (the clock moves) on both backends.
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  ResyncMFADeviceCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, cliErrorCode } from '../../helpers/aws-cli.js';
import { startInProcess, testBackends, type Credentials } from '../../helpers/rampart.js';
import { clients, failure, mfaCode, serverNow } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;

describe.each(testBackends())('IAM access keys, MFA devices and credential reports on %s', (backend) => {
  let server: Server;
  let iam: IAMClient;

  beforeAll(async () => {
    server = await startInProcess({ backend, dev: true });
    iam = new IAMClient(server.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'kim' }));
    await iam.send(new CreateUserCommand({ UserName: 'lee' }));
  });
  afterAll(async () => {
    await server?.destroy();
  });

  describe('access keys', () => {
    let first: Credentials;
    // Outside development mode: an unknown, inactive or deleted key is refused outright.
    let strict: Server;
    let root: IAMClient;
    beforeAll(async () => {
      strict = await startInProcess({ backend });
      root = new IAMClient(strict.clientConfig());
      await root.send(new CreateUserCommand({ UserName: 'kim' }));
    });
    afterAll(async () => {
      await strict?.destroy();
    });

    it('creates at most two keys per user (LimitExceeded), returning the secret once', async () => {
      const created = (await root.send(new CreateAccessKeyCommand({ UserName: 'kim' }))).AccessKey!;
      expect(created).toMatchObject({ UserName: 'kim', Status: 'Active' });
      expect(created.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
      expect(created.SecretAccessKey).toHaveLength(40);
      first = { accessKeyId: created.AccessKeyId!, secretAccessKey: created.SecretAccessKey! };
      await root.send(new CreateAccessKeyCommand({ UserName: 'kim' }));
      expect(await failure(root.send(new CreateAccessKeyCommand({ UserName: 'kim' })))).toMatchObject({
        name: 'LimitExceededException',
        status: 409,
        message: 'Cannot exceed quota for AccessKeysPerUser: 2',
      });
      const listed = (await root.send(new ListAccessKeysCommand({ UserName: 'kim' }))).AccessKeyMetadata!;
      expect(listed).toHaveLength(2);
      expect(listed.every((k) => k.UserName === 'kim' && k.Status === 'Active' && !('SecretAccessKey' in k))).toBe(true);
    });

    it('a user key signs requests as the user; an inactive key is refused until reactivated', async () => {
      const sts = new STSClient(strict.clientConfig(first));
      expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Arn: 'arn:aws:iam::000000000000:user/kim' });
      await root.send(new UpdateAccessKeyCommand({ UserName: 'kim', AccessKeyId: first.accessKeyId, Status: 'Inactive' }));
      expect(await failure(sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
      await root.send(new UpdateAccessKeyCommand({ UserName: 'kim', AccessKeyId: first.accessKeyId, Status: 'Active' }));
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('000000000000');
    });

    it('GetAccessKeyLastUsed says N/A until the key is used, then when, where and for what', async () => {
      await root.send(new CreateUserCommand({ UserName: 'used-later' }));
      const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'used-later' }))).AccessKey!;
      const before = await root.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
      expect(before).toMatchObject({ UserName: 'used-later', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
      expect(before.AccessKeyLastUsed!.LastUsedDate).toBeUndefined();
      // The pipeline records the use of a verified long-term key, without making the request wait.
      const now = await serverNow(strict);
      const credentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
      await new STSClient({ ...strict.clientConfig(credentials), region: 'eu-west-1' }).send(new GetCallerIdentityCommand({}));
      let after = await root.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
      for (let i = 0; i < 50 && after.AccessKeyLastUsed?.ServiceName === 'N/A'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        after = await root.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
      }
      expect(after.AccessKeyLastUsed).toMatchObject({ ServiceName: 'sts', Region: 'eu-west-1' });
      expect(after.AccessKeyLastUsed!.LastUsedDate!.getTime()).toBeGreaterThanOrEqual(Math.floor(now / 1000) * 1000 - 1000);
      expect(await failure(root.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' })))).toMatchObject({
        name: 'NoSuchEntityException',
      });
    });

    it("deletes a key (it stops working at once); another user's key is not found", async () => {
      await root.send(new CreateUserCommand({ UserName: 'lee' }));
      expect(await failure(root.send(new DeleteAccessKeyCommand({ UserName: 'lee', AccessKeyId: first.accessKeyId })))).toMatchObject({
        name: 'NoSuchEntityException',
        message: `The Access Key with id ${first.accessKeyId} cannot be found.`,
      });
      await root.send(new DeleteAccessKeyCommand({ UserName: 'kim', AccessKeyId: first.accessKeyId }));
      expect(await failure(new STSClient(strict.clientConfig(first)).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId' });
      expect((await root.send(new ListAccessKeysCommand({ UserName: 'kim' }))).AccessKeyMetadata).toHaveLength(1);
    });

    it('without a user name, the root user manages its own keys', async () => {
      const own = (await root.send(new ListAccessKeysCommand({}))).AccessKeyMetadata!;
      expect(own.map((k) => k.AccessKeyId)).toEqual([strict.credentials.accessKeyId]);
      const extra = (await root.send(new CreateAccessKeyCommand({}))).AccessKey!;
      const sts = new STSClient(strict.clientConfig({ accessKeyId: extra.AccessKeyId!, secretAccessKey: extra.SecretAccessKey! }));
      expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::000000000000:root');
      await root.send(new DeleteAccessKeyCommand({ AccessKeyId: extra.AccessKeyId }));
    });

    it('the AWS CLI lists keys and reports NoSuchEntity', async () => {
      const listed = await awsCli(strict, ['iam', 'list-access-keys', '--user-name', 'kim']);
      expect(JSON.parse(listed.stdout).AccessKeyMetadata).toHaveLength(1);
      expect(cliErrorCode(await awsCli(strict, ['iam', 'list-access-keys', '--user-name', 'nobody']))).toBe('NoSuchEntity');
    });
  });

  it('in development mode, a deactivated or deleted key is refused, not taken for an unknown key (a root user)', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'temp' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'temp' }))).AccessKey!;
    const sts = new STSClient(server.clientConfig({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }));
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::000000000000:user/temp');
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'temp', AccessKeyId: key.AccessKeyId, Status: 'Inactive' }));
    expect(await failure(sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId' });
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'temp', AccessKeyId: key.AccessKeyId }));
    expect(await failure(sts.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId' });
  });

  describe('virtual MFA devices', () => {
    let serial: string;
    let seed: string;

    it('creates a device: the Base32 seed and a QR code PNG, once', async () => {
      const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'kim-phone', Path: '/' }));
      serial = VirtualMFADevice!.SerialNumber!;
      expect(serial).toBe('arn:aws:iam::000000000000:mfa/kim-phone');
      seed = Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString('ascii');
      expect(seed).toMatch(/^[A-Z2-7]{64}$/);
      expect(Buffer.from(VirtualMFADevice!.QRCodePNG!).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      const listed = (await iam.send(new ListVirtualMFADevicesCommand({}))).VirtualMFADevices!;
      expect(listed).toEqual([{ SerialNumber: serial }]);
      expect(await failure(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'kim-phone' })))).toMatchObject({
        name: 'EntityAlreadyExistsException',
      });
    });

    it('enables the device only with two consecutive current codes', async () => {
      const wrong = await failure(iam.send(new EnableMFADeviceCommand({ UserName: 'kim', SerialNumber: serial, AuthenticationCode1: '000000', AuthenticationCode2: '000001' })));
      expect(wrong).toMatchObject({ name: 'InvalidAuthenticationCodeException', status: 403, message: 'Authentication code for device is not valid.' });
      const reversed = await failure(
        iam.send(new EnableMFADeviceCommand({ UserName: 'kim', SerialNumber: serial, AuthenticationCode1: await mfaCode(server, seed, 0), AuthenticationCode2: await mfaCode(server, seed, -1) })),
      );
      expect(reversed.name).toBe('InvalidAuthenticationCodeException');
      await iam.send(
        new EnableMFADeviceCommand({ UserName: 'kim', SerialNumber: serial, AuthenticationCode1: await mfaCode(server, seed, -1), AuthenticationCode2: await mfaCode(server, seed, 0) }),
      );
      const devices = (await iam.send(new ListMFADevicesCommand({ UserName: 'kim' }))).MFADevices!;
      expect(devices).toMatchObject([{ UserName: 'kim', SerialNumber: serial }]);
      const assigned = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }))).VirtualMFADevices!;
      expect(assigned[0]).toMatchObject({ SerialNumber: serial, User: { UserName: 'kim' } });
      expect((await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices).toEqual([]);
      expect(await failure(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })))).toMatchObject({ name: 'DeleteConflictException' });
    });

    it('GetSessionToken with the device: a wrong code is AccessDenied, the right one gives MFA credentials', async () => {
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'kim' }))).AccessKey!;
      const { sts } = await clients(server, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
      const denied = await failure(sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: '123456' === (await mfaCode(server, seed)) ? '654321' : '123456' })));
      expect(denied).toMatchObject({ name: 'AccessDenied', status: 403, message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.' });
      const { Credentials } = await sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: await mfaCode(server, seed), DurationSeconds: 900 }));
      expect(Credentials!.AccessKeyId).toMatch(/^ASIA/);
      const session = new STSClient(server.clientConfig({ accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! }));
      expect((await session.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::000000000000:user/kim');
    });

    it('resynchronizes a drifted device, then accepts its codes', async () => {
      // The authenticator runs 10 steps (5 minutes) fast.
      await iam.send(
        new ResyncMFADeviceCommand({ UserName: 'kim', SerialNumber: serial, AuthenticationCode1: await mfaCode(server, seed, 9), AuthenticationCode2: await mfaCode(server, seed, 10) }),
      );
      expect(
        await failure(iam.send(new ResyncMFADeviceCommand({ UserName: 'kim', SerialNumber: serial, AuthenticationCode1: '111111', AuthenticationCode2: '222222' }))),
      ).toMatchObject({ name: 'InvalidAuthenticationCodeException' });
    });

    it('deactivates and deletes the device', async () => {
      expect(await failure(iam.send(new DeactivateMFADeviceCommand({ UserName: 'lee', SerialNumber: serial })))).toMatchObject({ name: 'NoSuchEntityException' });
      await iam.send(new DeactivateMFADeviceCommand({ UserName: 'kim', SerialNumber: serial }));
      expect((await iam.send(new ListMFADevicesCommand({ UserName: 'kim' }))).MFADevices).toEqual([]);
      await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
      expect(await failure(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })))).toMatchObject({ name: 'NoSuchEntityException' });
    });
  });

  describe('credential report', () => {
    it('is not present before it is generated', async () => {
      // A fresh account: development mode makes one for a 12-digit access key id.
      const other = new IAMClient(server.clientConfig({ accessKeyId: '123456789012', secretAccessKey: 'x'.repeat(40) }));
      expect(await failure(other.send(new GetCredentialReportCommand({})))).toMatchObject({ name: 'CredentialReportNotPresentException', status: 410 });
    });

    it('generates a CSV in AWS format, and expires after 4 hours', async () => {
      expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
      expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
      const report = await iam.send(new GetCredentialReportCommand({}));
      expect(report.ReportFormat).toBe('text/csv');
      const [header, ...rows] = Buffer.from(report.Content!).toString('utf8').split('\n');
      expect(header.split(',')).toEqual([
        'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active',
        'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
        'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
        'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
      ]);
      const byUser = new Map(rows.map((r) => [r.split(',')[0], r.split(',')]));
      expect(byUser.get('<root_account>')!.slice(1, 4)).toEqual(['arn:aws:iam::000000000000:root', expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/), 'not_supported']);
      const kim = byUser.get('kim')!;
      expect(kim[1]).toBe('arn:aws:iam::000000000000:user/kim');
      expect(kim[8]).toBe('true');
      expect(kim[13]).toBe('false');
      expect(byUser.get('lee')![8]).toBe('false');

      await server.advanceClock(4 * 3600 + 60);
      // A client per call: the SDK re-syncs its clock to the HTTP Date header, which is not the development clock.
      const later = async () => (await clients(server)).iam;
      expect(await failure((await later()).send(new GetCredentialReportCommand({})))).toMatchObject({ name: 'CredentialReportExpiredException', status: 410 });
      expect((await (await later()).send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    });
  });
});
