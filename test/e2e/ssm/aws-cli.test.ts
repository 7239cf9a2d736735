// Parameter Store driven by the AWS CLI, on SQLite and PostgreSQL: every parameter operation once,
// and the main error codes as the CLI reports them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, cliErrorCode } from '../../helpers/aws-cli.js';
import { startInProcess, testBackends } from '../../helpers/rampart.js';
import { unique } from './support.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;

describe.each(testBackends())('the AWS CLI against Parameter Store on %s', (backend) => {
  let server: Server;
  const ssm = async (...args: string[]) => {
    const result = await awsCli(server, ['ssm', ...args]);
    if (result.code !== 0) throw new Error(`aws ssm ${args[0]} failed: ${result.stderr}`);
    return result.stdout.trim() ? (JSON.parse(result.stdout) as Record<string, any>) : {};
  };
  const ssmError = async (...args: string[]) => cliErrorCode(await awsCli(server, ['ssm', ...args]));

  beforeAll(async () => {
    server = await startInProcess({ backend });
  });
  afterAll(() => server?.destroy());

  it('puts, gets, labels, lists and deletes parameters', async () => {
    const base = `/${unique('cli')}`;
    expect(await ssm('put-parameter', '--name', `${base}/url`, '--value', 'db.internal:5432', '--type', 'String', '--description', 'database')).toMatchObject({ Version: 1, Tier: 'Standard' });
    expect(await ssm('put-parameter', '--name', `${base}/url`, '--value', 'db2.internal:5432', '--overwrite')).toMatchObject({ Version: 2 });
    await ssm('put-parameter', '--name', `${base}/secret`, '--value', 's3cr3t', '--type', 'SecureString', '--tags', 'Key=team,Value=blue');
    await ssm('put-parameter', '--name', `${base}/deep/list`, '--value', 'a,b,c', '--type', 'StringList');

    expect((await ssm('get-parameter', '--name', `${base}/url`)).Parameter).toMatchObject({ Value: 'db2.internal:5432', Version: 2 });
    expect((await ssm('get-parameter', '--name', `${base}/secret`, '--with-decryption')).Parameter.Value).toBe('s3cr3t');
    expect((await ssm('get-parameter', '--name', `${base}/secret`, '--no-with-decryption')).Parameter.Value).not.toBe('s3cr3t');
    const many = await ssm('get-parameters', '--names', `${base}/url`, `${base}/missing`, '--with-decryption');
    expect(many.InvalidParameters).toEqual([`${base}/missing`]);

    expect(await ssm('label-parameter-version', '--name', `${base}/url`, '--parameter-version', '1', '--labels', 'stable')).toMatchObject({ ParameterVersion: 1, InvalidLabels: [] });
    expect((await ssm('get-parameter', '--name', `${base}/url:stable`)).Parameter.Value).toBe('db.internal:5432');
    const history = await ssm('get-parameter-history', '--name', `${base}/url`);
    expect(history.Parameters.map((p: { Version: number; Labels: string[] }) => [p.Version, p.Labels])).toEqual([[1, ['stable']], [2, []]]);
    expect(await ssm('unlabel-parameter-version', '--name', `${base}/url`, '--parameter-version', '1', '--labels', 'stable')).toMatchObject({ RemovedLabels: ['stable'] });

    const oneLevel = await ssm('get-parameters-by-path', '--path', base);
    expect(oneLevel.Parameters.map((p: { Name: string }) => p.Name).sort()).toEqual([`${base}/secret`, `${base}/url`]);
    const recursive = await ssm('get-parameters-by-path', '--path', base, '--recursive', '--with-decryption');
    expect(recursive.Parameters.length).toBe(3);
    const described = await ssm('describe-parameters', '--parameter-filters', `Key=Path,Option=Recursive,Values=${base}`, 'Key=Type,Values=SecureString');
    expect(described.Parameters.map((p: { Name: string }) => p.Name)).toEqual([`${base}/secret`]);

    await ssm('add-tags-to-resource', '--resource-type', 'Parameter', '--resource-id', `${base}/url`, '--tags', 'Key=env,Value=prod');
    expect((await ssm('list-tags-for-resource', '--resource-type', 'Parameter', '--resource-id', `${base}/url`)).TagList).toEqual([{ Key: 'env', Value: 'prod' }]);
    await ssm('remove-tags-from-resource', '--resource-type', 'Parameter', '--resource-id', `${base}/url`, '--tag-keys', 'env');
    expect((await ssm('list-tags-for-resource', '--resource-type', 'Parameter', '--resource-id', `${base}/url`)).TagList).toEqual([]);

    await ssm('delete-parameter', '--name', `${base}/deep/list`);
    expect(await ssm('delete-parameters', '--names', `${base}/url`, `${base}/nope`)).toMatchObject({ DeletedParameters: [`${base}/url`], InvalidParameters: [`${base}/nope`] });
  });

  it('changes and resets the service settings', async () => {
    const id = '/ssm/parameter-store/default-parameter-tier';
    expect((await ssm('get-service-setting', '--setting-id', id)).ServiceSetting).toMatchObject({ SettingValue: 'Standard', Status: 'Default' });
    await ssm('update-service-setting', '--setting-id', id, '--setting-value', 'Intelligent-Tiering');
    expect((await ssm('get-service-setting', '--setting-id', id)).ServiceSetting.SettingValue).toBe('Intelligent-Tiering');
    expect((await ssm('reset-service-setting', '--setting-id', id)).ServiceSetting.SettingValue).toBe('Standard');
  });

  it('reports AWS error codes', async () => {
    const name = `/${unique('cli-err')}/p`;
    await ssm('put-parameter', '--name', name, '--value', 'v', '--type', 'String');
    expect(await ssmError('put-parameter', '--name', name, '--value', 'v', '--type', 'String')).toBe('ParameterAlreadyExists');
    expect(await ssmError('get-parameter', '--name', `${name}-missing`)).toBe('ParameterNotFound');
    expect(await ssmError('get-parameter', '--name', `${name}:7`)).toBe('ParameterVersionNotFound');
    expect(await ssmError('put-parameter', '--name', '/a/b c', '--value', 'v', '--type', 'String')).toBe('ValidationException');
    expect(await ssmError('label-parameter-version', '--name', name, '--labels', ...Array.from({ length: 10 }, (_, i) => `l${i}`))).toBeUndefined();
    expect(await ssmError('label-parameter-version', '--name', name, '--labels', 'eleventh')).toBe('ParameterVersionLabelLimitExceeded');
    expect(await ssmError('describe-parameters', '--parameter-filters', 'Key=Label,Values=x')).toBe('InvalidFilterKey');
    expect(await ssmError('get-service-setting', '--setting-id', '/ssm/nothing')).toBe('ServiceSettingNotFound');
  });
});
