/**
 * Chapters: a teacher splits a scenario into parts with cell markers, as Jupytext, VS Code and
 * Spyder read them in a .py file:
 *
 *     # %% Sequential
 *     ...
 *     # %% Gathered
 *
 * Each marker opens a chapter that runs to the line before the next marker (or the end of the
 * file). The title is the marker's text, without a cell-type tag such as [markdown]; a marker
 * with no text is "Chapter N". Markers may be indented (inside main(), to split its body), but
 * only real comments count: the same text inside a string is not a marker (the source is read
 * with the Python grammar).
 *
 * A chapter's steps are the steps whose running task is on its lines: the lines a step resumed
 * at, stopped at, printed from or created a task at (and, where the trace records it, every frame
 * of the task's await stack). The chapter then spans from its first such step to its last.
 */
import { parser } from '@lezer/python';
import { forEachEvent } from '../../scheduler/trace/decode.ts';
import type { Trace } from '../../scheduler/trace/format.ts';

export interface Chapter {
  /** 0-based, in the file's order. */
  index: number;
  title: string;
  /** The marker's line; the chapter covers fromLine..toLine (1-based, inclusive). */
  fromLine: number;
  toLine: number;
}

/** A cell marker: "#", optional spaces, "%%", then the title (optional cell-type tag stripped). */
const MARKER = /^#\s*%%(?!%)(.*)$/;
/**
 * A line that could hold one. Most scenarios have none: they are not parsed at all (the parse, the
 * Python grammar's first use in the page, fell in the task that showed a large trace's first model).
 */
const MAYBE_MARKER = /^\s*#\s*%%/m;

export function parseChapters(source: string): Chapter[] {
  if (!MAYBE_MARKER.test(source)) return [];
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const markers: { line: number; title: string }[] = [];
  const cursor = parser.parse(source).cursor();
  do {
    if (cursor.name !== 'Comment') continue;
    // A marker stands on a line of its own (a comment after code is not one).
    const line = lineOf(cursor.from);
    if (source.slice(lineStarts[line - 1] as number, cursor.from).trim() !== '') continue;
    const match = MARKER.exec(source.slice(cursor.from, cursor.to).trimEnd());
    if (match === null) continue;
    const title = (match[1] as string).replace(/\[[\w-]+\]/g, '').trim();
    markers.push({ line, title });
  } while (cursor.next());
  const lastLine = lineStarts.length - (source.endsWith('\n') ? 1 : 0);
  return markers.map((marker, index) => ({
    index,
    title: marker.title === '' ? `Chapter ${index + 1}` : marker.title,
    fromLine: marker.line,
    toLine: index + 1 < markers.length ? (markers[index + 1] as { line: number }).line - 1 : Math.max(marker.line, lastLine),
  }));
}

/**
 * The source lines each step touched: where its task resumed and where it stopped (a suspension
 * or a bare yield), the lines it printed from and created tasks at. Plain callbacks touch none.
 */
export function stepLinesOf(trace: Trace): number[][] {
  const lines: number[][] = [];
  /** Where each task stopped last: its await's line, or every frame's line of its await stack. */
  const lastLines: number[][] = [];
  const handleTask = new Map<number, number>();
  let current: { task: number; lines: Set<number> } | null = null;
  const touch = (line: number): void => {
    if (current !== null && line > 0) current.lines.add(line);
  };
  const close = (): void => {
    if (current !== null) lines.push([...current.lines].sort((a, b) => a - b));
    current = null;
  };
  forEachEvent(trace, (event) => {
    switch (event.op) {
      case 'tick':
        close();
        break;
      case 'queue-step':
      case 'queue-wakeup':
        handleTask.set(event.handle, event.task);
        break;
      case 'queue-callback':
      case 'timer':
        handleTask.set(event.handle, -1);
        break;
      case 'run': {
        close();
        const task = handleTask.get(event.handle) ?? -1;
        current = { task, lines: new Set() };
        if (task >= 0) for (const line of lastLines[task] ?? []) touch(line);
        break;
      }
      case 'suspend':
      case 'yield':
        lastLines[event.task] = [event.line];
        if (current?.task === event.task) touch(event.line);
        break;
      case 'stack':
        // The await stack of the suspension just before: main() awaiting nap() awaiting sleep()
        // stands on main's line too, so main's chapter has the step.
        lastLines[event.task] = event.lines.slice();
        if (current?.task === event.task) for (const line of event.lines) touch(line);
        break;
      case 'output':
        if (current !== null && current.task === event.task) touch(event.line);
        break;
      case 'task-new':
        if (current !== null && current.task === event.creator) touch(event.line);
        break;
      default:
        break;
    }
  });
  close();
  return lines;
}

export interface ChapterSteps extends Chapter {
  /** The steps on the chapter's lines, in order. */
  steps: number[];
  /** The span the chapter plays: boundaries firstStep..endStep (endStep = last step + 1); -1 when none. */
  firstStep: number;
  endStep: number;
}

/** Each chapter with the steps on its lines (stepLines from stepLinesOf). */
export function chapterSteps(chapters: readonly Chapter[], stepLines: readonly (readonly number[])[]): ChapterSteps[] {
  return chapters.map((chapter) => {
    const steps: number[] = [];
    stepLines.forEach((lines, step) => {
      if (lines.some((line) => line >= chapter.fromLine && line <= chapter.toLine)) steps.push(step);
    });
    return { ...chapter, steps, firstStep: steps[0] ?? -1, endStep: steps.length === 0 ? -1 : (steps.at(-1) as number) + 1 };
  });
}

/**
 * The chapter the cursor is in: the last chapter, in the order they start playing, whose span
 * has begun at `boundary`; -1 before the first one starts.
 */
export function chapterAt(chapters: readonly ChapterSteps[], boundary: number): number {
  let found = -1;
  let start = -1;
  for (const chapter of chapters) {
    if (chapter.firstStep < 0 || chapter.firstStep > boundary) continue;
    if (chapter.firstStep >= start) {
      found = chapter.index;
      start = chapter.firstStep;
    }
  }
  return found;
}

/** Jump keys: the chapter after (or before) the one at the cursor that has steps, or -1. */
export function neighbourChapter(chapters: readonly ChapterSteps[], boundary: number, direction: 1 | -1): number {
  const playable = chapters.filter((chapter) => chapter.firstStep >= 0).sort((a, b) => a.firstStep - b.firstStep || a.index - b.index);
  if (direction === 1) return playable.find((chapter) => chapter.firstStep > boundary)?.index ?? -1;
  // Back: to the start of the chapter we are in, unless we are at its start already.
  const before = playable.filter((chapter) => chapter.firstStep < boundary);
  return before.at(-1)?.index ?? -1;
}
