/**
 * Gallery entries from scenario files, shared by the Electron main process and the browser build:
 * the module docstring's first line is the title and the rest the description (the convention of
 * scenarios/*.py). Pure string work, so it runs on both sides without Python.
 */
import type { GalleryEntry } from './contract.ts';

/** A gallery entry for a scenario file, falling back to a title made from its file name. */
export function describeScenario(name: string, source: string): GalleryEntry {
  const docstring = parseDocstring(source);
  return { name, title: docstring?.title || titleFromFileName(name), description: docstring?.description ?? '' };
}

/** `01-counter-sequential-vs-gathered.py` → `Counter sequential vs gathered`. */
export function titleFromFileName(name: string): string {
  const words = name
    .replace(/\.py$/i, '')
    .replace(/^\d+[-_ ]*/, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return words === '' ? name : words[0]!.toUpperCase() + words.slice(1);
}

export interface Docstring {
  title: string;
  /** The rest of the docstring with hard-wrapped lines joined; paragraphs separated by a blank line. */
  description: string;
}

/**
 * The module docstring of a Python source, without running Python: the first statement, if it is
 * a string literal (optionally r/u-prefixed, single or triple quoted). Cleaned as
 * inspect.cleandoc does (PEP 257), then split into a title (first line) and a description.
 * Returns null when the file does not open with a docstring or the string never closes.
 */
export function parseDocstring(source: string): Docstring | null {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let i = 0;
  // Skip blank lines and comments (a shebang and a coding line are comments too).
  for (;;) {
    while (i < text.length && /[ \t\f\n]/.test(text[i]!)) i++;
    if (text[i] !== '#') break;
    while (i < text.length && text[i] !== '\n') i++;
  }
  const prefix = /^([rRuU]?)("""|'''|"|')/.exec(text.slice(i));
  if (prefix === null) return null;
  const raw = prefix[1]!.toLowerCase() === 'r';
  const quote = prefix[2]!;
  let j = i + prefix[0].length;
  let body = '';
  for (;;) {
    if (j >= text.length) return null;
    if (text.startsWith(quote, j)) break;
    const ch = text[j]!;
    if (quote.length === 1 && ch === '\n') return null;
    if (ch === '\\' && j + 1 < text.length) {
      body += raw ? text.slice(j, j + 2) : unescapePair(text[j + 1]!);
      j += 2;
      continue;
    }
    body += ch;
    j++;
  }
  const lines = cleandoc(body);
  if (lines.length === 0) return null;
  const [title, ...rest] = lines;
  return { title: title!.trim(), description: reflow(rest) };
}

/** The common escapes; anything else keeps its backslash, as Python does for unknown escapes. */
function unescapePair(ch: string): string {
  switch (ch) {
    case '\n':
      return '';
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case '\\':
    case '"':
    case "'":
      return ch;
    default:
      return `\\${ch}`;
  }
}

/** inspect.cleandoc: strip the first line, dedent the others by their common indent, trim blank ends. */
function cleandoc(body: string): string[] {
  const lines = body.replace(/\t/g, '        ').split('\n');
  let indent = Infinity;
  for (const line of lines.slice(1)) {
    const content = line.trimStart();
    if (content !== '') indent = Math.min(indent, line.length - content.length);
  }
  const cleaned = [lines[0]!.trim(), ...lines.slice(1).map((line) => (indent === Infinity ? line : line.slice(indent)).trimEnd())];
  while (cleaned.length > 0 && cleaned[0] === '') cleaned.shift();
  while (cleaned.length > 0 && cleaned[cleaned.length - 1] === '') cleaned.pop();
  return cleaned;
}

/** Join hard-wrapped lines into paragraphs (gallery cards wrap text themselves). */
function reflow(lines: string[]): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (current.length > 0) paragraphs.push(current.join(' '));
      current = [];
    } else {
      current.push(line.trim());
    }
  }
  if (current.length > 0) paragraphs.push(current.join(' '));
  return paragraphs.join('\n\n');
}
