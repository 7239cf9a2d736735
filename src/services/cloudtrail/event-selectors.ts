// PutEventSelectors and GetEventSelectors. A trail has basic or advanced selectors, never both: putting
// one kind replaces the other. Rampart records management events only today; data and network activity
// selectors are kept and apply to such events when services record them.
import type {
  GetEventSelectorsRequest,
  GetEventSelectorsResponse,
  PutEventSelectorsRequest,
  PutEventSelectorsResponse,
} from '../../generated/cloudtrail/types.js';
import { DEFAULT_EVENT_SELECTOR } from '../../audit/trail-selectors.js';
import type { HandlerContext } from '../types.js';
import { invalidParameterCombination } from './errors.js';
import { arnOf, requireHomeTrail, requireTrail, saveTrail, type TrailRecord } from './records.js';
import { checkAdvancedEventSelectors, checkEventSelectors } from './selector-validation.js';

function selectorsShape(trail: TrailRecord): GetEventSelectorsResponse {
  if (trail.advancedEventSelectors) return { TrailARN: arnOf(trail), AdvancedEventSelectors: structuredClone(trail.advancedEventSelectors) };
  return { TrailARN: arnOf(trail), EventSelectors: structuredClone(trail.eventSelectors ?? [DEFAULT_EVENT_SELECTOR]) };
}

export async function PutEventSelectors(input: PutEventSelectorsRequest, ctx: HandlerContext): Promise<PutEventSelectorsResponse> {
  const trail = await requireHomeTrail(ctx.tx, ctx, input.TrailName);
  if (input.EventSelectors !== undefined && input.AdvancedEventSelectors !== undefined) {
    throw invalidParameterCombination('You can use either EventSelectors or AdvancedEventSelectors, but not both.');
  }
  if (input.EventSelectors === undefined && input.AdvancedEventSelectors === undefined) {
    throw invalidParameterCombination('Specify either EventSelectors or AdvancedEventSelectors.');
  }
  const updated: TrailRecord = { ...trail };
  delete updated.eventSelectors;
  delete updated.advancedEventSelectors;
  if (input.EventSelectors !== undefined) updated.eventSelectors = checkEventSelectors(input.EventSelectors);
  else updated.advancedEventSelectors = checkAdvancedEventSelectors(input.AdvancedEventSelectors!);
  saveTrail(ctx.tx, updated);
  return selectorsShape(updated);
}

export async function GetEventSelectors(input: GetEventSelectorsRequest, ctx: HandlerContext): Promise<GetEventSelectorsResponse> {
  return selectorsShape(await requireTrail(ctx.tx, ctx, input.TrailName));
}
