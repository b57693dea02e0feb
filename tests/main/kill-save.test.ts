/**
 * The kill test: a child process saves a scenario in a loop through the app's real atomic save
 * (and backs the same text up through the real hot-exit backup), and is killed with SIGKILL at a
 * random moment, 200 times. After every kill the file is byte for byte one of the versions
 * written (never a truncated or mixed one), the backup is whole and restorable, and temporary
 * files do not pile up. At the end a backup left by a kill is restored through the app's own
 * restore, marked unsaved.
 *
 * What SIGKILL tests is the process dying mid-save: the kernel keeps every write the process
 * completed, so what is checked is the order of the writes and the rename. (fsync matters only
 * when the machine itself stops; atomic-write.test.ts checks that it is called, and in which
 * order.) So the files live in /dev/shm where there is one: on a busy shared disk an fsync can
 * take seconds, and 200 of them would make this test slow for nothing it shows.
 *
 * Speed: the child is bundled once (esbuild, without zod) so each start is a plain `node file.mjs`; four lanes
 * (each its own file and Backups folder) run side by side. The kill moments come from a seeded
 * generator, so a run can be repeated.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { BackupStore } from '../../main/electron/backups.ts';
import { random, versionOf, versionText } from './fixtures/save-loop.ts';
import { desk } from './desk.ts';
import { ROOT, sleep, tempDir } from './support.ts';

const KILLS = 200;
const LANES = 4;
const KEY = '00000000000000aa';

let child = '';

beforeAll(async () => {
  child = join(tempDir('loopscope-kill-'), 'save-loop.mjs');
  await build({
    entryPoints: [join(ROOT, 'tests/main/fixtures/save-loop.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    minify: true,
    outfile: child,
    logLevel: 'warning',
    // The child only writes backups; reading and checking them (with the real zod schema) is the
    // parent's part. So zod, half of the child's start-up, becomes an inert stand-in there: every
    // schema call returns it again. The code that writes (backupOf, BackupStore, HotExit,
    // writeFileAtomic) is the app's own.
    plugins: [
      {
        name: 'inert-zod',
        setup(bundler) {
          bundler.onResolve({ filter: /^zod$/ }, () => ({ path: 'zod', namespace: 'inert-zod' }));
          bundler.onLoad({ filter: /.*/, namespace: 'inert-zod' }, () => ({
            contents: 'const inert = new Proxy(function () {}, { get: () => inert, apply: () => inert }); export const z = inert;',
            loader: 'js',
          }));
        },
      },
    ],
  });
}, 60_000);

/** A folder in memory (tmpfs) where there is one, removed after the test. */
function memoryDir(): string {
  if (!existsSync('/dev/shm')) return tempDir('loopscope-kill-');
  const dir = mkdtempSync('/dev/shm/loopscope-kill-');
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const temporaries = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.loopscope-tmp')) : []);

/** Start a child, wait until it is saving, let it run a random moment more, kill it. */
async function startAndKill(file: string, backups: string, run: number, delayMs: number): Promise<void> {
  const process_ = spawn(process.execPath, [child, file, backups, KEY, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  process_.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => process_.on('exit', (code, signal) => resolve(signal ?? code)));
  await new Promise<void>((resolve, reject) => {
    process_.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    void exited.then((how) => reject(new Error(`the saving child stopped on its own (${String(how)}): ${errors}`)));
  });
  await sleep(delayMs);
  process_.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

interface Lane {
  dir: string;
  file: string;
  backups: string;
  killedMidSave: number;
}

async function runLane(lane: Lane, laneIndex: number, kills: number): Promise<void> {
  const next = random(0x5eed + laneIndex);
  const store = new BackupStore(lane.backups);
  for (let k = 0; k < kills; k++) {
    const run = laneIndex * 1000 + k;
    await startAndKill(lane.file, lane.backups, run, Math.floor(next() * 25));

    // The file: exactly one version this run wrote, byte for byte.
    const text = readFileSync(lane.file, 'utf8');
    const version = versionOf(text);
    expect(version, `kill ${run}: the file has no version header (truncated?)`).not.toBeNull();
    expect(version!.run, `kill ${run}: the file is from another run`).toBe(run);
    expect(text === versionText(version!.run, version!.index), `kill ${run}: the file is not version ${version!.index} byte for byte`).toBe(true);

    // The backup: whole, parseable, one of this run's versions.
    const backup = await store.read(KEY);
    expect(backup, `kill ${run}: the backup is unreadable`).not.toBeNull();
    const backedUp = versionOf(backup!.source);
    expect(backedUp?.run).toBe(run);
    expect(backup!.source === versionText(backedUp!.run, backedUp!.index)).toBe(true);

    // A killed save leaves its temporary file; the next save sweeps it, so there is never more than one.
    const left = temporaries(lane.dir).length + temporaries(lane.backups).length;
    expect(left, `kill ${run}: temporary files pile up`).toBeLessThanOrEqual(2);
    if (left > 0) lane.killedMidSave++;
  }
}

describe(`saving while being killed with SIGKILL (${KILLS} times)`, () => {
  it('always leaves one whole version of the file, and a restorable backup', async () => {
    const started = Date.now();
    const lanes: Lane[] = Array.from({ length: LANES }, () => {
      const dir = memoryDir();
      const backups = join(dir, 'Backups');
      mkdirSync(backups);
      return { dir, file: join(dir, 'killed.py'), backups, killedMidSave: 0 };
    });
    await Promise.all(lanes.map((lane, index) => runLane(lane, index, KILLS / LANES)));
    const midSave = lanes.reduce((sum, lane) => sum + lane.killedMidSave, 0);
    console.log(`kill test: ${KILLS} kills in ${((Date.now() - started) / 1000).toFixed(1)} s; ${midSave} of them landed mid-save (a temporary file was left)`);
    // The kills did land inside saves, not only between them.
    expect(midSave).toBeGreaterThan(0);

    // The app's own restore, on the backup the last kill left.
    const lane = lanes[0]!;
    const d = desk({ backupsDir: lane.backups });
    expect(await d.session.restoreBackup()).toBe(true);
    const restored = d.delivered[0]!;
    expect(restored).toMatchObject({ name: 'Untitled-1', unsaved: true });
    const version = versionOf(restored.source)!;
    expect(restored.source).toBe(versionText(version.run, version.index));
    expect(d.document?.dirty).toBe(true);
    d.controller.close();
  }, 600_000);
});
