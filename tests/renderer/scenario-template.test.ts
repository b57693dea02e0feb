/**
 * The template File ▸ New Scenario starts from: it loads, runs to its end, and plays as CPython
 * plays it (tools/cpython_reference.py), like a gallery scenario.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NEW_SCENARIO_NAME, NEW_SCENARIO_SOURCE } from '../../main/common/scenario-template.ts';
import { describeScenario } from '../../main/common/gallery.ts';
import { checkScenario, runScenario } from '../../scheduler/python/scenario.ts';
import { transcriptLines } from '../../scheduler/trace/transcript.ts';
import { cpython } from '../support/python.ts';

const python = cpython();

describe('the new-scenario template', () => {
  it('loads, runs to its end in 2 s of virtual time, and has a gallery-style title', () => {
    expect(checkScenario(NEW_SCENARIO_SOURCE, NEW_SCENARIO_NAME)).toBeNull();
    const { trace, error } = runScenario(NEW_SCENARIO_SOURCE, { file: NEW_SCENARIO_NAME });
    expect(error).toBeNull();
    expect(trace.end).toMatchObject({ kind: 'ok', time: 2 });
    expect(describeScenario(NEW_SCENARIO_NAME, NEW_SCENARIO_SOURCE).title).toBe('My scenario');
    expect(NEW_SCENARIO_SOURCE.split('\n').length).toBeLessThan(30);
  });

  it.skipIf(!python.ok)(`plays as CPython plays it${python.ok ? '' : ` (skipped: ${python.why})`}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'loopscope-template-'));
    try {
      const file = join(dir, NEW_SCENARIO_NAME);
      writeFileSync(file, NEW_SCENARIO_SOURCE);
      const reference = execFileSync('python3', ['tools/cpython_reference.py', file, '--no-log'], { encoding: 'utf8' }).trimEnd().split('\n');
      const ours = transcriptLines(runScenario(NEW_SCENARIO_SOURCE, { file }).trace, { logs: false });
      expect(ours).toEqual(reference);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
