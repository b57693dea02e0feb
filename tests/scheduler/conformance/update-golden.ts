/**
 * Regenerate cpython-golden.json and cpython-causes.json from the live interpreter: `npm run golden:cpython`.
 * Review the diff before committing: the golden file is what the model is held to.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allCases } from './all-cases.ts';
import { cpython, runPythonJson } from '../../support/python.ts';

const python = cpython();
if (!python.ok) {
  console.error(`cannot regenerate the golden file: ${python.why}`);
  process.exit(1);
}
const runs = runPythonJson<Record<string, unknown>>('tools/cpython_ticks.py', Object.fromEntries(allCases.map((c) => [c.id, c.python])));
const target = fileURLToPath(new URL('./cpython-golden.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(runs, null, 1)}\n`);
console.log(`wrote ${Object.keys(runs).length} CPython ${python.version} runs to ${target}`);
// The causes the trace records (who woke and who cancelled whom, tick by tick): causes.test.ts.
const causes = runPythonJson<Record<string, unknown>>('tools/cpython_ticks.py', Object.fromEntries(allCases.map((c) => [c.id, c.python])), 600_000, ['--causes']);
const causesTarget = fileURLToPath(new URL('./cpython-causes.json', import.meta.url));
writeFileSync(causesTarget, `${JSON.stringify(causes, null, 1)}\n`);
console.log(`wrote ${Object.keys(causes).length} CPython ${python.version} cause logs to ${causesTarget}`);
