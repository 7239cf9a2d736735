import { describe, expect, it } from 'vitest';
import { isAwsError } from '../../errors.js';
import { levelsOf, nameOfSuffix, parameterArn, parseNameReference, pathRanges, storageSuffix, validateNewName, validatePath } from './names.js';

const place = { partition: 'aws', accountId: '111122223333', region: 'us-east-2' };
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isAwsError(error)) return error.code;
    throw error;
  }
  return 'ok';
};

describe('parameter names', () => {
  it('accepts plain and fully qualified names, trimming surrounding spaces', () => {
    expect(validateNewName(' /Dev/DBServer/MySQL/db-string13 ', place)).toBe('/Dev/DBServer/MySQL/db-string13');
    expect(validateNewName('plain_name.v-1', place)).toBe('plain_name.v-1');
  });

  it('refuses what AWS refuses', () => {
    expect(code(() => validateNewName('a/b', place))).toBe('ValidationException');
    expect(code(() => validateNewName('/a//b', place))).toBe('ValidationException');
    expect(code(() => validateNewName('/a/b c', place))).toBe('ValidationException');
    expect(code(() => validateNewName('/a/b$', place))).toBe('ValidationException');
    expect(code(() => validateNewName('/SSM/x', place))).toBe('ValidationException');
    expect(code(() => validateNewName('AwsName', place))).toBe('ValidationException');
    expect(code(() => validateNewName('/aws/x', place))).toBe('AccessDenied');
    expect(code(() => validateNewName('/a/', place))).toBe('ValidationException');
    expect(code(() => validateNewName('/l'.repeat(15), place))).toBe('ok');
    expect(code(() => validateNewName('/l'.repeat(16), place))).toBe('HierarchyLevelLimitExceededException');
  });

  it('counts the ARN before the name in the 1011-character limit', () => {
    const room = 1011 - 'arn:aws:ssm:us-east-2:111122223333:parameter/'.length;
    expect(code(() => validateNewName(`/${'n'.repeat(room)}`, place))).toBe('ok');
    expect(code(() => validateNewName(`/${'n'.repeat(room + 1)}`, place))).toBe('ValidationException');
  });

  it('builds ARNs without the leading slash, and counts levels', () => {
    expect(parameterArn(place, '/a/b')).toBe('arn:aws:ssm:us-east-2:111122223333:parameter/a/b');
    expect(parameterArn(place, 'plain')).toBe('arn:aws:ssm:us-east-2:111122223333:parameter/plain');
    expect(levelsOf('/a/b/c')).toBe(3);
    expect(levelsOf('plain')).toBe(1);
  });

  it('reads selectors, ARNs and unqualified hierarchical names', () => {
    expect(parseNameReference('/a/b:3', place, { selectors: true })).toMatchObject({ name: '/a/b', version: 3, selector: ':3' });
    expect(parseNameReference('/a/b:prod', place, { selectors: true })).toMatchObject({ name: '/a/b', label: 'prod' });
    expect(parseNameReference('a//b', place, { selectors: true }).name).toBe('/a/b');
    expect(parseNameReference('arn:aws:ssm:us-east-2:111122223333:parameter/a/b', place, { selectors: true })).toMatchObject({ name: '/a/b' });
    expect(parseNameReference('arn:aws:ssm:us-east-2:111122223333:parameter/x', place, { selectors: true })).toMatchObject({ name: 'x', alternative: '/x' });
    expect(parseNameReference('arn:aws:ssm:eu-west-1:111122223333:parameter/x', place, { selectors: true }).foreign).toBe(true);
    expect(code(() => parseNameReference('/a:b:c', place, { selectors: true }))).toBe('ValidationException');
    expect(code(() => parseNameReference('/a:1', place, { selectors: false }))).toBe('ValidationException');
  });

  it('validates paths', () => {
    expect(validatePath('/')).toBe('/');
    expect(validatePath('/a/b/')).toBe('/a/b');
    expect(code(() => validatePath('a/b'))).toBe('ValidationException');
    expect(code(() => validatePath('/a//b'))).toBe('ValidationException');
  });

  it('stores a level as one contiguous key range', () => {
    for (const name of ['/a/b/c', '/x', 'plain', '/a-b/c']) expect(nameOfSuffix(storageSuffix(name))).toBe(name);
    expect(storageSuffix('/a/b/c')).toBe('/a/b c');
    expect(storageSuffix('plain')).toBe(' :plain');
    const [own, below] = pathRanges(place, '/a', true);
    // "/a-b/c" is a sibling's child: in neither range of "/a".
    const key = `acct/aws/111122223333/us-east-2/ssm/p/${storageSuffix('/a-b/c')}`;
    expect(key.startsWith(own!) || key.startsWith(below!)).toBe(false);
    expect(`acct/aws/111122223333/us-east-2/ssm/p/${storageSuffix('/a/b/c')}`.startsWith(below!)).toBe(true);
  });
});
