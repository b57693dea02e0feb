/**
 * A scenario given as text, played by Loopscope and by CPython's real asyncio
 * (tools/cpython_reference.py, virtual clock): the transcript lines of each, for tests that pin a
 * behaviour to CPython's without a gallery file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenario, type ScenarioLimits } from '../../scheduler/python/scenario.ts';
import { transcriptLines } from '../../scheduler/trace/transcript.ts';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));

/** Loopscope's transcript of `source`, without LOG lines. */
export function loopscopeLines(source: string, limits?: ScenarioLimits, file = 'case.py'): string[] {
  const result = runScenario(source, { file, ...(limits === undefined ? {} : { limits }) });
  if (result.error !== null) return [result.error.format()];
  return transcriptLines(result.trace, { logs: false });
}

/** CPython's transcript of `source` (python3 must be >= 3.11: check with cpython() first). */
export function cpythonLines(source: string, file = 'case.py'): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'loopscope-ref-'));
  try {
    writeFileSync(join(dir, file), source);
    const stdout = execFileSync('python3', [join(ROOT, 'tools', 'cpython_reference.py'), file, '--no-log'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return stdout.trimEnd().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
