/**
 * The scenario named on a command line: `loopscope counter.py`, or `electron . counter.py` in
 * development. Chromium and Playwright add switches (`--inspect=0`, `--allow-file-access...`),
 * and in development the first argument after Electron is the app folder, so both are skipped.
 * The result is validated later like any other path (it may well not be a .py file).
 */
export function scenarioArgument(argv: readonly string[], defaultApp: boolean): string | null {
  const positional = argv.slice(1).filter((arg) => !arg.startsWith('-'));
  if (defaultApp) positional.shift();
  return positional[0] ?? null;
}
