// Addresses and CIDR blocks for IpAddress / NotIpAddress, IPv4 and IPv6. An address is kept as its
// bytes (4 or 16); a block as its network bytes and prefix length. An IPv4 address never matches an
// IPv6 block or the other way round, as in AWS (an IPv4-mapped IPv6 address is an IPv6 address).
import { isIPv4, isIPv6 } from 'node:net';

export interface CidrBlock {
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

function ipv4Bytes(text: string): Uint8Array {
  return Uint8Array.from(text.split('.').map(Number));
}

function ipv6Bytes(text: string): Uint8Array {
  let head = text;
  // A trailing dotted quad (::ffff:192.0.2.1) is the last two groups.
  const lastColon = head.lastIndexOf(':');
  if (head.indexOf('.', lastColon) !== -1) {
    const [a, b, c, d] = ipv4Bytes(head.slice(lastColon + 1));
    head = `${head.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const leftGroups = left ? left.split(':') : [];
  const rightGroups = right ? right.split(':') : [];
  const zeros = right === undefined ? 0 : 8 - leftGroups.length - rightGroups.length;
  const groups = [...leftGroups, ...Array<string>(zeros).fill('0'), ...rightGroups];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}

/** The bytes of an IPv4 or IPv6 address, or undefined when `text` is neither. */
export function parseAddress(text: string): Uint8Array | undefined {
  if (isIPv4(text)) return ipv4Bytes(text);
  if (isIPv6(text)) return ipv6Bytes(text);
  return undefined;
}

/** A CIDR block ("203.0.113.0/24", "2001:db8::/32"); a bare address is a block of one. */
export function parseCidr(text: string): CidrBlock | undefined {
  const slash = text.indexOf('/');
  const bytes = parseAddress((slash === -1 ? text : text.slice(0, slash)).trim());
  if (bytes === undefined) return undefined;
  const bits = bytes.length * 8;
  if (slash === -1) return { bytes, prefix: bits };
  const prefixText = text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= bits ? { bytes, prefix } : undefined;
}

export function cidrContains(block: CidrBlock, address: Uint8Array): boolean {
  if (block.bytes.length !== address.length) return false;
  const whole = block.prefix >> 3;
  for (let i = 0; i < whole; i++) if (block.bytes[i] !== address[i]) return false;
  const rest = block.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (block.bytes[whole] & mask) === (address[whole] & mask);
}
