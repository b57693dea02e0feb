/**
 * What the page shows at the cursor, read through its accessible contract, and what it should show,
 * computed in the test process from the scheduler's own API (runScenario → TraceIndex.stateAt,
 * transcriptLines). The two sides share no code with the renderer's views.
 */
import type { Page } from 'playwright-core';
import { runScenario } from '../../scheduler/python/scenario.ts';
import type { Trace } from '../../scheduler/trace/format.ts';
import { TraceIndex, type LoopState } from '../../scheduler/trace/state.ts';
import { escapeField, transcriptLines } from '../../scheduler/trace/transcript.ts';
import { formatTime3 } from '../../scheduler/python/format.ts';
import { buildExplainIndex, timerCall, timerOf, type ExplainIndex } from '../../scheduler/explain/index.ts';
import { handleCauseWords } from '../../scheduler/explain/causes.ts';

/** The ready queue and the timers list show at most this many entries, then "and N more". */
export const LIST_CAP = 60;
/** At most this many task names are listed on one marked code line. */
const PER_LINE = 4;

export interface Lane {
  task: string;
  state: string;
  /** "alice, transfer: vault (held by bob)": name, coroutine, and what it does or waits for. */
  label: string;
  cycle: boolean;
}

export interface CodeMark {
  line: number;
  task: string;
  tasks: string;
}

export interface UiSnapshot {
  cursor: number;
  max: number;
  status: string;
  lanes: Lane[];
  /** Ready-queue items, in order: the task (or '') and the item's words. */
  ready: { task: string; words: string }[];
  timers: { when: string; task: string }[];
  code: CodeMark[];
  /** Every line of the code view's document, in order (to check that line numbers are right). */
  codeText: string[];
  /** Output lines as transcript lines (time, task, text joined by tabs), and which is aria-current. */
  output: string[];
  currentOutput: number[];
}

interface El {
  getAttribute(name: string): string | null;
  textContent: string | null;
  classList: { contains(name: string): boolean };
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): Iterable<El>;
}
const words = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * The marked code lines, as a person finds them by scrolling the code from top to bottom: the
 * editor draws only the lines near its viewport, so one look at the DOM may miss marks further
 * down. Each marked line carries its line number (data-line). The scroll position is put back.
 */
async function codeMarks(page: Page): Promise<CodeMark[]> {
  interface Scroller {
    scrollTop: number;
    clientHeight: number;
    scrollHeight: number;
    querySelectorAll(selector: string): Iterable<{ getAttribute(name: string): string | null }>;
  }
  const found = await page
    .getByRole('region', { name: 'Code' })
    .locator('.cm-scroller')
    .evaluate(async (scroller: Scroller) => {
      const frame = () => new Promise<void>((done) => (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame(() => done()));
      const marks = new Map<number, { line: number; task: string; tasks: string }>();
      const collect = () => {
        for (const el of scroller.querySelectorAll('.cm-line.task-line')) {
          const line = Number(el.getAttribute('data-line'));
          marks.set(line, { line, task: el.getAttribute('data-task') ?? '', tasks: el.getAttribute('data-tasks') ?? '' });
        }
      };
      const original = scroller.scrollTop;
      collect();
      // Scenarios are short; a very long text (a test of a huge paste) is read where it is.
      if (scroller.scrollHeight > scroller.clientHeight && scroller.scrollHeight < 40 * scroller.clientHeight) {
        const step = Math.max(100, scroller.clientHeight);
        for (let top = 0; top < scroller.scrollHeight; top += step) {
          scroller.scrollTop = top;
          await frame();
          await frame();
          collect();
        }
        scroller.scrollTop = original;
        await frame();
      }
      return [...marks.values()].sort((a, b) => a.line - b.line);
    });
  return found;
}

/**
 * The ready queue and the timers hold only the rows their panel shows until they are scrolled
 * (renderer/app/rows-in-view.svelte.ts): scroll a list that counts entries it does not show, as a
 * person would to read them all ('down', true if any was), or back to the top ('back').
 */
export async function scrollLongLists(page: Page, where: 'down' | 'back'): Promise<boolean> {
  const moved = await page
    .locator('section[aria-labelledby="ready-title"], section[aria-labelledby="timers-title"]')
    .evaluateAll((lists: El[], where) => {
      let moved = 0;
      for (const list of lists as unknown as { scrollTop: number; querySelector(s: string): unknown }[]) {
        if (where === 'back' ? list.scrollTop > 0 : list.scrollTop === 0 && list.querySelector('li.more') !== null) {
          list.scrollTop = where === 'back' ? 0 : 1;
          moved++;
        }
      }
      return moved;
    }, where);
  // The scroll event comes with the next frame, the rows with the one after.
  if (moved > 0) {
    await page.evaluate(() => {
      const frame = (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame;
      return new Promise<void>((done) => frame(() => frame(() => frame(() => done()))));
    });
  }
  return moved > 0;
}

/** Read the page at the cursor. */
export async function readUi(page: Page): Promise<UiSnapshot> {
  // The editor loads apart from the first frame (renderer/editor/code-editor.ts): read it once it is there.
  const codeRegion = page.getByRole('region', { name: 'Code' });
  if ((await codeRegion.count()) > 0) await codeRegion.locator('.cm-content').waitFor({ state: 'attached' });
  const slider = page.getByRole('slider', { name: 'Cursor' });
  const scrolled = await scrollLongLists(page, 'down');
  const [cursor, max, status, lanes, ready, timers, lines, output] = await Promise.all([
    slider.getAttribute('aria-valuenow'),
    slider.getAttribute('aria-valuemax'),
    page.getByText(/^Step \d+ of \d+ · t = /).textContent(),
    page
      .getByRole('region', { name: 'Task lanes' })
      .locator('[data-task][data-state]')
      .evaluateAll((els: El[]) => els.map((e) => ({ task: e.getAttribute('data-task') ?? '', state: e.getAttribute('data-state') ?? '', label: e.getAttribute('aria-label') ?? '', cycle: e.classList.contains('cycle') }))),
    page
      .getByRole('region', { name: 'Ready queue' })
      .getByRole('listitem')
      .evaluateAll((els: El[]) => els.map((e) => ({ task: e.getAttribute('data-task'), text: e.textContent }))),
    page
      .getByRole('region', { name: 'Timers' })
      .getByRole('listitem')
      .evaluateAll((els: El[]) => els.map((e) => ({ when: e.getAttribute('data-when'), task: e.getAttribute('data-task') }))),
    page
      .getByRole('region', { name: 'Code' })
      .locator('.cm-content .cm-line')
      .evaluateAll((els: El[]) =>
        els.map((e) => ({
          marked: e.classList.contains('task-line'),
          task: e.getAttribute('data-task') ?? '',
          tasks: e.getAttribute('data-tasks') ?? '',
          text: e.textContent ?? '',
          // Widgets at a line's end (task chips, callers, notes) are not part of the document.
          chips: [...e.querySelectorAll('.cm-task-chips, [data-widget]')].map((w) => w.textContent ?? '').join(''),
        })),
      ),
    page
      .getByRole('region', { name: 'Output' })
      .locator('li.line')
      .evaluateAll((els: El[]) =>
        els.map((e) => ({ time: e.getAttribute('data-time') ?? '', task: e.getAttribute('data-task') ?? '', text: e.querySelector('.text')?.textContent ?? '', current: e.getAttribute('aria-current') === 'true' })),
      ),
  ]);
  if (scrolled) await scrollLongLists(page, 'back');
  const code = await codeMarks(page);
  return {
    cursor: Number(cursor),
    max: Number(max),
    status: words(status),
    lanes,
    ready: ready.filter((item) => item.task !== null).map((item) => ({ task: item.task as string, words: words(item.text) })),
    timers: timers.filter((item) => item.when !== null).map((item) => ({ when: item.when as string, task: item.task ?? '' })),
    code,
    // The task chips at a marked line's end are widgets inside the line: not part of the document.
    codeText: lines.map((line) => (line.chips !== '' && line.text.endsWith(line.chips) ? line.text.slice(0, line.text.length - line.chips.length) : line.text)),
    output: output.map((line) => `${line.time}\t${escapeField(line.task)}\t${escapeField(line.text)}`),
    currentOutput: output.flatMap((line, i) => (line.current ? [i] : [])),
  };
}

/** A scenario run in the test process, the way the web build's worker runs it. */
export class Expected {
  readonly trace: Trace;
  readonly index: TraceIndex;
  readonly steps: number;
  /** Printed lines only (no LOG, no END), as transcript lines. */
  readonly printed: string[];
  /** Every task of the run by serial, as at the end. */
  readonly tasks: LoopState['tasks'];
  /** The explanations' index (scheduler/explain), for the words the page names causes with. */
  readonly explain: ExplainIndex;
  private readonly tickOfStep: number[] = [];

  constructor(source: string, file: string) {
    const result = runScenario(source, { file });
    if (result.error !== null) throw result.error;
    this.trace = result.trace;
    this.index = new TraceIndex(this.trace);
    this.steps = this.trace.steps;
    this.printed = transcriptLines(this.trace, { logs: false }).filter((line) => !line.startsWith('END\t'));
    this.tasks = this.index.stateAt(this.steps).tasks;
    this.explain = buildExplainIndex(this.trace);
    for (let s = 0; s < this.steps; s++) this.tickOfStep.push(this.index.stateAt(s).tick);
  }

  at(step: number): LoopState {
    return this.index.stateAt(step);
  }

  /** The task whose handle runs at `step` (the first live entry of the ready queue), or -1. */
  nextTask(step: number): number {
    if (step >= this.steps) return -1;
    return this.at(step).ready.find((entry) => !entry.cancelled)?.task ?? -1;
  }

  /** Where Step tick forward goes from `step`: the first step of a later tick, or the end. */
  tickForward(step: number): number {
    if (step >= this.steps) return this.steps;
    for (let s = step + 1; s < this.steps; s++) if (this.tickOfStep[s] !== this.tickOfStep[step]) return s;
    return this.steps;
  }

  /** Where Step tick back goes from `step` (< steps): the start of its tick, or of the tick before. */
  tickBack(step: number): number {
    const startOf = (s: number): number => {
      while (s > 0 && this.tickOfStep[s - 1] === this.tickOfStep[s]) s--;
      return s;
    };
    if (step <= 0) return 0;
    const start = startOf(step);
    return start < step ? start : startOf(step - 1);
  }

  status(step: number): string {
    return `Step ${step} of ${this.steps} · t = ${formatTime3(this.at(step).time)} s`;
  }

  /** Every lane, by serial: not-created before its task exists. */
  lanes(step: number): { task: string; state: string }[] {
    const now = this.at(step).tasks;
    return this.tasks.map((task) => ({ task: task.name, state: now[task.serial]?.state ?? 'not-created' }));
  }

  /**
   * Ready-queue items: task name ('' for a plain callback) and their words, first one "runs next".
   * A task's entry names its cause ("its sleep is over"); a due timer its task and its call
   * ("Task-2 sleep(1)"); a callback its label and cause: scheduler/explain's words for them.
   */
  ready(step: number): { task: string; words: string }[] {
    const state = this.at(step);
    const kind = { step: 'step', wakeup: 'wake-up', callback: 'callback' } as const;
    const nameOf = (serial: number): string => state.tasks[serial]?.name ?? `#${serial}`;
    return state.ready.slice(0, LIST_CAP).map((entry, i) => {
      const name = entry.task < 0 ? '' : nameOf(entry.task);
      let what: string;
      if (entry.task >= 0) {
        const cause = handleCauseWords(this.explain, entry.handle, entry.task);
        what = `${name} ${kind[entry.kind]}${cause === '' ? '' : `: ${cause}`}`;
      }
      else if (entry.when !== null) {
        const owner = timerOf(this.explain, entry.handle)?.owner ?? -1;
        what = `${owner >= 0 ? `${nameOf(owner)} ` : ''}${timerCall(this.explain, entry.handle) || entry.label}`;
      } else what = `${entry.label} ${handleCauseWords(this.explain, entry.handle, -1)}`;
      const tag = entry.cancelled ? ' cancelled' : i === 0 ? ' runs next' : '';
      // The position is drawn by a CSS counter, not in the text: the order of the rows is the check.
      return { task: name, words: words(`${what}${tag}`) };
    });
  }

  /** Timers in firing order: the deadline as '%.3f' and the task that armed it. */
  timers(step: number): { when: string; task: string }[] {
    const state = this.at(step);
    return state.timers.slice(0, LIST_CAP).map((timer) => ({ when: formatTime3(timer.when), task: timer.owner < 0 ? '' : (state.tasks[timer.owner]?.name ?? '') }));
  }

  /**
   * The marked code lines: each unfinished task's current line; the task about to run first, then
   * ready ones, then waiting ones (ties by creation order).
   */
  code(step: number): CodeMark[] {
    const state = this.at(step);
    const next = this.nextTask(step);
    const rank = (serial: number, taskState: string): number => (serial === next ? 0 : taskState === 'waiting' ? 2 : 1);
    const byLine = new Map<number, { serial: number; name: string; rank: number }[]>();
    for (const task of state.tasks) {
      if (task.line <= 0 || !['ready', 'running', 'waiting'].includes(task.state)) continue;
      const list = byLine.get(task.line) ?? [];
      list.push({ serial: task.serial, name: task.name, rank: rank(task.serial, task.state) });
      byLine.set(task.line, list);
    }
    return [...byLine]
      .sort((a, b) => a[0] - b[0])
      .map(([line, list]) => {
        list.sort((a, b) => a.rank - b.rank || a.serial - b.serial);
        return { line, task: list[0]?.name ?? '', tasks: list.slice(0, PER_LINE).map((t) => t.name).join(' ') };
      });
  }

  /** The lines printed so far. */
  output(step: number): string[] {
    return this.printed.slice(0, this.at(step).outputs);
  }
}
