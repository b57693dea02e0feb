/**
 * The CPython reference runner and the gallery, checked by their own standard-library script
 * (tests/reference/check_reference.py): every scenario runs, is deterministic, matches its saved
 * transcript, and the runner pins down what ASYNCIO-SEMANTICS.md says it must.
 */
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { cpython } from '../support/python.ts';

const python = cpython();

test.skipIf(!python.ok)(`the reference runner's self-check passes${python.ok ? '' : ` (skipped: ${python.why})`}`, () => {
  const run = spawnSync('python3', ['tests/reference/check_reference.py'], { encoding: 'utf8', timeout: 300_000 });
  const summary = run.stdout.trim().split('\n').pop() ?? '';
  expect(run.status, `${summary}\n${run.stdout.split('\n').filter((l) => l.startsWith('FAIL')).join('\n')}`).toBe(0);
  expect(summary).toMatch(/^\d+ passed, 0 failed$/);
}, 300_000);

if (!python.ok) console.log(`CPython reference self-check skipped: ${python.why}`);
