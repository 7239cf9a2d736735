// The scheduler job that enforces a parameter's policies: one job per parameter, due when its next
// pending policy is. When it runs it handles every policy due by then, oldest first: a notification
// records a "Parameter Store Policy Action" event and is Finished; an Expiration records its event and
// deletes the parameter. Then it moves itself to the next pending policy, or ends.
import { recordEvent } from '../../events/event-log.js';
import type { JobHandler } from '../../scheduler/scheduler.js';
import type { SsmDeps } from './deps.js';
import { removeParameter } from './delete-parameter.js';
import { parameterArn, type ParameterPlace } from './names.js';
import { nextDue, POLICY_ACTIONS } from './policies.js';
import { loadParameter, saveParameter, saveVersion, type ParameterRecord, type StoredPolicy } from './records.js';

interface PolicyJobPayload extends ParameterPlace {
  name: string;
}

function policyEvent(place: ParameterPlace, record: ParameterRecord, policy: StoredPolicy, now: number) {
  return {
    detailType: 'Parameter Store Policy Action',
    source: 'aws.ssm',
    account: place.accountId,
    region: place.region,
    time: now,
    resources: [parameterArn(place, record.name)],
    detail: {
      'parameter-name': record.name,
      'parameter-type': record.current.type,
      'policy-type': policy.type,
      action: POLICY_ACTIONS[policy.type],
    },
  };
}

export function parameterPoliciesJob(deps: Pick<SsmDeps, 'scheduler' | 'logger'>): JobHandler {
  return async (job, ctx) => {
    const { name, ...place } = job.payload as unknown as PolicyJobPayload;
    await ctx.store.transaction(async (tx) => {
      const loaded = await loadParameter(tx, place, name);
      if (!loaded) return ctx.complete(tx);
      const record = loaded.record;
      const policies = record.current.policies;
      // Notifications before an expiration due at the same moment.
      const due = policies
        .filter((p) => p.status === 'Pending' && p.dueAt <= ctx.now)
        .sort((a, b) => a.dueAt - b.dueAt || Number(a.type === 'Expiration') - Number(b.type === 'Expiration'));
      for (const policy of due) {
        recordEvent(tx, policyEvent(place, record, policy, ctx.now));
        if (policy.type === 'Expiration') {
          await removeParameter(deps, tx, place, record, { keepJob: true });
          tx.afterCommit(() => deps.logger.info({ parameter: parameterArn(place, name) }, 'parameter expired and was deleted by its Expiration policy'));
          return ctx.complete(tx);
        }
        policy.status = 'Finished';
      }
      if (due.length > 0) {
        saveParameter(tx, place, record);
        saveVersion(tx, place, name, record.current);
      }
      const next = nextDue(policies);
      return next === undefined ? ctx.complete(tx) : ctx.reschedule(tx, next);
    });
  };
}
