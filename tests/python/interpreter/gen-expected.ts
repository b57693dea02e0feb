/**
 * Regenerate fixtures/expected.json: every case of cases.ts run by CPython 3.11 through the
 * reference runner (tools/cpython_reference.py), transcript lines including LOG and END.
 *
 *   npx tsx tests/python/interpreter/gen-expected.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { allCases } from './cases.ts';

const dir = mkdtempSync(join(tmpdir(), 'loopscope-cases-'));
const out: Record<string, string[]> = {};
try {
  for (const [id, src] of allCases()) {
    const file = join(dir, `${id.replace('/', '__')}.py`);
    writeFileSync(file, src);
    const run = spawnSync('python3', ['tools/cpython_reference.py', file], { encoding: 'utf8', timeout: 120_000 });
    if (run.status !== 0) throw new Error(`${id}: reference runner failed: ${run.stderr}`);
    out[id] = run.stdout.split('\n').filter((l) => l !== '');
    process.stdout.write('.');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
writeFileSync(new URL('./fixtures/expected.json', import.meta.url), JSON.stringify(out, null, 1) + '\n');
console.log(`\n${Object.keys(out).length} cases written`);
