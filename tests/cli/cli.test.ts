/**
 * The `loopscope` command, driven through runCli with in-memory files and streams, plus one run of
 * the real bin to check the launcher.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runCli, type CliIo } from '../../main/cli/cli.ts';
import { runScenario } from '../../scheduler/python/scenario.ts';
import { traceToJSON } from '../../scheduler/trace/json.ts';

const GATHER = `import asyncio
import time

async def count(name):
    print(f"{name} one")
    await asyncio.sleep(1)
    print(f"{name} two")

async def main():
    start = time.perf_counter()
    await asyncio.gather(count("a"), count("b"))
    print(f"took {time.perf_counter() - start:0.2f} s")

if __name__ == "__main__":
    asyncio.run(main())
`;

function cli(argv: string[], files: Record<string, string> = {}, stderrIsTTY = false) {
  let stdout = '';
  let stderr = '';
  let clock = 0;
  const io: CliIo = {
    stdout: (text) => (stdout += typeof text === 'string' ? text : new TextDecoder().decode(text)),
    stderr: (text) => (stderr += text),
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    stderrIsTTY,
    now: () => (clock += 1000),
  };
  const status = runCli(argv, io);
  return { status, stdout, stderr };
}

describe('loopscope run', () => {
  test('prints the transcript: time, task and text per print, then END', () => {
    const { status, stdout, stderr } = cli(['run', 'gather.py'], { 'gather.py': GATHER });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toBe(
      ['0.000\tTask-2\ta one', '0.000\tTask-3\tb one', '1.000\tTask-2\ta two', '1.000\tTask-3\tb two', '1.000\tTask-1\ttook 1.00 s', 'END\t1.000\tok', ''].join('\n'),
    );
  });

  test('--format json prints the whole trace', () => {
    const { status, stdout } = cli(['run', 'gather.py', '--format', 'json'], { 'gather.py': GATHER });
    expect(status).toBe(0);
    const trace = JSON.parse(stdout);
    expect(trace).toMatchObject({ format: 'loopscope-trace', version: 2, end: { kind: 'ok', time: 1 } });
    expect(trace.events.length).toBeGreaterThan(20);
  });

  test('a scenario error names file, line and column, on stderr, with status 1', () => {
    const { status, stdout, stderr } = cli(['run', 'bad.py'], { 'bad.py': 'import asyncio\n\nasync def main(:\n    pass\n' });
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^bad\.py:3:\d+: /);
  });

  test('a run that ends in an exception is still a transcript, ending in END error', () => {
    const source = 'import asyncio\n\nasync def main():\n    raise ValueError("boom")\n\nasyncio.run(main())\n';
    const { status, stdout } = cli(['run', 'err.py'], { 'err.py': source });
    expect(status).toBe(0);
    expect(stdout.trim().split('\n').pop()).toBe('END\t0.000\terror\tValueError: boom');
  });

  test('limits can be lowered from the command line', () => {
    const source = 'import asyncio\n\nasync def main():\n    while True:\n        await asyncio.sleep(0)\n\nasyncio.run(main())\n';
    const { stdout } = cli(['run', 'spin.py', '--max-ticks', '50'], { 'spin.py': source });
    expect(stdout.trim()).toBe('END\t0.000\tlimit');
  });

  test('shows progress on a terminal, and clears it', () => {
    const source = 'import asyncio\n\nasync def main():\n    for _ in range(200000):\n        await asyncio.sleep(0)\n\nasyncio.run(main())\n';
    const { stdout, stderr } = cli(['run', 'long.py'], { 'long.py': source }, true);
    expect(stderr).toContain('long.py: tick ');
    expect(stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(stdout.trim()).toBe('END\t0.000\tok');
  });
});

describe('loopscope check', () => {
  test('exits 0 for a valid scenario, silently', () => {
    expect(cli(['check', 'gather.py'], { 'gather.py': GATHER })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('exits 1 with file:line:col for a scenario error', () => {
    const { status, stderr } = cli(['check', 'with.py'], { 'with.py': 'import asyncio\nimport os\n' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^with\.py:2:\d+: /);
  });

  test('exits 1 for a missing file', () => {
    const { status, stderr } = cli(['check', 'nope.py']);
    expect(status).toBe(1);
    expect(stderr).toBe('loopscope: cannot read nope.py: no such file\n');
  });
});

const BLOCKING = 'import asyncio\nimport time\n\nasync def main():\n    time.sleep(0.5)\n    await asyncio.sleep(0)\n\nasyncio.run(main())\n';

describe('lints', () => {
  test('check --lint prints each lint as a LINT line with file:line, and exits 3', () => {
    const { status, stdout, stderr } = cli(['check', '--lint', 'block.py'], { 'block.py': BLOCKING });
    expect(stderr).toBe('');
    expect(status).toBe(3);
    expect(stdout).toBe('LINT\tblock.py:5\tblocking-call\tThe loop was blocked for 0.5 s at line 5: Task-1 ran without awaiting, and every other task waited\n');
  });

  test('check --lint exits 0, silently, when there is nothing to say', () => {
    expect(cli(['check', 'gather.py', '--lint'], { 'gather.py': GATHER })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('check --lint still exits 1 for a scenario that cannot be loaded', () => {
    const { status, stderr } = cli(['check', '--lint', 'bad.py'], { 'bad.py': 'async def main(:\n' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^bad\.py:1:\d+: /);
  });

  test('run prints the lints on stderr after the transcript; --no-lint leaves them out', () => {
    const run = cli(['run', 'block.py'], { 'block.py': BLOCKING });
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n').pop()).toBe('END\t0.500\tok');
    expect(run.stderr).toBe('LINT\tblock.py:5\tblocking-call\tThe loop was blocked for 0.5 s at line 5: Task-1 ran without awaiting, and every other task waited\n');
    expect(cli(['run', 'block.py', '--no-lint'], { 'block.py': BLOCKING }).stderr).toBe('');
    // The JSON form streams the trace and prints no lints.
    expect(cli(['run', 'block.py', '--format', 'json'], { 'block.py': BLOCKING }).stderr).toBe('');
  });
});

describe('usage', () => {
  test.each([[[]], [['frobnicate']], [['run']], [['run', 'a.py', '--format', 'xml']], [['check']], [['check', 'a.py', 'b.py']], [['check', '--lint']], [['run', 'a.py', '--max-ticks', '-3']]])(
    '%j is a usage error with status 2',
    (argv) => {
      const { status, stderr } = cli(argv);
      expect(status).toBe(2);
      expect(stderr).toContain('Usage:');
    },
  );

  test('--help prints usage on stdout with status 0', () => {
    const { status, stdout } = cli(['--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('loopscope run FILE');
  });
});

test('npx loopscope runs the real bin', () => {
  const done = spawnSync('npx', ['--no-install', 'loopscope', 'run', 'scenarios/02-three-coroutines-gathered.py'], { encoding: 'utf8' });
  expect(done.stderr.replace(/npm warn[^\n]*\n/gi, '')).toBe('');
  expect(done.status).toBe(0);
  expect(done.stdout.trim().split('\n').pop()).toBe('END\t1.000\tok');
}, 60_000);

describe('the real bin writes a long trace whole, and stops quietly when the reader goes away', () => {
  // Eight million event words: seven full chunks are streamed while the run goes on, the rest after.
  const file = 'bench/scenarios/sleep0.py';

  test('through a pipe, byte for byte the trace JSON (streamed during the run, then finished)', () => {
    const done = spawnSync(process.execPath, ['bin/loopscope.js', 'run', file, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(done.status).toBe(0);
    const { trace } = runScenario(readFileSync(file, 'utf8'), { file });
    const expected = `${traceToJSON(trace)}\n`;
    expect(trace.events.length).toBeGreaterThan(7 << 20);
    expect(done.stdout === expected).toBe(true);
  }, 60_000);

  test('`| head -c 100` ends the output without an error', () => {
    const done = spawnSync('bash', ['-c', `set -o pipefail; node bin/loopscope.js run ${file} --format json | head -c 100 >/dev/null`], { encoding: 'utf8' });
    expect(done.stderr).toBe('');
    expect(done.status).toBe(0);
  }, 60_000);
});
