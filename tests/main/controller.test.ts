/**
 * Opening scenarios and live reload, end to end below Electron: real files in a temporary folder,
 * the real file watcher, and a scripted runner. Shows: an opened file plays; a save replays it
 * with reload: true; a touch without changes does not; a newer open wins over an older one still
 * running; errors reach the person; the gallery resolves names only inside scenarios/.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedScenario } from '../../main/common/contract.ts';
import { ScenarioController, type OpenOrigin } from '../../main/electron/controller.ts';
import type { ScenarioDocument } from '../../main/electron/document.ts';
import type { RunJob } from '../../main/electron/runner.ts';
import { GALLERY, sleep, tempDir, waitFor } from './support.ts';

/** A runner that plays instantly (or when told) and returns the job as a LoadedScenario. */
function scriptedRunner(options: { manual?: boolean } = {}) {
  const jobs: RunJob[] = [];
  const pending: { job: RunJob; resolve: (value: LoadedScenario | null) => void }[] = [];
  const loaded = (job: RunJob): LoadedScenario => ({
    file: job.file,
    name: job.name,
    source: job.source,
    reload: job.reload,
    outcome: { kind: 'error', error: { kind: 'syntax', file: job.file, line: 1, column: 1, endLine: 1, endColumn: 2, message: 'stub' } },
  });
  const run = (job: RunJob): Promise<LoadedScenario | null> => {
    jobs.push(job);
    // Like the real runner: a new run supersedes the one in progress (it resolves null).
    for (const superseded of pending.splice(0)) superseded.resolve(null);
    if (!options.manual) return Promise.resolve(loaded(job));
    return new Promise((resolve) => pending.push({ job, resolve }));
  };
  const finish = () => {
    const next = pending.shift();
    next?.resolve(loaded(next.job));
  };
  return { run, jobs, finish };
}

function setup(options: { manual?: boolean } = {}) {
  const runner = scriptedRunner(options);
  const delivered: LoadedScenario[] = [];
  const errors: [string, string][] = [];
  const opened: [ScenarioDocument, OpenOrigin][] = [];
  const forgotten: string[] = [];
  const controller = new ScenarioController({
    run: runner.run,
    deliver: (scenario) => delivered.push(scenario),
    galleryDir: GALLERY,
    reportError: (title, message) => errors.push([title, message]),
    opened: (scenario, origin) => opened.push([scenario, origin]),
    forgetRecent: (path) => forgotten.push(path),
  });
  return { controller, runner, delivered, errors, opened, forgotten };
}

describe('ScenarioController', () => {
  it('opens a file, plays it, and replays it with reload: true when it is saved', async () => {
    const dir = tempDir();
    const file = join(dir, 'counter.py');
    writeFileSync(file, 'print("v1")\n');
    const { controller, delivered, opened } = setup();
    try {
      expect(await controller.openPath(file, 'dialog')).toBe(true);
      expect(delivered).toEqual([expect.objectContaining({ file, name: 'counter.py', source: 'print("v1")\n', reload: false })]);
      expect(opened).toEqual([[expect.objectContaining({ path: file, display: file, name: 'counter.py', kind: 'file' }), 'dialog']]);

      await sleep(50);
      writeFileSync(file, 'print("v2")\n');
      await waitFor(() => delivered.length === 2, 3000, 'the replay after a save');
      expect(delivered[1]).toMatchObject({ file, source: 'print("v2")\n', reload: true });

      // An editor saving by rename is seen too.
      writeFileSync(join(dir, 'counter.py.tmp'), 'print("v3")\n');
      renameSync(join(dir, 'counter.py.tmp'), file);
      await waitFor(() => delivered.length === 3, 3000, 'the replay after an atomic save');
      expect(delivered[2]).toMatchObject({ source: 'print("v3")\n', reload: true });
      expect(opened).toHaveLength(1); // a reload is not a new open
    } finally {
      controller.close();
    }
  });

  it('does not replay when a save leaves the text unchanged', async () => {
    const dir = tempDir();
    const file = join(dir, 'same.py');
    writeFileSync(file, 'x = 1\n');
    const { controller, delivered, runner } = setup();
    try {
      await controller.openPath(file, 'argv');
      await sleep(50);
      writeFileSync(file, 'x = 1\n');
      await sleep(400);
      expect(runner.jobs).toHaveLength(1);
      expect(delivered).toHaveLength(1);
    } finally {
      controller.close();
    }
  });

  it('File ▸ Reload replays even an unchanged file', async () => {
    const dir = tempDir();
    const file = join(dir, 'same.py');
    writeFileSync(file, 'x = 1\n');
    const { controller, delivered } = setup();
    try {
      await controller.openPath(file, 'argv');
      expect(await controller.reload()).toBe(true);
      expect(delivered.map((scenario) => scenario.reload)).toEqual([false, true]);
    } finally {
      controller.close();
    }
  });

  it('stops watching the previous file when another one is opened', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.py');
    const b = join(dir, 'b.py');
    writeFileSync(a, 'a = 1\n');
    writeFileSync(b, 'b = 1\n');
    const { controller, delivered } = setup();
    try {
      await controller.openPath(a, 'dialog');
      await controller.openPath(b, 'drop');
      await sleep(50);
      writeFileSync(a, 'a = 2\n');
      await sleep(400);
      expect(delivered.map((scenario) => scenario.name)).toEqual(['a.py', 'b.py']);
      writeFileSync(b, 'b = 2\n');
      await waitFor(() => delivered.length === 3, 3000, 'the replay of b');
      expect(delivered[2]).toMatchObject({ name: 'b.py', reload: true });
    } finally {
      controller.close();
    }
  });

  it('shows the newest scenario when an older run finishes late', async () => {
    const dir = tempDir();
    const slow = join(dir, 'slow.py');
    const fast = join(dir, 'fast.py');
    writeFileSync(slow, 'slow = 1\n');
    writeFileSync(fast, 'fast = 1\n');
    const { controller, runner, delivered } = setup({ manual: true });
    try {
      const first = controller.openPath(slow, 'dialog');
      await waitFor(() => runner.jobs.length === 1, 2000, 'the first run');
      const second = controller.openPath(fast, 'dialog');
      await waitFor(() => runner.jobs.length === 2, 2000, 'the second run');
      runner.finish();
      await Promise.all([first, second]);
      expect(delivered.map((scenario) => scenario.name)).toEqual(['fast.py']);
    } finally {
      controller.close();
    }
  });

  it('reports files that cannot be opened, and forgets broken recent entries', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const { controller, errors, delivered, forgotten } = setup();
    expect(await controller.openPath(join(dir, 'notes.txt'), 'drop')).toBe(false);
    expect(await controller.openPath(join(dir, 'gone.py'), 'recent')).toBe(false);
    expect(errors).toEqual([
      ['Cannot open the scenario', expect.stringMatching(/Python scenario files \(\.py\); “notes\.txt” is not one/)],
      ['Cannot open the scenario', expect.stringMatching(/There is no file “.*gone\.py”/)],
    ]);
    expect(forgotten).toEqual([join(dir, 'gone.py')]);
    expect(delivered).toEqual([]);
    expect(controller.document).toBeNull();
  });

  it('reports a run that fails', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.py'), 'a = 1\n');
    const errors: [string, string][] = [];
    const controller = new ScenarioController({
      run: () => Promise.reject(new Error('the scheduler worker exited (code 1)')),
      deliver: () => {},
      galleryDir: GALLERY,
      reportError: (title, message) => errors.push([title, message]),
    });
    try {
      expect(await controller.openPath(join(dir, 'a.py'), 'dialog')).toBe(true);
      expect(errors).toEqual([['The scenario could not be played', 'the scheduler worker exited (code 1)']]);
    } finally {
      controller.close();
    }
  });

  it('opens a gallery scenario as scenarios/NAME, and refuses names outside the gallery', async () => {
    const { controller, delivered, errors, opened } = setup();
    try {
      expect(await controller.openGallery('17-deadlock-two-locks.py')).toBe(true);
      expect(delivered[0]).toMatchObject({ file: 'scenarios/17-deadlock-two-locks.py', name: '17-deadlock-two-locks.py', reload: false });
      expect(opened[0]![0]).toMatchObject({ path: join(GALLERY, '17-deadlock-two-locks.py'), kind: 'gallery' });
      expect(await controller.openGallery('../package.json')).toBe(false);
      expect(await controller.openGallery('../../etc/passwd')).toBe(false);
      expect(errors.map(([, message]) => message)).toEqual([
        '“../package.json” is not the name of a gallery scenario.',
        '“../../etc/passwd” is not the name of a gallery scenario.',
      ]);
      expect(controller.document?.name).toBe('17-deadlock-two-locks.py');
    } finally {
      controller.close();
    }
  });

  it('after close, saves no longer replay', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.py');
    writeFileSync(file, 'a = 1\n');
    const { controller, delivered } = setup();
    await controller.openPath(file, 'dialog');
    controller.close();
    writeFileSync(file, 'a = 2\n');
    await sleep(400);
    expect(delivered).toHaveLength(1);
    expect(await controller.reload()).toBe(false);
  });

  it('opens a saved trace (.json) through the runner, as recorded: its scenario text becomes an untitled document; a refused one is reported', async () => {
    const dir = tempDir();
    const file = join(dir, 'recorded.json');
    writeFileSync(file, '{}');
    const delivered: LoadedScenario[] = [];
    const errors: [string, string][] = [];
    const jobs: RunJob[] = [];
    const controller = new ScenarioController({
      run: async (job) => {
        jobs.push(job);
        if (job.tracePath?.endsWith('bad.json')) throw new Error('bad.json:1:9: the file ends in the middle of the trace');
        return { file: job.file, name: job.name, source: 'print("recorded")\n', reload: false, outcome: { kind: 'error', error: { kind: 'syntax', file: job.file, line: 1, column: 1, endLine: 1, endColumn: 2, message: 'stub' } } };
      },
      deliver: (scenario) => delivered.push(scenario),
      galleryDir: GALLERY,
      reportError: (title, message) => errors.push([title, message]),
    });
    try {
      expect(await controller.openPath(file, 'dialog')).toBe(true);
      expect(jobs).toEqual([expect.objectContaining({ tracePath: file, file: 'recorded.json', name: 'recorded.py' })]);
      expect(delivered).toEqual([expect.objectContaining({ file: 'recorded.json', source: 'print("recorded")\n', document: controller.document?.id })]);
      expect(controller.document).toMatchObject({ kind: 'untitled', path: null, name: 'recorded.py' });
      expect(await controller.openPath(join(dir, 'bad.json'), 'dialog')).toBe(false);
      expect(errors).toEqual([['Cannot open the trace', 'bad.json:1:9: the file ends in the middle of the trace']]);
      expect(delivered).toHaveLength(1);
    } finally {
      controller.close();
    }
  });
});
