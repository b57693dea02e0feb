/**
 * Where the app finds its files, and which command-line argument names a scenario.
 */
import { describe, expect, it } from 'vitest';
import { appPaths, asarUnpacked } from '../../main/electron/app-paths.ts';
import { scenarioArgument } from '../../main/electron/launch-args.ts';

describe('scenarioArgument', () => {
  it.each<[string, string[], boolean, string | null]>([
    ['electron . file.py (development)', ['/x/electron', '.', 'counter.py'], true, 'counter.py'],
    ['electron . (no file)', ['/x/electron', '.'], true, null],
    ['packaged app with a file', ['/opt/Loopscope/loopscope', '/home/ada/counter.py'], false, '/home/ada/counter.py'],
    ['packaged app alone', ['/opt/Loopscope/loopscope'], false, null],
    ['switches added by Chromium or Playwright', ['/x/electron', '--inspect=0', '--remote-debugging-port=0', '.', '--no-sandbox', 'a.py'], true, 'a.py'],
    ['a second instance on Windows', ['C:\\Loopscope.exe', '--allow-file-access-from-files', 'C:\\talks\\a.py'], false, 'C:\\talks\\a.py'],
    ['not a .py file (validated later, with a message)', ['/opt/loopscope', 'notes.txt'], false, 'notes.txt'],
  ])('%s', (_what, argv, defaultApp, expected) => {
    expect(scenarioArgument(argv, defaultApp)).toBe(expected);
  });
});

describe('appPaths', () => {
  it('uses the project folder in development', () => {
    expect(appPaths({ outMainDir: '/repo/out/main', isPackaged: false, resourcesPath: '/electron/resources', appPath: '/repo' })).toEqual({
      preload: '/repo/out/preload/preload.cjs',
      rendererRoot: '/repo/out/renderer',
      worker: '/repo/out/main/run-worker.mjs',
      galleryDir: '/repo/scenarios',
      languageGuide: '/repo/docs/scenario-language.md',
    });
  });

  it('uses resources/ and the unpacked worker when packaged', () => {
    const resources = '/opt/Loopscope/resources';
    expect(appPaths({ outMainDir: `${resources}/app.asar/out/main`, isPackaged: true, resourcesPath: resources, appPath: `${resources}/app.asar` })).toEqual({
      preload: `${resources}/app.asar/out/preload/preload.cjs`,
      rendererRoot: `${resources}/app.asar/out/renderer`,
      worker: `${resources}/app.asar.unpacked/out/main/run-worker.mjs`,
      galleryDir: `${resources}/scenarios`,
      languageGuide: `${resources}/docs/scenario-language.md`,
    });
  });

  it('rewrites only the app.asar folder, on either separator', () => {
    expect(asarUnpacked('C:\\Program Files\\Loopscope\\resources\\app.asar\\out\\main\\run-worker.mjs')).toBe(
      'C:\\Program Files\\Loopscope\\resources\\app.asar.unpacked\\out\\main\\run-worker.mjs',
    );
    expect(asarUnpacked('/home/ada/my.app.asar.d/out/main/run-worker.mjs')).toBe('/home/ada/my.app.asar.d/out/main/run-worker.mjs');
  });
});
