/** Finding and running the real CPython that the conformance checks compare against. */
import { spawnSync } from 'node:child_process';

let cached: { ok: true; version: string } | { ok: false; why: string } | null = null;

/** python3 >= 3.11 is what the reference needs; say why not when it is missing. */
export function cpython(): { ok: true; version: string } | { ok: false; why: string } {
  if (cached !== null) return cached;
  const probe = spawnSync('python3', ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    cached = { ok: false, why: 'python3 was not found' };
  } else {
    const version = probe.stdout.trim();
    const [major, minor] = version.split('.').map(Number) as [number, number];
    cached = major > 3 || (major === 3 && minor >= 11) ? { ok: true, version } : { ok: false, why: `python3 is ${version}, older than 3.11` };
  }
  return cached;
}

/** Run a Python script (with `args`) with JSON on stdin and parse its JSON stdout. */
export function runPythonJson<T>(script: string, input: unknown, timeoutMs = 600_000, args: readonly string[] = []): T {
  const result = spawnSync('python3', [script, ...args], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    timeout: timeoutMs,
  });
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
