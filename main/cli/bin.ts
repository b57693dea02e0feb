/** The process around runCli: real files, real streams, the exit status. */
import { existsSync, readFileSync, writeSync } from 'node:fs';
import { BackgroundWriter, WriteError } from './background-writer.ts';
import { runCli } from './cli.ts';
import type { NumberWriter } from '../../scheduler/trace/json.ts';

/** Output from this size on (a trace's JSON comes a megabyte at a time) is written by a helper thread. */
const BULK_BYTES = 1 << 18;

/**
 * Write all of `bytes` to standard output before returning, as runCli requires (it refills the
 * buffer next). A pipe opened non-blocking by another process may refuse for a moment (EAGAIN):
 * wait a millisecond and go on.
 */
function writeAllToStdout(bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset, bytes.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') throw new WriteError(true);
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

/**
 * Standard output. Bulk writes go through a BackgroundWriter, so that a long trace is written while
 * the rest is produced; small ones go straight out unless the writer still has some to write
 * before them. A short trace's JSON is then written without waiting for the thread to start.
 */
const output: { background: BackgroundWriter | null } = { background: null };
const writer = (): BackgroundWriter => (output.background ??= new BackgroundWriter(1));
function stdout(text: string | Uint8Array): void {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  if (bytes.length >= BULK_BYTES || (output.background !== null && !output.background.idle())) writer().write(bytes);
  else writeAllToStdout(bytes);
}

/** A trace's numbers: the writer thread turns them into text while the run goes on. */
const stdoutNumbers: NumberWriter = {
  ints: (words, afterOthers) => writer().ints(words, afterOthers),
  holdFloats: (values, afterOthers) => writer().holdFloats(values, afterOthers),
  writeHeldFloats: () => writer().writeHeldFloats(),
};

/**
 * The standalone player page, built by `npm run build:cli` next to the CLI's bundle: out/player/,
 * two folders up from out/cli/loopscope.mjs as from main/cli/bin.ts.
 */
function playerTemplate(): string {
  const page = new URL('../../out/player/player.html', import.meta.url);
  if (!existsSync(page)) throw new Error('the HTML player is not built: run `npm run build:cli`, which builds it');
  return readFileSync(page, 'utf8');
}

try {
  const status = runCli(process.argv.slice(2), {
    stdout,
    stdoutNumbers,
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFileSync(path),
    stderrIsTTY: process.stderr.isTTY === true,
    now: () => performance.now(),
    playerTemplate,
  });
  output.background?.finish();
  process.exitCode = status;
} catch (error) {
  if (!(error instanceof WriteError)) throw error;
  // A reader that went away (`loopscope run f.py --format json | head`) ends the output quietly,
  // as for any Unix filter; any other failure to write is an error.
  if (!error.brokenPipe) {
    process.stderr.write(`loopscope: ${error.message}\n`);
    process.exitCode = 1;
  }
}
