/**
 * Security scan: Doyensec's Electronegativity over the project, offline. Its command always exits
 * 0, so its findings are read here: any HIGH or CRITICAL finding in our code (main/, renderer/, or
 * a global check, reported as file N/A) fails the test unless it is listed in EXCEPTIONS with a
 * reason, and so does any MEDIUM one not explained in KNOWN. Build output (out/, dist/) and node_modules are not ours to judge. Every finding, gating
 * or not, is printed for review.
 *
 * The scanner runs in a child process through its runner, which returns the findings, rather than
 * through its command's CSV report: the command writes the report's header and rows with two
 * writeFile calls that race, and on a busy machine the rows land first and are overwritten.
 *
 * The scanner's attempts to fetch translations and Electron's release list are answered offline
 * (see SCAN): they do not change the checks.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './support.ts';

const run = promisify(execFile);

interface Finding {
  issue: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
  description: string;
}

/**
 * The scanner's runner (what its command calls), given the folder to scan; prints the findings as
 * JSON, paths relative to the folder as the command's -r gives them.
 */
const SCAN = `
// Offline by design: the scanner's two network calls (translations, Electron's release list)
// meet a 'got' that fails at once, which it handles ("No connectivity?"). With the real one,
// Node 24 crashed the scan ("The onCancel handler was attached after the promise settled",
// from got's p-cancelable) when the requests failed.
const Module = require('node:module');
const { dirname } = require('node:path');
const gotPath = require.resolve('got', { paths: [dirname(process.argv[1])] });
const offline = () => Promise.reject(new Error('the scan runs offline'));
offline.head = offline;
const stub = new Module(gotPath);
stub.filename = gotPath;
stub.loaded = true;
stub.exports = Object.assign(offline, { default: offline });
require.cache[gotPath] = stub;

const runner = require(process.argv[1]);
const scan = runner.default ?? runner;
scan({ input: process.argv[2], isRelative: true, customScan: [], excludeFromScan: [], parserPlugins: [], isVerbose: false }, false).then(
  (result) => {
    const findings = result.issues.map((issue) => ({
      issue: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file,
      location: issue.location.line + ':' + issue.location.column,
      sample: issue.sample == null ? 'N/A' : String(issue.sample),
      description: issue.description,
    }));
    process.stdout.write(JSON.stringify({ findings, errors: result.errors.length }));
  },
  (error) => {
    console.error(error && error.stack ? error.stack : String(error));
    process.exit(1);
  },
);
`;

/**
 * Findings that are reviewed and accepted. Each needs the check, the file, and why it is safe.
 * Currently none: the MEDIUM findings do not gate, and they are explained in the printout.
 */
const EXCEPTIONS: { issue: string; file: string; reason: string }[] = [];

/** MEDIUM findings we know, and why each stays (printed with the report); any other MEDIUM fails. */
const KNOWN: Record<string, string> = {
  PRELOAD_JS_CHECK: 'the preload exposes only PreloadApi via contextBridge (main/preload/api.ts, tests/main/preload-api.test.ts)',
  CSP_GLOBAL_CHECK:
    'the CSP is sent as a response header by the app:// handler (main/electron/app-protocol.ts); the scanner only recognises literal header strings',
};

const isOurs = (file: string) => file === 'N/A' || /^(main|renderer)\//.test(file.replace(/^\.\//, ''));

async function scan(folder: string): Promise<Finding[]> {
  const scanner = join(ROOT, 'node_modules/@doyensec/electronegativity/dist/runner.js');
  const { stdout } = await run(process.execPath, ['-e', SCAN, scanner, folder], { cwd: folder, maxBuffer: 64 * 1024 * 1024 });
  // The scanner prints a little of its own (failed fetches) before the JSON.
  return (JSON.parse(stdout.slice(stdout.indexOf('{"findings"'))) as { findings: Finding[] }).findings;
}

/**
 * The findings that fail the build: in our code, every HIGH or CRITICAL one (unless reviewed in
 * EXCEPTIONS), and every MEDIUM one that is not explained in KNOWN: each MEDIUM is fixed or
 * justified here.
 */
function gating(findings: Finding[]): string[] {
  const gates = (f: Finding) =>
    f.severity === 'HIGH' || f.severity === 'CRITICAL' ? !EXCEPTIONS.some((e) => e.issue === f.issue && e.file === f.file) : f.severity === 'MEDIUM' && KNOWN[f.issue] === undefined;
  return findings.filter((f) => isOurs(f.file) && gates(f)).map((f) => `${f.severity} ${f.issue} ${f.file}:${f.location} ${f.description}`);
}

describe('electronegativity', () => {
  it('finds nothing HIGH or CRITICAL in our code, and only explained MEDIUM findings', async () => {
    // Scan a copy of what ships (the Electron code, the renderer, package.json): other tests
    // build into out/ meanwhile, and a file caught half-written there would garble the report.
    const scanned = tempDir('loopscope-eg-');
    for (const part of ['main', 'renderer', 'package.json']) cpSync(join(ROOT, part), join(scanned, part), { recursive: true });
    const findings = await scan(scanned);

    const lines = findings.map(
      (f) => `  ${f.severity.padEnd(8)} ${f.issue} ${f.file}:${f.location}${isOurs(f.file) ? '' : ' (not ours)'}${KNOWN[f.issue] ? ` (known: ${KNOWN[f.issue]})` : ''}`,
    );
    console.log(`electronegativity: ${findings.length} findings\n${lines.join('\n')}`);

    // The scan really read our sources (a parse failure would otherwise look like a clean bill).
    expect(findings.some((f) => f.file === 'main/electron/main.ts')).toBe(true);

    expect(gating(findings)).toEqual([]);
  }, 120_000);

  it('the gate catches what the scanner finds in an insecure app, and only in its own code', async () => {
    const app = tempDir('loopscope-eg-insecure-');
    const insecure =
      "const { BrowserWindow } = require('electron');\n" +
      'const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n' +
      "win.loadURL('http://example.com');\n";
    for (const folder of ['main', 'out']) {
      mkdirSync(join(app, folder));
      writeFileSync(join(app, folder, 'main.js'), insecure); // out/: a built copy, not ours to judge
    }
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'insecure', main: 'main/main.js', devDependencies: { electron: '45.4.1' } }));
    const findings = await scan(app);
    expect(findings.some((f) => f.file === 'out/main.js' && f.severity === 'HIGH')).toBe(true);
    expect(gating(findings).sort()).toEqual([
      'HIGH CONTEXT_ISOLATION_JS_CHECK main/main.js:2:73 Review the use of the contextIsolation option',
      'HIGH LIMIT_NAVIGATION_GLOBAL_CHECK N/A:0:0 Missing navigation limits using .on new-window and will-navigate events',
      'MEDIUM AUXCLICK_JS_CHECK main/main.js:2:12 Limit navigation flows to untrusted origins. Middle-click may cause Electron to open a link within a new window',
      'MEDIUM HTTP_RESOURCES_JS_CHECK main/main.js:3:0 Do not allow insecure HTTP connections',
      'MEDIUM PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK N/A:0:0 Missing PermissionRequestHandler to limit specific permissions (e.g. openExternal) in response to events from particular origins.',
      'MEDIUM SANDBOX_JS_CHECK main/main.js:2:98 Use sandbox for untrusted origins',
    ]);
  }, 120_000);
});
