import { runModel } from './workloads.ts';
const r = runModel('random');
console.log((r.taskSteps / r.seconds / 1e6).toFixed(3), 'M steps/s', r.seconds);
