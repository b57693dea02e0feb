/**
 * Small wordings the explanations share: times, durations, the delay a sleep was asked for, a
 * printed line quoted, a URL shortened, lists joined with "and".
 */
import { formatTime3 } from '../python/format.ts';

export { shortIo, shortUrl } from '../trace/io-label.ts';

/** "t = 1.000 s" style: the clock, three decimals as the transcript prints it. */
export function clock(seconds: number): string {
  return `${formatTime3(seconds)} s`;
}

/** A duration in words: "1 s", "0.5 s", "250 ms", "1.25 s" (at most three decimals, no trailing zeros). */
export function duration(seconds: number): string {
  if (seconds > 0 && seconds < 0.1 - 1e-9) return `${trim(seconds * 1000)} ms`;
  return `${trim(seconds)} s`;
}

/** A number with at most three decimals, trailing zeros removed: 1, 0.3, 0.125. */
export function trim(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  return String(Number(rounded.toFixed(3)));
}

/** The argument a sleep or timer was armed with, as the source would write it: sleep(1), sleep(0.3). */
export function delayArgument(seconds: number): string {
  return trim(seconds);
}

/** A printed line, quoted and cut to `max` characters. */
export function quoted(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ');
  const cut = oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
  return `'${cut}'`;
}

/**
 * Code quoted in a sentence, cut to about `max` characters. A call keeps the arguments that fit and
 * counts the rest: `gather(Task-2, Task-3, Task-4, … 9,997 more)`. Labels come from the run, and
 * can be huge (a gather of 10,000 tasks is 110,000 characters, which the page took 60 ms of CPU
 * to lay out on the first step), while a sentence is a line on screen.
 */
export function clippedCode(text: string, max = 80): string {
  if (text.length <= max) return text;
  // The same few labels are cut at every step (a lane's name, the code's chips, the narration): a
  // string keeps its hash, so finding a 110,000-character label here costs no scan.
  let byMax = clippedBefore.get(text);
  if (byMax === undefined) {
    if (clippedBefore.size >= 256) clippedBefore.clear();
    clippedBefore.set(text, (byMax = new Map()));
  }
  let clipped = byMax.get(max);
  if (clipped === undefined) byMax.set(max, (clipped = clip(text, max)));
  return clipped;
}

/** Long labels cut before: label → max → cut. */
const clippedBefore = new Map<string, Map<number, string>>();

/** `text` cut to `max` characters, the last of them an ellipsis. */
export function clipEnd(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function clip(text: string, max: number): string {
  const open = text.indexOf('(');
  if (open > 0 && text.endsWith(')')) {
    // Room for ", … 10,000 more)".
    const { kept, total } = firstArguments(text, open + 1, text.length - 1, max - open - 1 - 18);
    if (kept.length > 0 && kept.length < total) return `${text.slice(0, open)}(${kept.join(', ')}, … ${(total - kept.length).toLocaleString('en-US')} more)`;
  }
  return clipEnd(text, max);
}

/**
 * The arguments of the call text[from, to) that fit in `room` characters (joined by ", "), and how
 * many there are: split at the commas outside brackets and quotes. Past the room only commas are
 * counted, so a gather of 10,000 tasks costs a scan and no strings.
 */
function firstArguments(text: string, from: number, to: number, room: number): { kept: string[]; total: number } {
  const inner = text.slice(from, to);
  // No brackets or quotes inside (a gather of task names): every comma splits, and the browser's
  // own searches find them. The scan below, run once per label and so never optimised, took 7.6 ms
  // of the 1 M trace's first step for its 110,000-character gather.
  if (!/[()[\]{}"'\\]/.test(inner)) return plainArguments(inner, room);
  const kept: string[] = [];
  let filling = true;
  let used = 0;
  let total = 1;
  let depth = 0;
  let quote = '';
  let start = from;
  const take = (end: number): void => {
    const arg = text.slice(start, end).trim();
    if (used + arg.length > room) filling = false;
    else {
      kept.push(arg);
      used += arg.length + 2;
    }
  };
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (quote !== '') {
      if (c === 92 /* \\ */) i++;
      else if (c === quote.charCodeAt(0)) quote = '';
    } else if (c === 34 /* " */ || c === 39 /* ' */) quote = text[i] as string;
    else if (c === 40 /* ( */ || c === 91 /* [ */ || c === 123 /* { */) depth++;
    else if (c === 41 /* ) */ || c === 93 /* ] */ || c === 125 /* } */) depth--;
    else if (c === 44 /* , */ && depth === 0) {
      if (filling) take(i);
      start = i + 1;
      total++;
    }
  }
  if (filling) take(to);
  return { kept, total };
}

/** firstArguments of a call whose arguments hold no bracket or quote. */
function plainArguments(inner: string, room: number): { kept: string[]; total: number } {
  const kept: string[] = [];
  let used = 0;
  let start = 0;
  let filling = true;
  let total = 0;
  for (;;) {
    const comma = inner.indexOf(',', start);
    const end = comma < 0 ? inner.length : comma;
    total++;
    if (filling) {
      const arg = inner.slice(start, end).trim();
      if (used + arg.length > room) filling = false;
      else {
        kept.push(arg);
        used += arg.length + 2;
      }
    }
    if (comma < 0) return { kept, total };
    start = comma + 1;
  }
}

/** "a", "a and b", "a, b and c"; long lists end in "and N others". */
export function and(items: readonly string[], max = 4): string {
  if (items.length > max) return `${items.slice(0, max - 1).join(', ')} and ${items.length - max + 1} others`;
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] as string}`;
}

/** "1 step", "3 steps". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}
