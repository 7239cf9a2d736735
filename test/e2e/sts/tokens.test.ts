// GetCallerIdentity for every kind of caller, GetSessionToken, GetAccessKeyInfo and
// DecodeAuthorizationMessage, through @aws-sdk/client-sts and the AWS CLI on both backends.
import { CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../../src/crypto/keyring.js';
import { createRootKeyProvider } from '../../../src/crypto/root-key.js';
import { encodeAuthorizationMessage, type AuthorizationDetails } from '../../../src/services/sts/index.js';
import { awsCli } from '../../helpers/aws-cli.js';
import { startInProcess, testBackends, type Credentials } from '../../helpers/rampart.js';
import { failure } from '../iam/support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;
const A = '000000000000';

describe.each(testBackends())('STS tokens and lookups on %s', (backend) => {
  let server: Server;
  let iam: IAMClient;
  let user: Credentials;
  const sts = (credentials?: Credentials) => new STSClient(server.clientConfig(credentials));

  beforeAll(async () => {
    server = await startInProcess({ backend });
    iam = new IAMClient(server.clientConfig());
    await iam.send(new CreateUserCommand({ UserName: 'sam', Path: '/team/' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'sam' }))).AccessKey!;
    user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('GetSessionToken gives a user ASIA credentials acting as the user, for the requested time', async () => {
    const before = Date.now();
    const { Credentials } = await sts(user).send(new GetSessionTokenCommand({ DurationSeconds: 1800 }));
    expect(Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(Credentials!.SessionToken!.length).toBeGreaterThan(100);
    const lifetime = Credentials!.Expiration!.getTime() - before;
    expect(lifetime).toBeGreaterThan(1790_000);
    expect(lifetime).toBeLessThanOrEqual(1801_000);
    const session = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    const identity = await sts(session).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws:iam::${A}:user/team/sam`);
    expect(identity.UserId).toMatch(/^AIDA/);
    // Without MFA, session credentials cannot call IAM (AWS refuses their token there).
    const iamSession = new IAMClient(server.clientConfig(session));
    expect(await failure(iamSession.send(new GetUserCommand({})))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    // Session credentials cannot make further session credentials.
    expect(await failure(sts(session).send(new GetSessionTokenCommand({})))).toMatchObject({
      name: 'AccessDenied',
      message: 'Cannot call GetSessionToken with session credentials',
    });
    // Without its session token the temporary key is refused.
    expect((await failure(sts({ accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey }).send(new GetCallerIdentityCommand({})))).name).toBe(
      'InvalidClientTokenId',
    );
  });

  it('GetSessionToken for the root user lasts at most one hour; durations out of range are refused', async () => {
    const before = Date.now();
    const { Credentials } = await sts().send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    expect(Credentials!.Expiration!.getTime() - before).toBeLessThanOrEqual(3601_000);
    const root = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    expect((await sts(root).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${A}:root`);
    expect((await failure(sts(user).send(new GetSessionTokenCommand({ DurationSeconds: 899 })))).name).toBe('ValidationError');
    expect((await failure(sts(user).send(new GetSessionTokenCommand({ DurationSeconds: 129601 })))).name).toBe('ValidationError');
    expect((await failure(sts(user).send(new GetSessionTokenCommand({ SerialNumber: `arn:aws:iam::${A}:mfa/none`, TokenCode: '123456' })))).message).toBe(
      'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    );
  });

  it('GetAccessKeyInfo names the account of any key id, even a deleted or foreign one', async () => {
    expect((await sts().send(new GetAccessKeyInfoCommand({ AccessKeyId: user.accessKeyId }))).Account).toBe(A);
    // Keys carry their account in their id, as AWS's do: a key of another account decodes without a lookup.
    await iam.send(new CreateUserCommand({ UserName: 'probe' }));
    const deleted = (await iam.send(new CreateAccessKeyCommand({ UserName: 'probe' }))).AccessKey!.AccessKeyId!;
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'probe', AccessKeyId: deleted }));
    expect((await sts().send(new GetAccessKeyInfoCommand({ AccessKeyId: deleted }))).Account).toBe(A);
    const foreignId = 'AKIA' + encodeAccountForTest('123456789012');
    expect((await sts().send(new GetAccessKeyInfoCommand({ AccessKeyId: foreignId }))).Account).toBe('123456789012');
  });

  it('DecodeAuthorizationMessage decodes what Rampart encoded for the account, and nothing else', async () => {
    const keyring = await Keyring.open(server.server.store, createRootKeyProvider(server.config.rootKey));
    const details: AuthorizationDetails = {
      allowed: false,
      explicitDeny: false,
      matchedStatements: { items: [] },
      failures: { items: [] },
      context: {
        principal: { id: 'AIDAEXAMPLE', arn: `arn:aws:iam::${A}:user/team/sam` },
        action: 'kms:Decrypt',
        resource: `arn:aws:kms:us-east-1:${A}:key/1234`,
        conditions: { items: [{ key: 'aws:SourceIp', values: { items: [{ value: '127.0.0.1' }] } }] },
      },
    };
    const encoded = encodeAuthorizationMessage(keyring, A, details);
    const { DecodedMessage } = await sts().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
    expect(JSON.parse(DecodedMessage!)).toEqual(details);
    expect(await failure(sts().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'not-a-message' })))).toMatchObject({
      name: 'InvalidAuthorizationMessageException',
      status: 400,
    });
    // Another account cannot read this account's messages.
    const foreign = encodeAuthorizationMessage(keyring, '111111111111', details);
    expect((await failure(sts().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: foreign })))).name).toBe('InvalidAuthorizationMessageException');
  });

  it('the AWS CLI gets a session token and the caller identity', async () => {
    const token = await awsCli(server, ['sts', 'get-session-token', '--duration-seconds', '900'], user);
    expect(token.code).toBe(0);
    const { Credentials } = JSON.parse(token.stdout);
    expect(Credentials.AccessKeyId).toMatch(/^ASIA/);
    const identity = await awsCli(server, ['sts', 'get-caller-identity'], {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
    });
    expect(JSON.parse(identity.stdout)).toMatchObject({ Account: A, Arn: `arn:aws:iam::${A}:user/team/sam` });
    const info = await awsCli(server, ['sts', 'get-access-key-info', '--access-key-id', user.accessKeyId]);
    expect(JSON.parse(info.stdout).Account).toBe(A);
  });
});

/** 16 base32 characters whose bits 1..40 are the account, as AWS (and Rampart) shape key ids. */
function encodeAccountForTest(account: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = (BigInt(account) << 7n).toString(2).padStart(48, '0') + '0'.repeat(32);
  let out = '';
  while (bits.length >= 5) {
    out += alphabet[parseInt(bits.slice(0, 5), 2)];
    bits = bits.slice(5);
  }
  return out;
}
