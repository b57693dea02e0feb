/**
 * Every problem in a file, not only the first: the parser's error recovery.
 *
 * The parser proper stops at the error CPython would report (attempt.ts). To go on, the statement
 * holding that error is taken out of the text and the text is parsed again, as compilers
 * resynchronise at the next statement: the statement's characters become spaces (line breaks
 * and every offset stay where they were, so later problems keep their true positions), and the
 * parse resumes at the next line at the same or an outer indentation. A statement taken out
 * takes with it what hangs off it (its indented body, its `elif`/`else`/`except`/`finally`
 * clauses, its continuation lines), so a broken header does not turn into a cascade of
 * "unexpected indent" errors. A `0` (an expression statement, valid anywhere) is left where the
 * statement began, so a block does not become empty ("expected an indented block").
 *
 * Each round costs one parse, so the rounds are bounded by the size of the file; the checks
 * stop with a note past that bound.
 */
import type * as A from '../ast.ts';
import type { ScenarioError } from '../diagnostics.ts';
import { LezerReuse, parseAttempt } from './attempt.ts';
import { syntax, toScenarioError, unsupported } from './problems.ts';
import type { Problem } from './problems.ts';
import { HINTS } from './subset.ts';
import { findTypographicCharacters, typographicProblem } from './typographic.ts';

/** At most this many problems are listed (a file of garbage has one per line). */
export const MAX_PROBLEMS = 100;
/** Rounds times characters parsed: the 100 problems of a scenario, a few rounds for a megabyte. */
const WORK_BUDGET = 3_000_000;

export interface ParseProblems {
  /** In the order found: the first is the one CPython (and parseScenario) reports. */
  problems: ScenarioError[];
  /** The module parsed once every stopping error was taken out, or null if that never happened. */
  module: A.Module | null;
  /** The text that module was parsed from: the source with the broken statements blanked. */
  text: string;
}

/**
 * Every parse problem of `text` (whose offsets are those of `source`, from which the problems'
 * source lines are taken): the stopping errors one after another, then every refusal of what the
 * parse could read.
 */
export function collectParseProblems(text: string, file: string, source: string = text): ParseProblems {
  const problems: ScenarioError[] = [];
  const reuse = new LezerReuse();
  let work = 0;
  let previous: Problem | null = null;
  for (;;) {
    work += text.length + 1;
    let attempt: ReturnType<typeof parseAttempt>;
    try {
      attempt = parseAttempt(text, reuse);
    } catch (e) {
      const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      problems.push(locate(source, file, syntax(0, 0, `internal error in the scenario parser (${what}); please report it with the scenario`)));
      return { problems, module: null, text };
    }
    if (attempt.kind === 'parsed') {
      for (const refusal of attempt.refusals) problems.push(locate(source, file, refusal));
      return { problems, module: attempt.module, text };
    }
    const problem = attempt.problem;
    // Taking out a statement must take out its error; if not, give up rather than go round.
    if (previous !== null && previous.from === problem.from && previous.message === problem.message) return { problems, module: null, text };
    previous = problem;
    let edit: Edit | null;
    if (problem.typographic) {
      // Pasted text: every typographic quote, dash and odd space at once, then read on as if
      // they were all replaced (one round, not one per character).
      const found = findTypographicCharacters(text);
      for (const t of found) problems.push(locate(source, file, typographicProblem(text, t)));
      if (!found.some((t) => t.from === problem.from)) problems.push(locate(source, file, problem));
      edit = found.length > 0 ? { text: replaceTypographic(text, found), ranges: found } : skipStatement(text, problem);
    } else {
      problems.push(locate(source, file, problem));
      edit = skipStatement(text, problem);
    }
    if (edit === null || edit.text === text) return { problems, module: null, text };
    reuse.changed(edit.ranges);
    text = edit.text;
    if (problems.length >= MAX_PROBLEMS || work + text.length > WORK_BUDGET) {
      problems.push(locate(source, file, unsupported(problem.from, problem.to, 'too many problems: checking stopped here', HINTS.tooManyProblems)));
      return { problems, module: null, text };
    }
  }
}

function locate(source: string, file: string, problem: Problem): ScenarioError {
  return toScenarioError(source, file, problem);
}

function replaceTypographic(text: string, found: readonly { from: number; to: number; standIn: string }[]): string {
  let out = '';
  let at = 0;
  for (const t of found) {
    out += text.slice(at, t.from) + t.standIn;
    at = t.to;
  }
  return out + text.slice(at);
}

// ---------------------------------------------------------------------------------------------
// Physical and logical lines, read tolerantly (the text has errors)

interface PhysicalLine {
  start: number;
  /** Where its line break starts (or the end of the text). */
  end: number;
  /** Columns of indentation, tabs to the next multiple of 8 as CPython counts them. */
  indent: number;
  /** Offset of the first character after the indentation. */
  contentStart: number;
  /** Blank or comment only. */
  blank: boolean;
  /** The first word of the line ('' if it starts with something else). */
  word: string;
  /** Index of the physical line that starts the logical line this one belongs to. */
  logical: number;
}

const INDENTATION_ERRORS = new Set([
  'unexpected indent',
  'unindent does not match any outer indentation level',
  'too many levels of indentation',
  'inconsistent use of tabs and spaces in indentation',
]);

/** The clauses that belong to a compound statement starting with this word. (A Map: the words
 *  come from the scenario, and `__proto__` must not reach Object.prototype.) */
const CLAUSES: ReadonlyMap<string, readonly string[]> = new Map([
  ['if', ['elif', 'else']],
  ['elif', ['elif', 'else']],
  ['for', ['else']],
  ['while', ['else']],
  ['try', ['except', 'else', 'finally']],
  ['except', ['except', 'else', 'finally']],
  ['else', ['finally']],
  ['match', ['case']],
  ['case', ['case']],
]);

function physicalLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  let start = 0;
  const n = text.length;
  while (start <= n) {
    let end = start;
    while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    let indent = 0;
    let p = start;
    for (; p < end; p++) {
      const c = text.charCodeAt(p);
      if (c === 32) indent++;
      else if (c === 9) indent = (Math.floor(indent / 8) + 1) * 8;
      else if (c === 12) indent = 0;
      else break;
    }
    const blank = p >= end || text.charCodeAt(p) === 35;
    const word = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(text.slice(p, Math.min(end, p + 40)))?.[0] ?? '';
    lines.push({ start, end, indent, contentStart: p, blank, word, logical: lines.length });
    if (end >= n) break;
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
  groupLogicalLines(text, lines);
  return lines;
}

/**
 * Marks continuation lines (open brackets, backslashes, triple-quoted strings) with the line
 * their logical line starts on. Tolerant: a bracket left open does not swallow the rest of the
 * file, since a following line at the indentation of the statement, or less, that does not start
 * with a closing bracket starts a new statement.
 */
function groupLogicalLines(text: string, lines: PhysicalLine[]): void {
  let depth = 0;
  let triple: string | null = null;
  let owner = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (depth === 0 && triple === null && !(i > 0 && endsWithBackslash(text, lines[i - 1]!))) owner = i;
    else if (depth > 0 && triple === null && !line.blank && line.indent <= lines[owner]!.indent && !startsWithCloser(text, line)) {
      depth = 0;
      owner = i;
    }
    line.logical = owner;
    let p: number = triple === null ? line.contentStart : line.start;
    while (p < line.end) {
      const c = text[p]!;
      if (triple !== null) {
        if (c === '\\') p += 2;
        else if (text.startsWith(triple, p)) {
          p += 3;
          triple = null;
        } else p++;
        continue;
      }
      if (c === '#') break;
      if (c === '"' || c === "'") {
        if (text.startsWith(c + c + c, p)) {
          triple = c + c + c;
          p += 3;
          continue;
        }
        p++;
        while (p < line.end && text[p] !== c) p += text[p] === '\\' ? 2 : 1;
        p++;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
      p++;
    }
  }
}

function startsWithCloser(text: string, line: PhysicalLine): boolean {
  const c = text[line.contentStart];
  return c === ')' || c === ']' || c === '}';
}

function endsWithBackslash(text: string, line: PhysicalLine): boolean {
  return line.end > line.start && text[line.end - 1] === '\\';
}

function lineAt(lines: PhysicalLine[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Taking a statement out

/** A text after an edit of recovery, and the ranges changed (each keeps its length). */
export interface Edit {
  text: string;
  ranges: { from: number; to: number }[];
}

/** `text` without the statement holding `problem` (see the file's comment), or null if there is
 *  nothing left to take out. */
export function skipStatement(text: string, problem: Problem): Edit | null {
  if (problem.message === 'source code cannot contain null bytes') {
    const ranges: { from: number; to: number }[] = [];
    for (let i = text.indexOf('\0'); i >= 0; i = text.indexOf('\0', i + 1)) ranges.push({ from: i, to: i + 1 });
    return ranges.length === 0 ? null : { text: text.replace(/\0/g, ' '), ranges };
  }
  const indentation = INDENTATION_ERRORS.has(problem.message);
  // Where the error starts (not where it was met: "Perhaps you forgot a comma?" is met at the
  // second expression, which may be on the next line).
  const anchor = problem.statementAt ?? problem.from;
  return skipStatementAt(text, anchor, indentation);
}

/**
 * `text` without the statement at `offset`. With `indentation` (the line's indentation is the
 * error) the physical line and every line after it indented as far or further go, and nothing
 * is left in their place.
 */
export function skipStatementAt(text: string, offset: number, indentation = false): Edit | null {
  const lines = physicalLines(text);
  let at = lineAt(lines, Math.max(0, Math.min(offset, text.length)));
  // An error at the end of the text (or in trailing blank lines) belongs to the last statement.
  while (at > 0 && lines[at]!.blank && lines[at]!.contentStart >= Math.min(offset, text.length)) at--;
  const first = indentation ? at : lines[at]!.logical;
  const head = lines[first]!;
  const clauses = CLAUSES.get(head.word === 'async' ? asyncWord(text, head) : head.word) ?? [];
  let last = first;
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const included =
      line.logical !== i
        ? line.logical >= first && line.logical <= last
        : line.blank ||
          (indentation ? line.indent >= head.indent : line.indent > head.indent) ||
          (line.indent === head.indent && (clauses.includes(line.word) || startsWithCloser(text, line)));
    if (!included) break;
    if (!line.blank) last = i;
  }
  const from = head.contentStart;
  const to = lines[last]!.end;
  if (from >= to) return null;
  let blanked = text.slice(from, to).replace(/[^\r\n]/g, ' ');
  if (!indentation) {
    const stand = placeholder(head.word, head.end - head.contentStart);
    blanked = stand + blanked.slice(stand.length);
  }
  const out = text.slice(0, from) + blanked + text.slice(to);
  return out === text ? null : { text: out, ranges: [{ from, to }] };
}

function asyncWord(text: string, line: PhysicalLine): string {
  return /^async\s+([\p{L}_]+)/u.exec(text.slice(line.contentStart, line.end))?.[1] ?? 'async';
}

/**
 * What stands in for a statement taken out: `0`, valid wherever a statement is, so its block
 * keeps a body; a `finally:0` clause for a handler (its `try` still needs one), if it fits; and
 * nothing for `elif` and `else`, which a statement can do without.
 */
function placeholder(word: string, room: number): string {
  if (word === 'elif' || word === 'else') return '';
  if (word === 'except' || word === 'finally') return room >= 9 ? 'finally:0' : '';
  return '0';
}
