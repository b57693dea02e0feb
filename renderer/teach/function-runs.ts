/**
 * Comparing two functions of one file: a teacher keeps both versions in one scenario
 * (`async def sequential()` and `async def gathered()`) and compares them side by side. Each run is
 * the file as Python would run it for
 *
 *     python3 -c "import asyncio, lesson; asyncio.run(lesson.sequential())"
 *
 * that is: the module's code runs (its imports, definitions and top-level statements) without its
 * own entry point, then `asyncio.run(f())`. The entry point is what an import skips, the
 * `if __name__ == "__main__":` block, and also any top-level `asyncio.run(...)` statement, so
 * that only the chosen function runs the loop.
 *
 * The file is changed as text, in place: the entry point's condition becomes `False` and a
 * top-level `asyncio.run(...)` becomes `None`, padded with spaces, so every line and column of the
 * file stays where it was (the code view, the chapters and the marks still point at the right
 * lines); the call of the chosen function is added after the last line.
 */
import { parser } from '@lezer/python';
import type { SyntaxNode } from '@lezer/common';

export interface CoroutineFunction {
  name: string;
  /** The line of its `async def`. */
  line: number;
}

/** Top-level `async def`s that can be called with no arguments (every parameter has a default). */
export function coroutineFunctions(source: string): CoroutineFunction[] {
  const tree = parser.parse(source);
  const found: CoroutineFunction[] = [];
  const lineOf = (offset: number): number => source.slice(0, offset).split('\n').length;
  for (let node = tree.topNode.firstChild; node !== null; node = node.nextSibling) {
    const def = node.name === 'DecoratedStatement' ? node.getChild('FunctionDefinition') : node.name === 'FunctionDefinition' ? node : null;
    if (def === null || def.getChild('async') === null) continue;
    const name = def.getChild('VariableName');
    const params = def.getChild('ParamList');
    if (name === null || params === null || !callableWithoutArguments(source, params)) continue;
    found.push({ name: source.slice(name.from, name.to), line: lineOf(def.from) });
  }
  return found;
}

/** True when every parameter has a default, or collects (`*args`, `**kwargs`), or is `self`-less. */
function callableWithoutArguments(source: string, params: SyntaxNode): boolean {
  const text = source.slice(params.from + 1, params.to - 1);
  if (text.trim() === '') return true;
  // Split at top-level commas (defaults may hold calls or tuples).
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== '*' && part !== '/')
    .every((part) => part.startsWith('*') || /^[\w]+\s*(:[^=]*)?=/.test(part));
}

const blank = (text: string, word: string): string => {
  // The word first, then spaces where the text was, keeping its line breaks.
  let out = word;
  for (const c of text.slice(word.length)) out += c === '\n' || c === '\r' ? c : ' ';
  return text.length >= word.length ? out : word;
};

const ENTRY_TEST = /^__name__\s*==\s*(['"])__main__\1$|^(['"])__main__\2\s*==\s*__name__$/;
const RUN_CALL = /^asyncio\s*\.\s*run\s*\(/;

/** The file without its own entry point, running `asyncio.run(name())` after its last line. */
export function functionRunSource(source: string, name: string): string {
  if (!coroutineFunctions(source).some((f) => f.name === name)) {
    throw new Error(`${name} is not a top-level async function that can be called with no arguments`);
  }
  const tree = parser.parse(source);
  const edits: { from: number; to: number; text: string }[] = [];
  for (let node = tree.topNode.firstChild; node !== null; node = node.nextSibling) {
    if (node.name === 'IfStatement') {
      const test = node.firstChild?.nextSibling ?? null;
      if (test !== null && ENTRY_TEST.test(source.slice(test.from, test.to).trim())) edits.push({ from: test.from, to: test.to, text: blank(source.slice(test.from, test.to), 'False') });
    } else if (node.name === 'ExpressionStatement') {
      const text = source.slice(node.from, node.to);
      if (RUN_CALL.test(text)) edits.push({ from: node.from, to: node.to, text: blank(text, 'None') });
    }
  }
  let out = source;
  for (const edit of edits.sort((a, b) => b.from - a.from)) out = out.slice(0, edit.from) + edit.text + out.slice(edit.to);
  const ending = out.endsWith('\n') ? '' : '\n';
  return `${out}${ending}\n# Loopscope runs one function of this file:\nimport asyncio\nasyncio.run(${name}())\n`;
}
