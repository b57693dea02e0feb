/**
 * `loopscope run FILE --format svg|perfetto|html`, driven through runCli with in-memory files: the
 * outputs, the step range and its checks, the options each format takes, and the player page filled
 * with the scenario (the page itself is opened in Chromium by tests/browser/player.test.ts).
 */
import { describe, expect, test } from 'vitest';
import { runCli, type CliIo } from '../../main/cli/cli.ts';
import { traceFromJSON } from '../../scheduler/trace/json.ts';
import { readEmbedded } from '../../renderer/player/embed.ts';
import { checkTraceEventFormat } from '../export/trace-event-format.ts';
import { gallerySource } from '../export/gallery.ts';

const COUNTER = gallerySource('01-counter-sequential-vs-gathered');
const TEMPLATE = `<!doctype html><html><head><title>Loopscope player</title></head><body>
<script type="application/json" id="loopscope-scenario"></script>
<script type="application/json" id="loopscope-trace"></script>
<script>/* the player */</script></body></html>`;

function cli(argv: string[], files: Record<string, string> = { 'counter.py': COUNTER }) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += typeof text === 'string' ? text : new TextDecoder().decode(text)),
    stderr: (text) => (stderr += text),
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    stderrIsTTY: false,
    now: () => 0,
    playerTemplate: () => TEMPLATE,
  };
  return { status: runCli(argv, io), stdout, stderr };
}

describe('loopscope run --format svg', () => {
  test('prints an SVG picture of the run, on the tick axis by default', () => {
    const { status, stdout, stderr } = cli(['run', 'counter.py', '--format', 'svg']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1280" /);
    expect(stdout).toContain('LOOP TICKS');
    expect(stdout).toContain('steps 0–25 of 25');
  });

  test('--from and --to pick steps; --axis, --theme, --width and --hide-shutdown are taken', () => {
    const { status, stdout } = cli(['run', 'counter.py', '--format=svg', '--from', '6', '--to', '18', '--axis', 'time', '--theme', 'dark', '--width', '900', '--hide-shutdown']);
    expect(status).toBe(0);
    expect(stdout).toContain('width="900"');
    expect(stdout).toContain('steps 6–18 of 25');
    expect(stdout).toContain('VIRTUAL TIME');
    expect(stdout).toContain('fill="#171b23"');
    expect(stdout).not.toContain('shutdown_asyncgens');
  });
});

describe('loopscope run --format perfetto', () => {
  test('prints Trace Event Format JSON that passes the schema check', () => {
    const { status, stdout } = cli(['run', 'counter.py', '--format', 'perfetto']);
    expect(status).toBe(0);
    const json = JSON.parse(stdout);
    expect(checkTraceEventFormat(json)).toEqual([]);
    expect(json.otherData.axis).toMatch(/^virtual time/);
  });

  test('a range and the tick axis', () => {
    const { status, stdout } = cli(['run', 'counter.py', '--format', 'perfetto', '--from', '2', '--to', '5', '--axis', 'tick']);
    expect(status).toBe(0);
    const steps = JSON.parse(stdout).traceEvents.filter((e: { ph: string; cat?: string }) => e.ph === 'X' && (e.cat === 'step' || e.cat === 'callback'));
    expect(steps.map((e: { args: { step: number } }) => e.args.step)).toEqual([2, 3, 4]);
  });
});

describe('loopscope run --format html', () => {
  test('fills the player page with the scenario and its trace', () => {
    const { status, stdout } = cli(['run', 'counter.py', '--format', 'html']);
    expect(status).toBe(0);
    expect(stdout).toContain('<title>counter.py — Loopscope</title>');
    const page = stdout;
    const block = (id: string): string | null => {
      const match = new RegExp(`<script type="application/json" id="${id}">([^]*?)</script>`).exec(page);
      return match === null ? null : (match[1] as string);
    };
    const embedded = readEmbedded(block);
    expect(embedded?.scenario).toEqual({ name: 'counter.py', file: 'counter.py', source: COUNTER });
    expect(traceFromJSON(embedded?.traceJSON ?? '').steps).toBe(25);
  });

  test('text that would end a script element stays inside its block', () => {
    const source = 'import asyncio\n\nasync def main():\n    print("</script><script>alert(1)</script> <!-- $& $1")\n\nasyncio.run(main())\n';
    const { status, stdout } = cli(['run', 'evil.py', '--format', 'html'], { 'evil.py': source });
    expect(status).toBe(0);
    expect(stdout.match(/<\/script>/g)).toHaveLength(3);
    expect(stdout).not.toContain('<!--');
    const scenario = /id="loopscope-scenario">([^]*?)<\/script>/.exec(stdout)?.[1] ?? '';
    expect(JSON.parse(scenario).source).toBe(source);
  });

  test('a player that is not built is a clear error', () => {
    const io: CliIo = {
      stdout: () => {},
      stderr: (text) => (err += text),
      readFile: () => COUNTER,
      stderrIsTTY: false,
      now: () => 0,
      playerTemplate: () => {
        throw new Error('the HTML player is not built: run `npm run build:cli`, which builds it');
      },
    };
    let err = '';
    expect(runCli(['run', 'counter.py', '--format', 'html'], io)).toBe(1);
    expect(err).toBe('loopscope: the HTML player is not built: run `npm run build:cli`, which builds it\n');
  });
});

describe('options are checked', () => {
  const cases: [string, string[], RegExp][] = [
    ['an unknown format', ['--format', 'png'], /--format must be transcript, json, svg, perfetto or html/],
    ['--to before --from', ['--format', 'svg', '--from', '5', '--to', '5'], /--to \(5\) must come after --from \(5\)/],
    ['a step that is not a number', ['--format', 'svg', '--from', 'two'], /--from needs a step number/],
    ['--from past the run', ['--format', 'svg', '--from', '25'], /--from 25 is past the run's last step \(the run has 25 steps, 0 to 24\)/],
    ['--to past the run', ['--format', 'perfetto', '--to', '26'], /--to 26 is past the end of the run \(25 steps: the last --to is 25\)/],
    ['a range for the player', ['--format', 'html', '--from', '1'], /--from goes with --format svg or --format perfetto/],
    ['a theme for a trace', ['--format', 'perfetto', '--theme', 'dark'], /--theme goes with --format svg/],
    ['a theme that does not exist', ['--format', 'svg', '--theme', 'blue'], /--theme must be light or dark/],
    ['a silly width', ['--format', 'svg', '--width', '12'], /--width needs a number of pixels from 480 to 20000/],
    ['a range for the transcript', ['--from', '1'], /--from goes with --format svg or --format perfetto/],
  ];
  for (const [what, args, message] of cases) {
    test(what, () => {
      const { status, stdout, stderr } = cli(['run', 'counter.py', ...args]);
      expect(status).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    });
  }
});
