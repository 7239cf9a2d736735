// The whole request pipeline against a bare node:http server: an authenticated json call (KMS
// GenerateRandom: routing, SigV4 verification, credential lookup, parsing, validation, a storage
// transaction, serialization) next to node:http answering a 200-byte JSON body, at concurrency 1 and
// 32, with one worker and with all workers. Also startup time and memory.
import { measure, plainRequest, signedJsonRequest } from './lib/load.mjs';
import { mib, ms, num, table } from './lib/report.mjs';
import { ALL_WORKERS, rss, startBare, startRampart } from './lib/servers.mjs';

export async function pipelineBenchmark() {
  const rows = [];
  const startups = [];
  for (const workers of [...new Set([1, ALL_WORKERS])]) {
    const bare = await startBare({ workers });
    const bareIdle = rss(bare);
    const bareResults = [];
    for (const connections of [1, 32]) bareResults.push(await measure(bare, plainRequest(bare), connections));
    await bare.close();

    const rampart = await startRampart({ workers });
    startups.push([rampart.name, ms(rampart.startupMs)]);
    const idle = rss(rampart);
    const request = await signedJsonRequest(rampart, { service: 'kms', target: 'TrentService.GenerateRandom', body: { NumberOfBytes: 32 } });
    for (const [i, connections] of [1, 32].entries()) {
      const result = await measure(rampart, request, connections);
      const reference = bareResults[i];
      rows.push([`${workers}`, `${connections}`, 'bare node:http', num(reference.rps), ms(reference.p50), ms(reference.p99), mib(bareIdle), mib(reference.rssLoad), '']);
      rows.push([
        `${workers}`,
        `${connections}`,
        'rampart kms:GenerateRandom',
        num(result.rps),
        ms(result.p50),
        ms(result.p99),
        mib(idle),
        mib(result.rssLoad),
        `${((100 * result.rps) / reference.rps).toFixed(0)}%`,
      ]);
    }
    await rampart.close();
  }
  table('Pipeline: authenticated json call vs bare node:http (200-byte JSON)', ['workers', 'conc.', 'server', 'req/s', 'p50', 'p99', 'RSS idle', 'RSS load', 'of bare'], rows);
  table('Startup to healthy (SQLite, fresh data directory)', ['server', 'time'], startups);
}
