/** The process around runCli: real files, real streams, the exit status. */
import { readFileSync, writeSync } from 'node:fs';
import { runCli } from './cli.ts';

/**
 * Write all of `bytes` to standard output before returning, as runCli requires (it refills the
 * buffer next). A pipe opened non-blocking by another process may refuse for a moment (EAGAIN):
 * wait a millisecond and go on. A reader that went away (`loopscope run f.py | head`) ends the
 * output quietly, as it would for any Unix filter.
 */
function writeAllToStdout(bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset, bytes.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(0);
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

const status = runCli(process.argv.slice(2), {
  stdout: (text) => writeAllToStdout(typeof text === 'string' ? Buffer.from(text, 'utf8') : text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
  stderrIsTTY: process.stderr.isTTY === true,
  now: () => performance.now(),
});
process.exitCode = status;
