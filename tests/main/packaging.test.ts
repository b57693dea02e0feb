/**
 * Packaging, offline. Builds the app (electron-vite) into a staging folder and packs it with
 * electron-builder using the project's real electron-builder.yml, then looks inside.
 *
 * Offline limits (ENVIRONMENT.md): electron-builder cannot download Electron, the AppImage
 * tooling or fpm here, so it packs `--linux dir` against a stub Electron distribution (a fake
 * `electron` executable and a `version` file). That still validates the whole config against
 * electron-builder's schema (mac, win and linux sections alike; a bad key fails the run) and
 * produces the real resources/ folder: app.asar, app.asar.unpacked and extraResources.
 * dmg, nsis, AppImage and deb themselves are built by `npm run dist` on a connected machine.
 *
 * Takes about 10 s (three tool runs).
 */
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GALLERY, ROOT } from './support.ts';

const run = promisify(execFile);

interface AsarEntry {
  files?: Record<string, AsarEntry>;
  unpacked?: boolean;
  size?: number;
}

/** The file list of an asar archive, from its JSON header (a pickled string after 16 bytes). */
function listAsar(path: string): Map<string, AsarEntry> {
  const buffer = readFileSync(path);
  const headerLength = buffer.readUInt32LE(12);
  const header = JSON.parse(buffer.subarray(16, 16 + headerLength).toString('utf8')) as AsarEntry;
  const files = new Map<string, AsarEntry>();
  const walk = (entry: AsarEntry, prefix: string) => {
    for (const [name, child] of Object.entries(entry.files ?? {})) {
      const path = `${prefix}/${name}`;
      if (child.files) walk(child, path);
      else files.set(path, child);
    }
  };
  walk(header, '');
  return files;
}

/** Every module specifier a built file imports or requires. */
function importsOf(code: string): string[] {
  const specifiers = new Set<string>();
  for (const match of code.matchAll(/^\s*import\s[^'"]*?from\s*["']([^"']+)["']/gm)) specifiers.add(match[1]!);
  for (const match of code.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) specifiers.add(match[1]!);
  for (const match of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) specifiers.add(match[1]!);
  for (const match of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) specifiers.add(match[1]!);
  return [...specifiers].sort();
}

/** @electron/fuses' marker before the fuse wire in Electron's binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * Electron's fuses as it ships them, in wire order: RunAsNode on, cookie encryption off,
 * NODE_OPTIONS on, --inspect on, asar integrity off, only-from-asar off, browser V8 snapshot off,
 * file:// privileges on ('1' enabled, '0' disabled).
 */
const SHIPPED_FUSES = '10110001';

const electronBuilder = join(ROOT, 'node_modules/electron-builder/cli.js');
const electronVite = join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js');

let stage = '';
let out = '';
let resources = '';

beforeAll(async () => {
  stage = mkdtempSync(join(tmpdir(), 'loopscope-pack-'));
  out = join(stage, 'out');
  await run(process.execPath, [electronVite, 'build', '--outDir', out, '--logLevel', 'warn'], { cwd: ROOT });

  // The project as electron-builder sees it, with the fresh build as its out/.
  copyFileSync(join(ROOT, 'package.json'), join(stage, 'package.json'));
  copyFileSync(join(ROOT, 'electron-builder.yml'), join(stage, 'electron-builder.yml'));
  for (const name of ['build', 'scenarios', 'docs', 'node_modules']) symlinkSync(join(ROOT, name), join(stage, name));

  const electronDist = join(stage, 'electron-stub');
  mkdirSync(electronDist);
  // The stub carries the fuse wire of a real Electron binary (its sentinel, then version 1 and
  // Electron 45's eight fuses as it ships them), so electron-builder flips fuses in it as it
  // would in the real one.
  writeFileSync(join(electronDist, 'electron'), Buffer.concat([Buffer.from(`#!/bin/sh\nexit 0\n# ${FUSE_SENTINEL}`), Buffer.from([1, SHIPPED_FUSES.length]), Buffer.from(SHIPPED_FUSES)]));
  chmodSync(join(electronDist, 'electron'), 0o755);
  const electronVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')).version as string;
  writeFileSync(join(electronDist, 'version'), electronVersion);

  await run(process.execPath, [electronBuilder, '--linux', 'dir', '--projectDir', stage, `-c.electronDist=${electronDist}`], { cwd: stage });
  resources = join(stage, 'dist', 'linux-unpacked', 'resources');
}, 120_000);

afterAll(() => {
  if (stage !== '') rmSync(stage, { recursive: true, force: true });
});

describe('the build (electron-vite)', () => {
  it('emits the three entry points and no shared chunks', () => {
    expect(readdirSync(join(out, 'main')).sort()).toEqual(['main.js', 'run-worker.mjs']);
    expect(readdirSync(join(out, 'preload'))).toEqual(['preload.cjs']);
    expect(existsSync(join(out, 'renderer', 'index.html'))).toBe(true);
  });

  it('bundles the sandboxed preload: it requires nothing but electron', () => {
    expect(importsOf(readFileSync(join(out, 'preload', 'preload.cjs'), 'utf8'))).toEqual(['electron']);
  });

  it('bundles main: only electron and Node builtins, nothing from node_modules', () => {
    const imports = importsOf(readFileSync(join(out, 'main', 'main.js'), 'utf8'));
    expect(imports).toContain('electron');
    for (const specifier of imports) expect(specifier === 'electron' || specifier.startsWith('node:'), specifier).toBe(true);
  });

  it('minifies the renderer: no script has lines that close a block, as unminified code does on every few lines', () => {
    // Line length alone misleads: the workers embed the Python of the modelled standard library
    // (asyncio's streams, contextlib...) as template strings, whose own lines are short. Python has
    // no braces; unminified JavaScript closes a block on a line of its own every few lines.
    const assets = join(out, 'renderer', 'assets');
    const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const name of scripts) {
      const lines = readFileSync(join(assets, name), 'utf8').split('\n');
      const closers = lines.filter((line) => /^\s*\}/.test(line)).length;
      expect(closers / lines.length, name).toBeLessThan(0.02);
    }
  });

  it('makes the scheduler worker stand alone: Node builtins only, no relative chunk, no electron', () => {
    const imports = importsOf(readFileSync(join(out, 'main', 'run-worker.mjs'), 'utf8'));
    expect(imports.length).toBeGreaterThan(0);
    for (const specifier of imports) expect(specifier.startsWith('node:'), specifier).toBe(true);
  });
});

describe('the package (electron-builder --linux dir, offline)', () => {
  it('packs the desktop build and package.json into app.asar, and nothing else', () => {
    const files = listAsar(join(resources, 'app.asar'));
    const paths = [...files.keys()];
    for (const expected of ['/package.json', '/out/main/main.js', '/out/main/run-worker.mjs', '/out/preload/preload.cjs', '/out/renderer/index.html']) {
      expect(paths, expected).toContain(expected);
    }
    expect(paths.some((path) => path.startsWith('/out/renderer/assets/') && path.endsWith('.js'))).toBe(true);
    expect(paths.filter((path) => /node_modules|^\/out\/(web|cli)\/|\.map$|^\/(main|renderer|scheduler|tests|scenarios)\//.test(path))).toEqual([]);
    const packed = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(paths).toContain(`/${packed.main}`);
  });

  it("flips Electron's fuses as the security checklist asks (electronFuses in electron-builder.yml)", () => {
    const unpacked = join(stage, 'dist', 'linux-unpacked');
    const executable = readdirSync(unpacked).find((name) => readFileSync(join(unpacked, name)).includes(FUSE_SENTINEL));
    expect(executable, 'the packaged executable').toBeDefined();
    const binary = readFileSync(join(unpacked, executable!));
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    expect(binary[at]).toBe(1); // fuse wire version
    const wire = binary.subarray(at + 2, at + 2 + binary[at + 1]!).toString('latin1');
    const fuse = (index: number) => (wire[index] === '1' ? 'on' : 'off');
    expect({
      runAsNode: fuse(0),
      cookieEncryption: fuse(1),
      nodeOptions: fuse(2),
      nodeCliInspect: fuse(3),
      asarIntegrity: fuse(4),
      onlyLoadAppFromAsar: fuse(5),
      browserV8Snapshot: fuse(6),
      fileProtocolPrivileges: fuse(7),
    }).toEqual({
      runAsNode: 'off',
      cookieEncryption: 'on',
      nodeOptions: 'off',
      nodeCliInspect: 'off',
      asarIntegrity: 'on',
      onlyLoadAppFromAsar: 'on',
      browserV8Snapshot: 'off',
      fileProtocolPrivileges: 'off',
    });
  });

  it('unpacks the scheduler worker beside the asar', () => {
    expect(listAsar(join(resources, 'app.asar')).get('/out/main/run-worker.mjs')?.unpacked).toBe(true);
    expect(existsSync(join(resources, 'app.asar.unpacked', 'out', 'main', 'run-worker.mjs'))).toBe(true);
  });

  it('ships the gallery and the language guide as extraResources', () => {
    const gallery = readdirSync(GALLERY).filter((name) => name.endsWith('.py')).sort();
    expect(readdirSync(join(resources, 'scenarios')).sort()).toEqual(gallery);
    expect(readFileSync(join(resources, 'docs', 'scenario-language.md'), 'utf8')).toBe(readFileSync(join(ROOT, 'docs', 'scenario-language.md'), 'utf8'));
  });

  it('the packaged worker plays a gallery scenario from the package folder, with no node_modules in reach', async () => {
    const worker = new Worker(join(resources, 'app.asar.unpacked', 'out', 'main', 'run-worker.mjs'));
    try {
      const reply = await new Promise<{ type: string; trace: { events: Int32Array; end: { kind: string } } }>((resolve, reject) => {
        worker.on('message', (message: { type: string }) => {
          if (message.type !== 'progress') resolve(message as never);
        });
        worker.on('error', reject);
        worker.postMessage({ id: 1, source: readFileSync(join(resources, 'scenarios', '05-producer-consumer-bounded-queue.py'), 'utf8'), file: 'scenarios/05.py' });
      });
      expect(reply.type).toBe('done');
      expect(reply.trace.events).toBeInstanceOf(Int32Array);
      expect(reply.trace.events.length).toBeGreaterThan(100);
      expect(reply.trace.end.kind).toBe('ok');
    } finally {
      await worker.terminate();
    }
  });

  it('electron-builder validates the configuration: an unknown key fails fast', async () => {
    const failure = await run(process.execPath, [electronBuilder, '--linux', 'dir', '--projectDir', stage, '-c.notAnOption=1'], { cwd: stage }).then(
      () => null,
      (error: { stdout: string; stderr: string }) => error,
    );
    expect(failure).not.toBeNull();
    expect(`${failure!.stdout}${failure!.stderr}`).toMatch(/configuration has an unknown property 'notAnOption'/);
  });
});
