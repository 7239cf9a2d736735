import { describe, expect, it } from 'vitest';
import { cidrContains, parseAddress, parseCidr } from './ip.js';

const contains = (cidr: string, address: string) => cidrContains(parseCidr(cidr)!, parseAddress(address)!);

describe('addresses and CIDR blocks', () => {
  it('parses IPv4 and IPv6', () => {
    expect([...parseAddress('203.0.113.7')!]).toEqual([203, 0, 113, 7]);
    expect([...parseAddress('2001:db8::1')!]).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect([...parseAddress('::ffff:192.0.2.1')!].slice(10)).toEqual([0xff, 0xff, 192, 0, 2, 1]);
    expect([...parseAddress('::')!].every((b) => b === 0)).toBe(true);
    expect(parseAddress('256.0.0.1')).toBeUndefined();
    expect(parseAddress('example.com')).toBeUndefined();
  });

  it('parses blocks; a bare address is a block of one', () => {
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ prefix: 8 });
    expect(parseCidr('10.0.0.1')).toMatchObject({ prefix: 32 });
    expect(parseCidr('2001:db8::/32')).toMatchObject({ prefix: 32 });
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('10.0.0.0/x')).toBeUndefined();
  });

  it.each([
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['192.168.1.0/24', '192.168.1.77', true],
    ['192.168.1.128/25', '192.168.1.127', false],
    ['192.168.1.128/25', '192.168.1.129', true],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['203.0.113.7', '203.0.113.7', true],
    ['203.0.113.7', '203.0.113.8', false],
    ['172.16.0.0/12', '172.31.255.1', true],
    ['172.16.0.0/12', '172.32.0.1', false],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/33', '2001:db8:8000::1', false],
    ['::/0', '2001:db8::1', true],
    ['::/0', '10.0.0.1', false],
    ['10.0.0.0/8', '::ffff:10.0.0.1', false],
  ])('%s contains %s: %s', (cidr, address, expected) => {
    expect(contains(cidr, address)).toBe(expected);
  });
});
