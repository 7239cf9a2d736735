// What of a request or response an audit record may show. CloudTrail names members in lower camel
// case and leaves out what must never be recorded: values of sensitive members (plaintexts, secret
// values, passwords, private keys) and binary blobs (ciphertexts, key material). The model says which
// members those are, so no service has to list them.
import type { Shape } from '../protocol/index.js';

const lowerCamel = (name: string) => (name.length > 0 ? name[0].toLowerCase() + name.slice(1) : name);

// Secrets some models do not mark sensitive (STS's session token, MFA codes): left out by name too.
const SECRET_MEMBERS = new Set(['SessionToken', 'TokenCode', 'AuthenticationCode1', 'AuthenticationCode2', 'SecretAccessKey', 'Password', 'NewPassword', 'OldPassword', 'PrivateKey', 'Base32StringSeed', 'QRCodePNG']);

/** Sanitized JSON for CloudTrail, or undefined when nothing of the value may be shown. */
export function auditValue(shape: Shape | undefined, value: unknown, depth = 0): unknown {
  if (value === undefined || value === null) return undefined;
  if (shape === undefined || depth > 32) return undefined;
  if (shape.sensitive) return undefined;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object') return undefined;
      const out: Record<string, unknown> = {};
      for (const member of shape.members) {
        if (SECRET_MEMBERS.has(member.name)) continue;
        const field = auditValue(member.shape, (value as Record<string, unknown>)[member.name], depth + 1);
        if (field !== undefined) out[lowerCamel(member.name)] = field;
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      const items = value.map((item) => auditValue(shape.listMember?.shape, item, depth + 1)).filter((item) => item !== undefined);
      return items;
    }
    case 'map': {
      if (typeof value !== 'object' || shape.mapValue?.shape.sensitive) return undefined;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const field = auditValue(shape.mapValue?.shape, item, depth + 1);
        if (field !== undefined) out[key] = field;
      }
      return out;
    }
    case 'blob':
      return undefined;
    case 'timestamp':
      return value instanceof Date ? value.toISOString() : undefined;
    default:
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
  }
}
