// CreateVirtualMFADevice, EnableMFADevice, ResyncMFADevice, DeactivateMFADevice, ListMFADevices,
// ListVirtualMFADevices, DeleteVirtualMFADevice.
import { randomBytes } from 'node:crypto';
import type {
  CreateVirtualMFADeviceRequest,
  CreateVirtualMFADeviceResponse,
  DeactivateMFADeviceRequest,
  DeleteVirtualMFADeviceRequest,
  EnableMFADeviceRequest,
  ListMFADevicesRequest,
  ListMFADevicesResponse,
  ListVirtualMFADevicesRequest,
  ListVirtualMFADevicesResponse,
  ResyncMFADeviceRequest,
  VirtualMFADevice,
} from '../../generated/iam/types.js';
import type { Keyring } from '../../crypto/keyring.js';
import { base32Encode } from '../../identity/base32.js';
import type { HandlerContext } from '../types.js';
import { mfaArn } from './arns.js';
import { subjectOf } from './caller.js';
import { deleteConflict, entityAlreadyExists, invalidAuthenticationCode, limitExceeded, noSuchEntity } from './errors.js';
import { MFA_DEVICES_PER_USER } from './limits.js';
import { deviceBySerial, openSeed, type StoredMfaDevice } from './mfa.js';
import { pageFields, paginate } from './pagination.js';
import { findMfaDevice, findUser, isoNow, listRecords, loadUser, mfaKey, mfaSeedAad, saveMfaDevice, saveUser } from './records.js';
import { userShape } from './shapes.js';
import { checkNewTags, tagsField } from './tags.js';
import { findConsecutive, timeStep } from './totp.js';

type Empty = Record<string, never>;
/** Steps searched for a pair of codes: enabling tolerates a few minutes, resynchronizing more. */
const ENABLE_WINDOW = 4;
const RESYNC_WINDOW = 20;

export function mfaHandlers(keyring: Keyring) {
  async function CreateVirtualMFADevice(input: CreateVirtualMFADeviceRequest, ctx: HandlerContext): Promise<CreateVirtualMFADeviceResponse> {
    const path = input.Path ?? '/';
    if (await findMfaDevice(ctx.tx, ctx.accountId, input.VirtualMFADeviceName)) {
      throw entityAlreadyExists('MFADevice entity at the same path and name already exists.');
    }
    const serialNumber = mfaArn(ctx.partition, ctx.accountId, path, input.VirtualMFADeviceName);
    // 40 random bytes: a 64-character Base32 seed, as AWS issues them.
    const seed = base32Encode(randomBytes(40));
    const device: StoredMfaDevice = {
      serialNumber,
      name: input.VirtualMFADeviceName,
      path,
      createdAt: isoNow(ctx.now),
      seed: keyring.sealString(seed, mfaSeedAad(ctx.accountId, serialNumber)),
      tags: checkNewTags(input.Tags),
    };
    saveMfaDevice(ctx.tx, ctx.accountId, device);
    // The otpauth URI AWS encodes: otpauth://totp/<device name>@<account>?secret=<seed>.
    const uri = `otpauth://totp/${encodeURIComponent(`${input.VirtualMFADeviceName}@${ctx.accountId}`)}?secret=${seed}`;
    // qrcode loads on first use: it is needed only here.
    const { default: QRCode } = await import('qrcode');
    const png = await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M' });
    return {
      VirtualMFADevice: { SerialNumber: serialNumber, Base32StringSeed: Buffer.from(seed, 'ascii'), QRCodePNG: png, ...tagsField(device.tags) },
    };
  }

  async function deviceOrFail(serialNumber: string, ctx: HandlerContext): Promise<StoredMfaDevice> {
    const device = await deviceBySerial(ctx.tx, ctx.accountId, serialNumber);
    if (!device) throw noSuchEntity(`VirtualMFADevice with serial number ${serialNumber} doesn't exist.`);
    return device;
  }

  /** Finds the drift of two consecutive codes within `window` steps of now, or throws InvalidAuthenticationCode. */
  function driftOf(device: StoredMfaDevice, code1: string, code2: string, window: number, ctx: HandlerContext): number {
    const now = timeStep(ctx.now);
    const second = findConsecutive(openSeed(keyring, ctx.accountId, device), code1, code2, now - window, now + window);
    if (second === undefined) throw invalidAuthenticationCode('Authentication code for device is not valid.');
    return second - now;
  }

  async function EnableMFADevice(input: EnableMFADeviceRequest, ctx: HandlerContext): Promise<Empty> {
    const user = await loadUser(ctx.tx, ctx.accountId, input.UserName);
    const device = await deviceOrFail(input.SerialNumber, ctx);
    if (device.userName) throw entityAlreadyExists('MFA Device is already in use.');
    if (user.mfaDevices.length >= MFA_DEVICES_PER_USER) throw limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${MFA_DEVICES_PER_USER}`);
    device.driftSteps = driftOf(device, input.AuthenticationCode1, input.AuthenticationCode2, ENABLE_WINDOW, ctx);
    device.userName = user.userName;
    device.enabledAt = isoNow(ctx.now);
    saveMfaDevice(ctx.tx, ctx.accountId, device);
    user.mfaDevices.push(device.serialNumber);
    saveUser(ctx.tx, ctx.accountId, user);
    return {};
  }

  async function assignedDevice(userName: string, serialNumber: string, ctx: HandlerContext) {
    const user = await loadUser(ctx.tx, ctx.accountId, userName);
    const device = await deviceBySerial(ctx.tx, ctx.accountId, serialNumber);
    if (!device || device.userName?.toLowerCase() !== user.userName.toLowerCase()) {
      throw noSuchEntity(`MFA Device with serial number ${serialNumber} does not exist.`);
    }
    return { user, device };
  }

  async function ResyncMFADevice(input: ResyncMFADeviceRequest, ctx: HandlerContext): Promise<Empty> {
    const { device } = await assignedDevice(input.UserName, input.SerialNumber, ctx);
    device.driftSteps = driftOf(device, input.AuthenticationCode1, input.AuthenticationCode2, RESYNC_WINDOW, ctx);
    saveMfaDevice(ctx.tx, ctx.accountId, device);
    return {};
  }

  async function DeactivateMFADevice(input: DeactivateMFADeviceRequest, ctx: HandlerContext): Promise<Empty> {
    const subject = subjectOf(input.UserName, ctx.principal);
    if (subject.kind === 'root') throw noSuchEntity(`MFA Device with serial number ${input.SerialNumber} does not exist.`);
    const { user, device } = await assignedDevice(subject.userName, input.SerialNumber, ctx);
    delete device.userName;
    delete device.enabledAt;
    delete device.driftSteps;
    saveMfaDevice(ctx.tx, ctx.accountId, device);
    user.mfaDevices = user.mfaDevices.filter((s) => s !== device.serialNumber);
    saveUser(ctx.tx, ctx.accountId, user);
    return {};
  }

  async function DeleteVirtualMFADevice(input: DeleteVirtualMFADeviceRequest, ctx: HandlerContext): Promise<Empty> {
    const device = await deviceOrFail(input.SerialNumber, ctx);
    if (device.userName) throw deleteConflict('MFA device is still in use.');
    ctx.tx.delete(mfaKey(ctx.accountId, device.name));
    return {};
  }

  async function ListMFADevices(input: ListMFADevicesRequest, ctx: HandlerContext): Promise<ListMFADevicesResponse> {
    const subject = subjectOf(input.UserName, ctx.principal);
    if (subject.kind === 'root') return { MFADevices: [], IsTruncated: false };
    const user = await loadUser(ctx.tx, ctx.accountId, subject.userName);
    const devices: StoredMfaDevice[] = [];
    for (const serial of user.mfaDevices) {
      const device = await deviceBySerial(ctx.tx, ctx.accountId, serial);
      if (device) devices.push(device);
    }
    const page = paginate(devices, (d) => d.serialNumber, input.Marker, input.MaxItems);
    return {
      MFADevices: page.items.map((d) => ({ UserName: user.userName, SerialNumber: d.serialNumber, EnableDate: new Date(d.enabledAt!) })),
      ...pageFields(page),
    };
  }

  async function ListVirtualMFADevices(input: ListVirtualMFADevicesRequest, ctx: HandlerContext): Promise<ListVirtualMFADevicesResponse> {
    const status = input.AssignmentStatus ?? 'Any';
    const devices = (await listRecords<StoredMfaDevice>(ctx.tx, `iam/${ctx.accountId}/mfa/`)).filter(
      (d) => status === 'Any' || (status === 'Assigned') === Boolean(d.userName),
    );
    const page = paginate(devices, (d) => d.name.toLowerCase(), input.Marker, input.MaxItems);
    const shapes: VirtualMFADevice[] = [];
    for (const device of page.items) {
      const shape: VirtualMFADevice = { SerialNumber: device.serialNumber, ...tagsField(device.tags) };
      if (device.userName) {
        const user = await findUser(ctx.tx, ctx.accountId, device.userName);
        if (user) shape.User = userShape(user, ctx, false);
        shape.EnableDate = new Date(device.enabledAt!);
      }
      shapes.push(shape);
    }
    return { VirtualMFADevices: shapes, ...pageFields(page) };
  }

  return { CreateVirtualMFADevice, EnableMFADevice, ResyncMFADevice, DeactivateMFADevice, DeleteVirtualMFADevice, ListMFADevices, ListVirtualMFADevices };
}
