/**
 * The desktop's document machinery as main.ts wires it (createDocuments), with the page and the
 * dialogs played by the test: a page whose editor holds a text and answers flushes with it, a
 * message box and a Save dialog that give scripted answers and record what they were asked, and
 * a scripted runner. Files and backups are real, in a temporary folder.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BufferState, DiskChange, LoadedScenario } from '../../main/common/contract.ts';
import { NEW_SCENARIO_SOURCE } from '../../main/common/scenario-template.ts';
import type { RunJob } from '../../main/electron/runner.ts';
import { createDocuments } from '../../main/electron/document-session.ts';
import type { MessageBox } from '../../main/electron/saving.ts';
import { writeFileAtomic } from '../../main/electron/atomic-write.ts';
import { GALLERY, sleep, tempDir } from './support.ts';

/** The backup files in a Backups folder. */
export const backupsIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : []);

export interface DeskOptions {
  backupsDir?: string;
  backupDelayMs?: number;
  /** The page does not answer flushes (hung): main waits this long, then goes on. */
  pageHung?: boolean;
  /** A slow disk: each save takes this much longer after its rename. */
  slowSaveMs?: number;
}

export function desk(options: DeskOptions = {}) {
  const dir = tempDir();
  const backupsDir = options.backupsDir ?? join(dir, 'profile', 'Backups');
  const delivered: LoadedScenario[] = [];
  const errors: [string, string][] = [];
  const asked: MessageBox[] = [];
  const answers: number[] = [];
  const saveDialogs: string[] = [];
  const savePaths: (string | null)[] = [];
  const diskChanges: DiskChange[] = [];
  const titles: string[] = [];
  const saved: string[] = [];
  const jobs: RunJob[] = [];
  /** The page's editor: the document it shows and its text. */
  const page = { document: null as number | null, text: null as string | null };

  const run = (job: RunJob): Promise<LoadedScenario | null> => {
    jobs.push(job);
    return Promise.resolve({
      file: job.file,
      name: job.name,
      source: job.source,
      reload: job.reload,
      ...job.marks,
      outcome: { kind: 'error', error: { kind: 'syntax', file: job.file, line: 1, column: 1, endLine: 1, endColumn: 2, message: 'scripted' } },
    });
  };

  const { controller, session, hotExit, backups } = createDocuments({
    run,
    deliver: (scenario) => {
      delivered.push(scenario);
      page.document = scenario.document ?? null;
      // The page keeps its own text for the replay of an edit, and takes the source otherwise.
      if (scenario.edit !== true) page.text = scenario.source;
    },
    galleryDir: GALLERY,
    reportError: (title, message) => errors.push([title, message]),
    backupsDir,
    sendFlush: (flush) => {
      if (options.pageHung === true) return true;
      // Answered a moment later, over "IPC".
      setTimeout(() => session.flushed(flush, page.document, page.text === null ? null : bufferOf(page.text)), 1);
      return true;
    },
    dialogs: {
      ask: async (box) => {
        asked.push(box);
        const answer = answers.shift();
        if (answer === undefined) throw new Error(`unexpected question: ${box.message}`);
        return answer;
      },
      chooseSavePath: async (suggested) => {
        saveDialogs.push(suggested);
        const path = savePaths.shift();
        if (path === undefined) throw new Error('unexpected Save dialog');
        return path;
      },
      reportError: (title, message) => errors.push([title, message]),
      defaultFolder: () => join(dir, 'Documents'),
      ...(options.slowSaveMs === undefined
        ? {}
        : {
            write: async (path: string, bytes: Uint8Array) => {
              await writeFileAtomic(path, bytes);
              await sleep(options.slowSaveMs!);
            },
          }),
    },
    template: NEW_SCENARIO_SOURCE,
    changed: (document) => titles.push(document.title('Loopscope')),
    savedAt: (document) => saved.push(document.path ?? ''),
    sendDiskChange: (change) => diskChanges.push(change),
    backupDelayMs: options.backupDelayMs ?? 20,
    flushTimeoutMs: 200,
  });

  const bufferOf = (text: string): BufferState => ({ source: text, dirty: true });

  return {
    dir,
    backupsDir,
    controller,
    session,
    hotExit,
    backups,
    delivered,
    errors,
    asked,
    answers,
    saveDialogs,
    savePaths,
    diskChanges,
    titles,
    saved,
    jobs,
    page,
    get document() {
      return controller.document;
    },
    /** The person types: the editor's text changes; `report` sends the (debounced) bufferChanged now. */
    type(text: string, report = true) {
      page.text = text;
      if (report && page.document !== null) session.bufferChanged(page.document, bufferOf(text));
    },
    /** The page's Save (Ctrl+S from the menu): the editor's text. */
    save(as = false) {
      return session.save(page.document ?? -1, page.text ?? '', as);
    },
  };
}
