/**
 * Errors found while reading a scenario file, before anything runs.
 *
 * A ScenarioError is plain data plus a formatter: the UI, the CLI and tests all receive the same
 * object, and it survives structuredClone / JSON (toJSON + fromJSON) so it can cross a worker
 * boundary. Positions are given three ways because each consumer wants a different one: 1-based
 * line/column for people and terminals (columns count code points, as CPython's SyntaxError does),
 * and UTF-16 offsets (`from`/`to`) for editors such as CodeMirror.
 */

/** 'syntax': CPython 3.11 would refuse the file too. 'unsupported': valid Python outside the subset. */
export type ScenarioErrorKind = 'syntax' | 'unsupported';

/** The exception class CPython would raise for the same file; null for unsupported constructs. */
export type PythonErrorClass = 'SyntaxError' | 'IndentationError' | 'TabError';

export interface ScenarioErrorData {
  kind: ScenarioErrorKind;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in code points. */
  column: number;
  endLine: number;
  /** 1-based, exclusive: a one-character error has endColumn === column + 1. */
  endColumn: number;
  /** UTF-16 offsets into the source, for editors. */
  from: number;
  to: number;
  message: string;
  hint?: string;
  /** The text of line `line`, without its line break, so format() needs no source. */
  sourceLine: string;
  pythonClass: PythonErrorClass | null;
}

export class ScenarioError extends Error {
  readonly kind: ScenarioErrorKind;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly from: number;
  readonly to: number;
  readonly hint: string | undefined;
  readonly sourceLine: string;
  readonly pythonClass: PythonErrorClass | null;

  constructor(data: ScenarioErrorData) {
    super(data.message);
    this.name = 'ScenarioError';
    this.kind = data.kind;
    this.file = data.file;
    this.line = data.line;
    this.column = data.column;
    this.endLine = data.endLine;
    this.endColumn = data.endColumn;
    this.from = data.from;
    this.to = data.to;
    this.hint = data.hint;
    this.sourceLine = data.sourceLine;
    this.pythonClass = data.pythonClass;
  }

  /**
   * `file:line:col: error: message`, then the hint, then the source line with carets under the
   * offending range (to the end of the line when the range spans several lines).
   */
  format(): string {
    const head = `${visible(this.file)}:${this.line}:${this.column}: error: ${visible(this.message)}`;
    const lines = [head];
    if (this.hint !== undefined) lines.push(`  hint: ${visible(this.hint)}`);
    // Control characters (an escape sequence, a stray byte of a binary file) are shown as \xNN,
    // never sent to the terminal as they are.
    const chars = Array.from(this.sourceLine).map((c) => (c === '\t' ? c : visible(c)));
    if (chars.length > 0 || this.column === 1) {
      const start = Math.min(Math.max(this.column - 1, 0), chars.length);
      const end = this.endLine === this.line ? Math.min(this.endColumn - 1, chars.length) : chars.length;
      // Copy tabs from the source line so the carets line up however the terminal renders them.
      const pad = chars.slice(0, start).map((c) => (c === '\t' ? '\t' : ' '.repeat(c.length))).join('');
      const width = chars.slice(start, end).reduce((n, c) => n + c.length, 0);
      lines.push(`    ${chars.join('')}`);
      lines.push(`    ${pad}${'^'.repeat(Math.max(1, width))}`);
    }
    return lines.join('\n');
  }

  toJSON(): ScenarioErrorData {
    const data: ScenarioErrorData = {
      kind: this.kind,
      file: this.file,
      line: this.line,
      column: this.column,
      endLine: this.endLine,
      endColumn: this.endColumn,
      from: this.from,
      to: this.to,
      message: this.message,
      sourceLine: this.sourceLine,
      pythonClass: this.pythonClass,
    };
    if (this.hint !== undefined) data.hint = this.hint;
    return data;
  }

  static fromJSON(data: ScenarioErrorData): ScenarioError {
    return new ScenarioError(data);
  }
}

const CONTROL = /[\p{Cc}\u2028\u2029]/gu;

/** Text with its control characters (but not the tab) written as `\xNN` or `\uNNNN`. */
export function visible(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === '\t') return c;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
