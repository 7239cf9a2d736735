// /aws/reference/secretsmanager/<secret> through GetParameter and GetParameters, on SQLite and
// PostgreSQL: the secret's value as a SecureString of version 0 with the secret's ARN and
// SourceResult, version selectors by staging label and version id, WithDecryption required, and a
// missing secret as ParameterNotFound. Runs once Secrets Manager's internal API exists (it is built in
// parallel); until then it is skipped with that reason.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { failure, ssmClient, unique } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;
const secretsManagerBuilt = existsSync(resolve(import.meta.dirname, '../../../src/services/secrets-manager/internal.ts'));
const PREFIX = '/aws/reference/secretsmanager/';

describe.skipIf(!secretsManagerBuilt).each(testBackends())('Secrets Manager references on %s', (backend) => {
  let server: Server;
  let ssm: SSMClient;
  let sm: SecretsManagerClient;

  beforeAll(async () => {
    server = await startInProcess({ backend });
    ssm = await ssmClient(server);
    sm = new SecretsManagerClient(server.clientConfig());
  });
  afterAll(() => server?.destroy());

  it('reads a secret as a SecureString parameter, by stage and by version id', async () => {
    const name = unique('ref/db');
    const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'first' }));
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'second' }));

    const parameter = (await ssm.send(new GetParameterCommand({ Name: PREFIX + name, WithDecryption: true }))).Parameter!;
    expect(parameter).toMatchObject({ Name: PREFIX + name, Type: 'SecureString', Value: 'second', Version: 0, ARN: created.ARN });
    const source = JSON.parse(parameter.SourceResult!) as Record<string, unknown>;
    expect(source).toMatchObject({ ARN: created.ARN, name, secretString: 'second', versionStages: ['AWSCURRENT'] });

    const previous = (await ssm.send(new GetParameterCommand({ Name: `${PREFIX}${name}:AWSPREVIOUS`, WithDecryption: true }))).Parameter!;
    expect(previous).toMatchObject({ Value: 'first', Selector: ':AWSPREVIOUS' });
    const byId = (await ssm.send(new GetParameterCommand({ Name: `${PREFIX}${name}:${created.VersionId}`, WithDecryption: true }))).Parameter!;
    expect(byId.Value).toBe('first');

    const batch = await ssm.send(new GetParametersCommand({ Names: [PREFIX + name, `${PREFIX}${name}-missing`, `${PREFIX}${name}:a:b`], WithDecryption: true }));
    expect(batch.Parameters!.map((p) => p.Value)).toEqual(['second']);
    expect(batch.InvalidParameters!.sort()).toEqual([`${PREFIX}${name}-missing`, `${PREFIX}${name}:a:b`].sort());
  });

  it('requires WithDecryption and reports a missing secret as AWS does', async () => {
    expect(await failure(ssm.send(new GetParameterCommand({ Name: `${PREFIX}anything` })))).toMatchObject({
      name: 'ValidationException',
      message: 'WithDecryption flag must be True for retrieving a Secret Manager secret.',
    });
    const missing = unique('missing');
    expect(await failure(ssm.send(new GetParameterCommand({ Name: PREFIX + missing, WithDecryption: true })))).toMatchObject({
      name: 'ParameterNotFound',
      message: `An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret aws/reference/secretsmanager/${missing}null not found.`,
    });
    expect((await failure(ssm.send(new GetParameterCommand({ Name: `${PREFIX}x:`, WithDecryption: true })))).name).toBe('ValidationException');
  });
});
