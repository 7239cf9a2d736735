// Virtual MFA devices: the seed is made here, shown once (CreateVirtualMFADevice) and stored sealed.
// Codes are checked against the device's seed with TOTP; a device remembers the clock drift found when
// it was enabled or resynchronized, as hardware-less authenticators drift too.
import type { Keyring } from '../../crypto/keyring.js';
import { base32Decode } from '../../identity/base32.js';
import type { StoreReader } from '../../storage/types.js';
import { parseIamArn } from './arns.js';
import { findMfaDevice, mfaSeedAad, type MfaDeviceRecord } from './records.js';
import { findCounter, timeStep } from './totp.js';

export interface StoredMfaDevice extends MfaDeviceRecord {
  /** Time steps the authenticator runs ahead (+) or behind (-). */
  driftSteps?: number;
}

/** The device a serial number names in `accountId`, or undefined. */
export async function deviceBySerial(reader: StoreReader, accountId: string, serialNumber: string): Promise<StoredMfaDevice | undefined> {
  const parsed = parseIamArn(serialNumber);
  if (!parsed || parsed.type !== 'mfa' || parsed.accountId !== accountId) return undefined;
  const device = (await findMfaDevice(reader, accountId, parsed.name)) as StoredMfaDevice | undefined;
  return device && device.serialNumber === serialNumber ? device : undefined;
}

export function openSeed(keyring: Keyring, accountId: string, device: MfaDeviceRecord): Buffer {
  const base32 = keyring.openString(device.seed, mfaSeedAad(accountId, device.serialNumber));
  return base32Decode(base32)!;
}

/**
 * Whether `code` is the current one-time code of the MFA device `serialNumber` enabled for `userName`
 * (one step of tolerance either side, after the device's known drift).
 */
export async function checkMfaCode(
  reader: StoreReader,
  keyring: Keyring,
  accountId: string,
  userName: string,
  serialNumber: string,
  code: string,
  now: number,
): Promise<boolean> {
  const device = await deviceBySerial(reader, accountId, serialNumber);
  if (!device || !device.userName || device.userName.toLowerCase() !== userName.toLowerCase()) return false;
  const step = timeStep(now) + (device.driftSteps ?? 0);
  return findCounter(openSeed(keyring, accountId, device), code, step - 1, step + 1) !== undefined;
}
