// Secret values are envelope-encrypted through Rampart KMS and never stored in plaintext: no value
// (string, binary, or one a rotation generated) appears in any encoding in the SQLite files or the
// PostgreSQL tables, while a description stored in clear is found by the same search. Disabling the
// secret's KMS key makes reads fail with DecryptionFailure and writes with EncryptionFailure; enabling
// it restores them.
import { randomBytes } from 'node:crypto';
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { CreateKeyCommand, DisableKeyCommand, EnableKeyCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { encodings, storageBytes } from '../../helpers/storage-search.js';
import { eventually, failure, kmsClientFor, runDueJobs, smClient, startRotationEndpoint, uniqueName, type RotationEndpoint } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;
const ROTATOR = 'arn:aws:lambda:us-east-1:000000000000:function:sealed-rotator';

describe.each(testBackends())('secret values at rest in %s storage', (backend) => {
  let server: Server;
  let endpoint: RotationEndpoint;
  const secrets: Buffer[] = [];
  const control = `sm-control-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    endpoint = await startRotationEndpoint(() => smClient(server));
    process.env.RAMPART_ROTATION_FUNCTIONS = JSON.stringify({ [ROTATOR]: { url: endpoint.url } });
    server = await startInProcess({ backend, dev: true });
    delete process.env.RAMPART_ROTATION_FUNCTIONS;
    const sm = await smClient(server);
    const text = `sm-plaintext-${randomBytes(12).toString('hex')}`;
    const binary = randomBytes(48);
    const replicated = `sm-replicated-${randomBytes(12).toString('hex')}`;
    secrets.push(Buffer.from(text), binary, Buffer.from(replicated));
    const name = uniqueName('sealed');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: text, Description: control }));
    await sm.send(new CreateSecretCommand({ Name: uniqueName('sealed-bin'), SecretBinary: binary }));
    await sm.send(new CreateSecretCommand({ Name: uniqueName('sealed-replica'), SecretString: replicated, AddReplicaRegions: [{ Region: 'eu-west-1' }] }));
    const rotated = await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: ROTATOR }));
    await runDueJobs(server);
    const generated = await eventually(async () => {
      const value = await sm.send(new GetSecretValueCommand({ SecretId: name }));
      expect(value.VersionId).toBe(rotated.VersionId);
      return value.SecretString!;
    });
    secrets.push(Buffer.from(generated));
    await server.stop();
  });
  afterAll(async () => {
    await server?.destroy();
    await endpoint?.close();
  });

  it('finds the description stored in clear (the search works)', async () => {
    expect((await storageBytes(server)).includes(Buffer.from(control))).toBe(true);
  });

  it('finds no secret value in any encoding', async () => {
    const stored = await storageBytes(server);
    for (const secret of secrets) for (const encoded of encodings(secret)) expect(stored.includes(encoded)).toBe(false);
  });
});

describe.each(testBackends())('the KMS key of a secret on %s', (backend) => {
  let server: Server;

  beforeAll(async () => {
    server = await startInProcess({ backend });
  });
  afterAll(() => server?.destroy());

  it('makes the secret unreadable and unwritable while disabled, and readable again when enabled', async () => {
    const sm = await smClient(server);
    const kms = await kmsClientFor(server);
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const name = uniqueName('keyed');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'guarded', KmsKeyId: key.Arn }));
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const read = await failure(sm.send(new GetSecretValueCommand({ SecretId: name })));
    expect(read).toMatchObject({ name: 'DecryptionFailure', message: "Secrets Manager can't decrypt the protected secret text using the provided KMS key." });
    const write = await failure(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'other' })));
    expect(write.name).toBe('EncryptionFailure');
    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('guarded');
    const missing = await failure(sm.send(new CreateSecretCommand({ Name: uniqueName('no-key'), SecretString: 'x', KmsKeyId: 'alias/does-not-exist' })));
    expect(missing.name).toBe('EncryptionFailure');
  });
});
