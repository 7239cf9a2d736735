#!/usr/bin/env node
// npm run bench: builds, then runs every benchmark and prints its figures. Benchmarks measure; they
// never pass or fail. RAMPART_BENCH_SECONDS sets the length of each measurement (default 5).
import { availableParallelism, cpus } from 'node:os';
import { authorizationCostBenchmark } from './authorization-cost.mjs';
import { iamEvaluatorBenchmark } from './iam-evaluator.mjs';
import { kmsBenchmark } from './kms.mjs';
import { pipelineBenchmark } from './pipeline.mjs';
import { secretsBenchmark } from './secrets.mjs';

console.log(`Rampart benchmarks: Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
const only = process.argv[2];
if (!only || only === 'pipeline') await pipelineBenchmark();
if (!only || only === 'kms') await kmsBenchmark();
if (!only || only === 'secrets') await secretsBenchmark();
if (!only || only === 'iam') {
  await iamEvaluatorBenchmark();
  await authorizationCostBenchmark();
}
