/**
 * One measurement in a fresh process, so that its peak memory is its own:
 *   tsx bench/measure.ts model|baseline sleep0|random
 * Prints one JSON line.
 */
import { setFlagsFromString } from 'node:v8';
import { forEachEvent } from '../scheduler/index.ts';
import { traceToJSON } from '../scheduler/trace/json.ts';
import { runBaseline, runModel, type WorkloadName } from './workloads.ts';

// A larger young generation lets in-flight sleeps die young instead of being copied and promoted;
// the CLI sets the same (bin/loopscope.js).
setFlagsFromString('--max-semi-space-size=64');

const [runner, workload] = process.argv.slice(2) as ['model' | 'baseline', WorkloadName];
if (runner === 'baseline') {
  runBaseline(workload); // warm-up: let the JIT see the code once
  const { seconds, taskSteps } = runBaseline(workload);
  console.log(JSON.stringify({ seconds, taskSteps, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
} else {
  runModel(workload); // warm-up, as for the baseline
  const { seconds, taskSteps, recorder, virtualTime } = runModel(workload);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const trace = recorder.toTrace();
  let events = 0;
  forEachEvent(trace, () => events++);
  const bytes = Buffer.byteLength(traceToJSON(trace));
  console.log(JSON.stringify({ seconds, taskSteps, peakRssMb, events, traceBytes: bytes, bytesPerEvent: bytes / events, virtualTime }));
}
