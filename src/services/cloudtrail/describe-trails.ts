// GetTrail, DescribeTrails and ListTrails. A region shows its own trails and, as shadow trails, the
// multi-region trails created elsewhere; ListTrails lists the account's trails in every region.
import type {
  DescribeTrailsRequest,
  DescribeTrailsResponse,
  GetTrailRequest,
  GetTrailResponse,
  ListTrailsRequest,
  ListTrailsResponse,
} from '../../generated/cloudtrail/types.js';
import type { HandlerContext } from '../types.js';
import { checkTrailName, isArn, parseTrailArn } from './names.js';
import { accountTrails, arnOf, loadTrail, requireTrail, trailShape, type TrailRecord } from './records.js';

export async function GetTrail(input: GetTrailRequest, ctx: HandlerContext): Promise<GetTrailResponse> {
  return { Trail: trailShape(await requireTrail(ctx.tx, ctx, input.Name)) };
}

export async function DescribeTrails(input: DescribeTrailsRequest, ctx: HandlerContext): Promise<DescribeTrailsResponse> {
  const shadows = input.includeShadowTrails ?? true;
  const all = await accountTrails(ctx.tx, ctx.accountId);
  const shown = all.filter((t) => t.homeRegion === ctx.region || (shadows && t.isMultiRegionTrail));
  const names = input.trailNameList ?? [];
  let trails: TrailRecord[];
  if (names.length === 0) {
    trails = shown;
  } else {
    // Names that find nothing are left out; an ARN may name a trail of any region of the account.
    const found = new Map<string, TrailRecord>();
    for (const name of names) {
      let trail: TrailRecord | undefined;
      if (isArn(name)) {
        const place = parseTrailArn(name);
        if (place.accountId === ctx.accountId) trail = await loadTrail(ctx.tx, place.accountId, place.region, place.name);
      } else {
        checkTrailName(name);
        trail = shown.find((t) => t.name === name);
      }
      if (trail) found.set(arnOf(trail), trail);
    }
    trails = [...found.values()];
  }
  return { trailList: trails.map(trailShape) };
}

export async function ListTrails(_input: ListTrailsRequest, ctx: HandlerContext): Promise<ListTrailsResponse> {
  // At most five trails per region: one page holds them all.
  const trails = await accountTrails(ctx.tx, ctx.accountId);
  return { Trails: trails.map((t) => ({ TrailARN: arnOf(t), Name: t.name, HomeRegion: t.homeRegion })) };
}
