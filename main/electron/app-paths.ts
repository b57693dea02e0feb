/**
 * Where the app's files are, in development (`electron .` from the project) and packaged
 * (electron-builder: code in resources/app.asar, gallery and docs in resources/ as
 * extraResources, the scheduler worker unpacked beside the asar).
 */
import { join } from 'node:path';

export interface AppLocation {
  /** The folder of the built main.js (out/main). */
  outMainDir: string;
  isPackaged: boolean;
  /** process.resourcesPath */
  resourcesPath: string;
  /** app.getAppPath(): the project folder in development. */
  appPath: string;
}

export interface AppPaths {
  preload: string;
  rendererRoot: string;
  worker: string;
  galleryDir: string;
  languageGuide: string;
}

export function appPaths(location: AppLocation): AppPaths {
  const { outMainDir, isPackaged, resourcesPath, appPath } = location;
  const resources = isPackaged ? resourcesPath : appPath;
  return {
    preload: join(outMainDir, '..', 'preload', 'preload.cjs'),
    rendererRoot: join(outMainDir, '..', 'renderer'),
    worker: asarUnpacked(join(outMainDir, 'run-worker.mjs')),
    galleryDir: join(resources, 'scenarios'),
    languageGuide: join(resources, 'docs', 'scenario-language.md'),
  };
}

/**
 * The worker script is unpacked (asarUnpack): Node's ES module loader in a worker thread reads
 * the real file system, not the asar archive, so it must be given the unpacked copy's path.
 */
export function asarUnpacked(path: string): string {
  return path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}
