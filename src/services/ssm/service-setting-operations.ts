// GetServiceSetting, UpdateServiceSetting and ResetServiceSetting for Parameter Store's settings
// (see service-settings.ts), authorized on the setting's ARN.
import type {
  GetServiceSettingRequest,
  GetServiceSettingResult,
  ResetServiceSettingRequest,
  ResetServiceSettingResult,
  UpdateServiceSettingRequest,
  UpdateServiceSettingResult,
} from '../../generated/ssm/types.js';
import type { AuthorizationCheck, AuthorizationContext } from '../authorization.js';
import type { HandlerContext } from '../types.js';
import { placeOf } from './reads.js';
import { readSetting, resetSetting, resolveSettingId, settingArn, writeSetting } from './service-settings.js';

const settingCheck = (action: string) => (input: { SettingId: string }, ctx: AuthorizationContext): AuthorizationCheck[] => {
  const place = placeOf(ctx);
  const id = resolveSettingId(place, input.SettingId);
  return [{ action, resource: { arn: settingArn(place, id), accountId: ctx.accountId } }];
};

export const authorizeGetServiceSetting = settingCheck('ssm:GetServiceSetting');
export const authorizeUpdateServiceSetting = settingCheck('ssm:UpdateServiceSetting');
export const authorizeResetServiceSetting = settingCheck('ssm:ResetServiceSetting');

export async function GetServiceSetting(input: GetServiceSettingRequest, ctx: HandlerContext): Promise<GetServiceSettingResult> {
  const place = placeOf(ctx);
  return { ServiceSetting: await readSetting(ctx.tx, place, resolveSettingId(place, input.SettingId)) };
}

export async function UpdateServiceSetting(input: UpdateServiceSettingRequest, ctx: HandlerContext): Promise<UpdateServiceSettingResult> {
  const place = placeOf(ctx);
  writeSetting(ctx.tx, place, resolveSettingId(place, input.SettingId), input.SettingValue, ctx.principal.arn, ctx.now);
  return {};
}

export async function ResetServiceSetting(input: ResetServiceSettingRequest, ctx: HandlerContext): Promise<ResetServiceSettingResult> {
  const place = placeOf(ctx);
  const id = resolveSettingId(place, input.SettingId);
  resetSetting(ctx.tx, place, id);
  return { ServiceSetting: await readSetting(ctx.tx, place, id) };
}
