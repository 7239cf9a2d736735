import { describe, expect, it } from 'vitest';
import { parseRotationFunctions } from './functions.js';

const arn = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;

describe('rotation function registration', () => {
  it('resolves AWS rotation template names to built-in rotators in any account and Region', () => {
    const functions = parseRotationFunctions(undefined);
    expect(functions.resolve(arn('SecretsManagerRDSPostgreSQLRotationSingleUser'))).toEqual({ kind: 'builtin', strategy: { engine: 'postgres', alternating: false, template: 'SecretsManagerRDSPostgreSQLRotationSingleUser' } });
    expect(functions.resolve(arn('SecretsManagerRDSMariaDBRotationMultiUser'))).toMatchObject({ strategy: { engine: 'mariadb', alternating: true } });
    expect(functions.resolve(`${arn('SecretsManagerRDSMySQLRotationSingleUser')}:$LATEST`)).toMatchObject({ strategy: { engine: 'mysql' } });
    expect(functions.resolve(arn('unknown'))).toBeUndefined();
    expect(functions.resolve('not an arn')).toBeUndefined();
  });

  it('reads URLs, commands and built-in aliases from RAMPART_ROTATION_FUNCTIONS', () => {
    const functions = parseRotationFunctions(JSON.stringify({
      [arn('web')]: { url: 'http://127.0.0.1:9000/rotate' },
      [arn('cmd')]: { command: ['node', 'rotate.js'], timeoutSeconds: 5 },
      [arn('db')]: { builtin: 'SecretsManagerRDSPostgreSQLRotationMultiUser' },
    }));
    expect(functions.resolve(arn('web'))).toEqual({ kind: 'url', url: 'http://127.0.0.1:9000/rotate', timeoutMs: 60_000 });
    expect(functions.resolve(`${arn('cmd')}:1`)).toEqual({ kind: 'command', command: ['node', 'rotate.js'], timeoutMs: 5000 });
    expect(functions.resolve(arn('db'))).toMatchObject({ kind: 'builtin', strategy: { alternating: true } });
  });

  it('refuses a malformed registration', () => {
    expect(() => parseRotationFunctions('{')).toThrow(/JSON object/);
    expect(() => parseRotationFunctions('{"not-an-arn": {"url": "http://x"}}')).toThrow(/not a Lambda function ARN/);
    expect(() => parseRotationFunctions(JSON.stringify({ [arn('x')]: { url: 'ftp://x' } }))).toThrow(/needs "url"/);
    expect(() => parseRotationFunctions(JSON.stringify({ [arn('x')]: { builtin: 'Nope' } }))).toThrow(/needs "url"/);
  });
});
