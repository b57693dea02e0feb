/** The process around runCli: real files, real streams, the exit status. */
import { readFileSync } from 'node:fs';
import { runCli } from './cli.ts';

const status = runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
  stderrIsTTY: process.stderr.isTTY === true,
  now: () => performance.now(),
});
process.exitCode = status;
