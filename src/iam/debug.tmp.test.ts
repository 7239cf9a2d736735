import { it } from 'vitest';
import { runSimulation, allowedContextKeysForRequest, typeForContextKey, isConditionKeyArray } from '@cloud-copilot/iam-simulate';
import { generateCases } from '../../test/iam/policy-cases.js';
import { evaluate } from './evaluate.js';
const IDS = (process.env.IDS ?? '').split(',');
it('debug', async () => {
  const all = generateCases(1000, 20240615);
  for (const c of all.filter((x) => IDS.includes(x.id))) {
    const [service, action] = c.action.split(':');
    const allowed = new Set(await allowedContextKeysForRequest(service, action, c.resource, false, undefined));
    const ctx: any = {};
    for (const [key, value] of Object.entries(c.context)) {
      const lower = key.toLowerCase();
      const prefix = lower.includes('/') ? lower.slice(0, lower.indexOf('/') + 1) : undefined;
      if (!(allowed.has(lower) || (prefix && [...allowed].some((k) => k.startsWith(prefix))))) continue;
      const type = await typeForContextKey(lower);
      ctx[key] = isConditionKeyArray(type) ? [value].flat() : Array.isArray(value) ? value[0] : value;
    }
    const req: any = { principal: c.principal, action: c.action, resource: c.resource, resourceAccountId: c.resourceAccountId,
      identityPolicies: c.identityPolicies.map((p) => ({ id: p.name, document: JSON.stringify(p.policy) })), context: ctx };
    if (c.resourcePolicyRequired) req.resourcePolicyRequired = true;
    if (c.resourcePolicy) req.resourcePolicy = { id: 'rp', document: JSON.stringify(c.resourcePolicy) };
    if (c.permissionsBoundary) req.permissionsBoundary = { id: 'pb', document: JSON.stringify(c.permissionsBoundary) };
    if (c.sessionPolicy) req.sessionPolicies = [{ id: 'sp', document: JSON.stringify(c.sessionPolicy) }];
    if (c.serviceControlPolicies.length) req.serviceControlPolicies = c.serviceControlPolicies.map((l) => l.map((p) => ({ id: p.name, document: JSON.stringify(p.policy) })));
    if (c.resourceControlPolicies.length) req.resourceControlPolicies = c.resourceControlPolicies.map((l) => l.map((p) => ({ id: p.name, document: JSON.stringify(p.policy) })));
    const mine = evaluate(req);
    const sim: any = { request: { principal: c.oraclePrincipal, action: c.action, resource: { resource: c.resource, accountId: c.resourceAccountId }, contextVariables: ctx },
      identityPolicies: c.principal.kind === 'Root' ? [{ name: 'root', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] : c.identityPolicies,
      serviceControlPolicies: c.serviceControlPolicies.map((policies, level) => ({ orgIdentifier: `ou-${level}`, policies })),
      resourceControlPolicies: c.resourceControlPolicies.map((policies, level) => ({ orgIdentifier: `ou-${level}`, policies })) };
    if (c.resourcePolicy) sim.resourcePolicy = c.resourcePolicy;
    if (c.permissionsBoundary) sim.permissionBoundaryPolicies = [{ name: 'boundary', policy: c.permissionsBoundary }];
    if (c.sessionPolicy) sim.sessionPolicy = c.sessionPolicy;
    const r: any = await runSimulation(sim, {});
    const a = r.result?.analysis ?? r.results?.[0]?.analysis;
    const summ = (an: any) => an && { result: an.result, allow: an.allowStatements?.map((s: any) => `${s.policyId}#${s.explain.identifier}:${s.principalMatch}`), deny: an.denyStatements?.map((s: any) => `${s.policyId}#${s.explain.identifier}`) };
    console.log('=====', c.id, c.principal.kind, c.principal.arn, c.action, c.resource, 'resAcct', c.resourceAccountId, 'req', c.resourcePolicyRequired);
    console.log('CTX', JSON.stringify(ctx));
    console.log('ID', JSON.stringify(c.identityPolicies.map(p=>p.policy.Statement)));
    console.log('RP', JSON.stringify(c.resourcePolicy?.Statement));
    console.log('PB', JSON.stringify(c.permissionsBoundary?.Statement));
    console.log('SP', JSON.stringify(c.sessionPolicy?.Statement));
    console.log('SCP', JSON.stringify(c.serviceControlPolicies.map(l=>l.map(p=>p.policy.Statement))));
    console.log('RCP', JSON.stringify(c.resourceControlPolicies.map(l=>l.map(p=>p.policy.Statement))));
    console.log('MINE', JSON.stringify(mine));
    console.log('ORACLE', r.overallResult, r.resultType, JSON.stringify({ id: summ(a?.identityAnalysis), rp: summ(a?.resourceAnalysis), pb: summ(a?.permissionBoundaryAnalysis), sp: summ(a?.sessionAnalysis), scp: a?.scpAnalysis?.result, rcp: a?.rcpAnalysis?.result, blocked: a?.blockedBy }));
  }
});
