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

function cli(argv: string[], files: Record<string, string | Uint8Array> = {}, stderrIsTTY = false) {
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
    // The scenario's text goes with its trace, so the file opens in the app with its code.
    expect(trace.scenario).toBe(GATHER);
  });

  test('a scenario that cannot be loaded: its problems on stderr, an END line on stdout, status 1', () => {
    const { status, stdout, stderr } = cli(['run', 'bad.py'], { 'bad.py': 'import asyncio\n\nasync def main(:\n    pass\nx = (1 +)\n' });
    expect(status).toBe(1);
    expect(stdout).toBe("END\t0.000\terror\tSyntaxError: invalid syntax\n");
    expect(stderr).toMatch(/^bad\.py:3:\d+: error: invalid syntax\n/);
    expect(stderr).toContain('bad.py:5:9: error: invalid syntax');
    expect(stderr.endsWith('\n\nbad.py: 2 problems\n')).toBe(true);
  });

  test('a refused construct ends as a ScenarioError; --format json holds that end', () => {
    const { status, stdout } = cli(['run', 'w.py', '--format', 'json'], { 'w.py': 'match x, y:\n    case _:\n        pass\n' });
    expect(status).toBe(1);
    const trace = JSON.parse(stdout);
    expect(trace.events).toEqual([]);
    expect(trace.end).toMatchObject({ kind: 'error', type: 'ScenarioError', message: 'this form of `match` is not supported', line: 1 });
  });

  test('a missing file: the reason on stderr, an END line, status 1', () => {
    const { status, stdout, stderr } = cli(['run', 'nope.py']);
    expect(status).toBe(1);
    expect(stderr).toBe('loopscope: cannot read nope.py: no such file\n');
    expect(stdout).toBe('END\t0.000\terror\tFileNotFoundError: cannot read nope.py: no such file\n');
  });

  test('a run that ends in an exception is still a transcript, ending in END error', () => {
    const source = 'import asyncio\n\nasync def main():\n    raise ValueError("boom")\n\nasyncio.run(main())\n';
    const { status, stdout } = cli(['run', 'err.py'], { 'err.py': source });
    expect(status).toBe(0);
    expect(stdout.trim().split('\n').pop()).toBe('END\t0.000\terror\tValueError: boom');
  });

  test('a run that ends in an exception prints its traceback on stderr, as python3 does', () => {
    const source = 'import asyncio\n\nasync def worker(d):\n    return d["missing"]\n\nasync def main():\n    await asyncio.gather(worker({}))\n\nasyncio.run(main())\n';
    const { status, stdout, stderr } = cli(['run', 'key.py'], { 'key.py': source });
    expect(status).toBe(0);
    expect(stdout).toBe("END\t0.000\terror\tKeyError: 'missing'\n");
    expect(stderr).toBe(
      [
        'Traceback (most recent call last):',
        '  File "key.py", line 9, in <module>',
        '    asyncio.run(main())',
        '  File "key.py", line 7, in main',
        '    await asyncio.gather(worker({}))',
        '  File "key.py", line 4, in worker',
        '    return d["missing"]',
        '           ~^^^^^^^^^^^',
        "KeyError: 'missing'",
        '',
      ].join('\n'),
    );
  });

  test('an exception logged by the loop: a LOG line in the transcript, its traceback on stderr', () => {
    const source = 'import asyncio\n\ndef cb():\n    1 / 0\n\nasync def main():\n    asyncio.get_running_loop().call_soon(cb)\n    await asyncio.sleep(0)\n\nasyncio.run(main())\n';
    const { stdout, stderr } = cli(['run', 'cb.py'], { 'cb.py': source });
    expect(stdout).toContain('LOG\t0.000\tException in callback cb() at cb.py:3; exception=ZeroDivisionError: division by zero\n');
    expect(stderr).toBe('Exception in callback cb() at cb.py:3\nTraceback (most recent call last):\n  File "cb.py", line 4, in cb\n    1 / 0\n    ~~^~~\nZeroDivisionError: division by zero\n');
    expect(cli(['run', 'cb.py', '--no-log'], { 'cb.py': source }).stderr).toBe('');
  });

  test('limits can be lowered from the command line', () => {
    const source = 'import asyncio\n\nasync def main():\n    while True:\n        await asyncio.sleep(0)\n\nasyncio.run(main())\n';
    const { stdout } = cli(['run', 'spin.py', '--max-ticks', '50'], { 'spin.py': source });
    expect(stdout.trim()).toBe('END\t0.000\tlimit\tticks: the run reached 50 ticks');
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
    const { status, stderr } = cli(['check', 'with.py'], { 'with.py': 'import asyncio\nimport socket\n' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^with\.py:2:\d+: /);
  });

  test('lists every problem, with hints and carets, then how many', () => {
    const source = 'import asyncio\nimport socket\n\nasync def main()\n    print("hi")\n\nasyncio.run(main())\n';
    const { status, stdout, stderr } = cli(['check', 'p.py'], { 'p.py': source });
    expect(status).toBe(1);
    expect(stdout).toBe('');
    const heads = stderr.split('\n').filter((line) => /^p\.py:\d+:\d+: error: /.test(line));
    expect(heads).toEqual([
      "p.py:4:17: error: expected ':'",
      'p.py:2:8: error: Loopscope does not model the socket module yet',
    ]);
    expect(stderr).toContain('    async def main()\n                    ^\n');
    expect(stderr.endsWith('\n\np.py: 2 problems\n')).toBe(true);
  });

  test('every typographic quote at once, each with its fix', () => {
    const { stderr } = cli(['check', 'q.py'], { 'q.py': 'print(“a”, ‘b’)\n' });
    expect(stderr.match(/hint: replace the typographic quote/g)).toHaveLength(4);
    expect(stderr).toContain("q.py:1:7: error: invalid character '“' (U+201C)\n  hint: replace the typographic quote “ (U+201C, left double quotation mark) with a plain \"");
    expect(stderr.endsWith('q.py: 4 problems\n')).toBe(true);
  });

  test('a file that is not UTF-8: CPython\'s message, located, the bytes shown as \\xNN', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('print(1)\nx = "'), 0xff, 0xfe, 0x22, 0x0a]);
    const { status, stderr } = cli(['check', 'latin.py'], { 'latin.py': bytes });
    expect(status).toBe(1);
    expect(stderr).toBe(
      [
        "latin.py:2:6: error: Non-UTF-8 code starting with '\\xff' on line 2, but no encoding declared",
        '  hint: Loopscope reads scenario files as UTF-8: save the file as UTF-8 text (a binary file is not a scenario)',
        '    x = "\\xff\\xfe"',
        '         ^^^^',
        '',
      ].join('\n'),
    );
  });

  test('a binary file never reaches the terminal raw', () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 37 + 11) % 256);
    for (const argv of [['check', 'b.py'], ['run', 'b.py']]) {
      const { status, stdout, stderr } = cli(argv, { 'b.py': bytes });
      expect(status).toBe(1);
      expect(stderr + stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      expect(stderr.split('\n').every((line) => line.length < 200)).toBe(true);
    }
  });

  test('valid UTF-8 with control characters: escaped in the error output', () => {
    const { stderr } = cli(['check', 'esc.py'], { 'esc.py': 'x = 1 +\x1b[31m\n' });
    expect(stderr).not.toContain('\x1b');
    expect(stderr).toContain('x = 1 +\\x1b[31m');
  });

  test('over the size limit of the app: refused before parsing', () => {
    const { status, stdout, stderr } = cli(['run', 'big.py'], { 'big.py': new Uint8Array(1_000_001).fill(0x20) });
    expect(status).toBe(1);
    expect(stderr).toBe('big.py: error: the file is 1,000,001 bytes; scenarios are at most 1,000,000 bytes\n');
    expect(stdout).toBe('END\t0.000\terror\tScenarioError: the file is 1,000,001 bytes; scenarios are at most 1,000,000 bytes\n');
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
    const expected = `${traceToJSON(trace, readFileSync(file, 'utf8'))}\n`;
    expect(trace.events.length).toBeGreaterThan(7 << 20);
    expect(done.stdout === expected).toBe(true);
  }, 60_000);

  test('`| head -c 100` ends the output without an error', () => {
    const done = spawnSync('bash', ['-c', `set -o pipefail; node bin/loopscope.js run ${file} --format json | head -c 100 >/dev/null`], { encoding: 'utf8' });
    expect(done.stderr).toBe('');
    expect(done.status).toBe(0);
  }, 60_000);
});
