/**
 * The line of carets CPython 3.11 prints under a traceback's source line
 * (traceback.StackSummary.format_frame_summary and _extract_caret_anchors_from_line_segment,
 * 3.11.7): `^` under the position of the instruction that raised, left out when it spans the
 * whole line, and `~~^~~` for a binary operation or a subscript, whose operator (or brackets)
 * gets the `^`. The position is an AST node's range: the operation noted where the exception
 * came out of it (notePosition), or the statement at the entry's line.
 *
 * CPython's own arithmetic is kept, quirks included: it counts the line's trailing whitespace
 * and newline as "stripped characters", so a line with trailing spaces gets its carets shifted
 * left, as CPython's are.
 */
import type * as A from '../ast.ts';
import { forEachChild } from '../ast.ts';
import { parseScenario } from '../parse/index.ts';

/** The scenario's text, split into lines once, with the offset each line starts at. */
export interface CaretSource {
  text: string;
  lines: readonly string[];
  starts: readonly number[];
}

const STATEMENTS: ReadonlySet<string> = new Set([
  'FunctionDef', 'AsyncFunctionDef', 'ClassDef', 'Return', 'Delete', 'Assign', 'AugAssign', 'AnnAssign',
  'For', 'AsyncFor', 'While', 'If', 'With', 'AsyncWith', 'Raise', 'Try', 'TryStar', 'Assert', 'Import',
  'ImportFrom', 'Global', 'Nonlocal', 'Expr', 'Pass', 'Break', 'Continue', 'Match',
]);

export function caretSource(text: string): CaretSource {
  const lines: string[] = [];
  const starts: number[] = [];
  const re = /\r\n|\r|\n/g;
  let from = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    starts.push(from);
    lines.push(text.slice(from, m.index));
    from = m.index + m[0].length;
  }
  starts.push(from);
  lines.push(text.slice(from));
  return { text, lines, starts };
}

/** The first statement (outermost) that starts at each line, parsed again once per text. */
let statementsFor: { text: string; byLine: Map<number, A.NodeBase> } | null = null;

function statementAt(source: CaretSource, line: number): A.NodeBase | null {
  if (statementsFor === null || statementsFor.text !== source.text) {
    const byLine = new Map<number, A.NodeBase>();
    const parsed = parseScenario(source.text);
    if (parsed.ok) {
      const visit = (node: A.Node): void => {
        if (STATEMENTS.has(node.kind) && !byLine.has(node.line)) byLine.set(node.line, node);
        forEachChild(node, visit);
      };
      visit(parsed.module);
    }
    statementsFor = { text: source.text, byLine };
  }
  return statementsFor.byLine.get(line) ?? null;
}

/** Code points from the start of `line` to `offset` (CPython's columns are characters). */
function column(source: CaretSource, line: number, offset: number): number {
  const start = source.starts[line - 1] ?? 0;
  return [...source.text.slice(start, offset)].length;
}

/** The line an offset falls on (an offset at a line's end belongs to that line). */
function lineOf(source: CaretSource, offset: number): number {
  let lo = 0;
  let hi = source.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (source.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);

/** _extract_caret_anchors_from_line_segment: where the `^` part of `~~^~~` starts and ends. */
function anchors(source: CaretSource, at: A.NodeBase, segment: string): { left: number; right: number } | null {
  // The segment is parsed as a statement: an expression statement stands for its expression.
  const node = ((at as A.Node).kind === 'Expr' ? (at as A.ExprStatement).value : at) as A.Node;
  const line = at.line;
  const rel = (offset: number): number => column(source, line, offset) - column(source, line, at.range.from);
  if (node.kind === 'BinOp') {
    const leftEnd = rel(node.left.range.to);
    const operator = [...segment].slice(leftEnd, rel(node.right.range.from)).join('');
    const offset = operator.length - operator.trimStart().length;
    const left = leftEnd + offset;
    let right = left + 1;
    if (offset + 1 < operator.length && !isSpace(operator[offset + 1])) right++;
    return { left, right };
  }
  if (node.kind === 'Subscript') return { left: rel(node.value.range.to), right: rel(node.slice.range.to) + 1 };
  return null;
}

/** The caret line under the source line of a traceback entry at `line`, or null for none. */
export function caretLine(source: CaretSource, line: number, at: A.NodeBase | undefined): string | null {
  const position = at ?? statementAt(source, line);
  if (position === null) return null;
  const text = source.lines[line - 1];
  if (text === undefined) return null;
  const original = [...`${text}\n`];
  const stripped = [...text.trim()];
  if (stripped.length === 0) return null;
  const strippedCharacters = original.length - stripped.length;
  const startOffset = column(source, line, position.range.from) + 1;
  let endOffset: number;
  let anchor: { left: number; right: number } | null = null;
  if (lineOf(source, position.range.to) === line) {
    endOffset = column(source, line, position.range.to) + 1;
    anchor = anchors(source, position, original.slice(startOffset - 1, endOffset - 1).join(''));
  } else endOffset = strippedCharacters + stripped.length;
  const width = endOffset - startOffset;
  if (!(width < stripped.length || (anchor !== null && anchor.right - anchor.left > 0))) return null;
  let row = '    ' + ' '.repeat(Math.max(0, startOffset - strippedCharacters));
  if (anchor !== null) {
    row += '~'.repeat(Math.max(0, anchor.left)) + '^'.repeat(Math.max(0, anchor.right - anchor.left)) + '~'.repeat(Math.max(0, width - anchor.right));
  } else row += '^'.repeat(Math.max(0, width));
  return row;
}
