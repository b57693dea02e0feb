/**
 * Seeded mutations of corpus files: the n-th case of a seed is always the same program. Line
 * edits (delete, duplicate, swap, re-indent), text inserted anywhere (tokens, keywords,
 * brackets), numbers changed to edge values, lines or blocks taken from another file, and risky
 * fragments: the hostile programs of issue 14 (task explosions, memory bombs, huge ints) and
 * names that would pollute JavaScript's prototypes if the interpreter were careless.
 */
import type { CorpusFile } from './corpus.ts';

/** A small, fast, seedable generator (mulberry32). */
export function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  'await ', 'async ', '(', ')', '[', ']', '{', '}', ':', ',', '.', ' ', '\n', '\t', '    ', '"', "'", '"""', '#', '\\', 'x', '_', '0', '-1', '1e308',
  'None', 'True', 'raise ', 'return ', 'yield ', 'break', 'continue', 'lambda: ', 'not ', ' if x else ', ' and ', ' or ', '*', '**', '@', '=', '==', ':=',
  'global x', 'nonlocal x', 'del x', 'pass', 'asyncio.', 'self.', '__proto__', 'constructor', 'prototype', '\u00e9', '\u{1F600}', '\u200b', '\0',
];

const NUMBERS = ['0', '-1', '1', '2', '0.0001', '1e9', '10**6', '2**64', '-0.0', 'float("nan")', 'float("inf")', '3.5', '10**100', '1_000_000'];

/** Programs and statements that have crashed, hung or exhausted hosts before (issue 14), and their relatives. */
export const RISKY = [
  'async def node():\n    await asyncio.gather(node(), asyncio.sleep(1))\n',
  'async def copy():\n    asyncio.create_task(copy())\n    raise ValueError("boom")\n',
  'keep = []\nfor i in range(100):\n    keep.append([i] * 100000)\n',
  'keep = "x"\nwhile True:\n    keep = keep + keep\n',
  'x = 3\nwhile True:\n    x = x * x\n',
  'import random\nprint(random.getrandbits(100000) % 7)\n',
  'print(int("9" * 5000))\n',
  'print(10 ** 5000)\n',
  'async def w():\n    await asyncio.wait([None])\n',
  'async def w():\n    await asyncio.wait_for(None, 1)\n',
  'async def w():\n    await asyncio.gather(*[asyncio.sleep(0) for _ in range(3000)])\n',
  'd = {}\nfor i in range(5000):\n    d[i] = {"n": i}\n',
  'class A:\n    __proto__ = 1\n    constructor = 2\n    def __getattr__(self, name):\n        return name\n',
  'o = {"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}\nprint(o)\n',
  'setattr(object, "polluted", 1)\n',
  'print(getattr([], "__proto__", None), getattr({}, "constructor", None))\n',
  'def f():\n    return f()\nf()\n',
  'while True:\n    pass\n',
  'async def spin():\n    while True:\n        await asyncio.sleep(0)\n',
  'print(f"{1:>100000}"[:3])\n',
  'print("%*d" % (100000, 1) == "")\n',
  'asyncio.run(main())\n',
  'asyncio.run(asyncio.sleep(1))\n',
  'loop = asyncio.get_event_loop()\n',
  'import time\ntime.sleep(10**9)\n',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function mutateOnce(source: string, random: () => number, corpus: readonly CorpusFile[]): string {
  const lines = source.split('\n');
  const at = (length: number) => Math.floor(random() * Math.max(1, length));
  // Weighted towards edits that keep the file loadable, so that most cases run: a token
  // inserted at random mostly makes a syntax error, which the parser's own fuzzing covers.
  switch (Math.floor(random() * 14) % 11) {
    case 0:
      lines.splice(at(lines.length), 1);
      return lines.join('\n');
    case 1: {
      const i = at(lines.length);
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 2: {
      const i = at(lines.length);
      const j = at(lines.length);
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      return lines.join('\n');
    }
    case 3: {
      const i = at(lines.length);
      lines[i] = random() < 0.5 ? `    ${lines[i] ?? ''}` : (lines[i] ?? '').replace(/^ {1,4}/, '');
      return lines.join('\n');
    }
    case 4:
    case 5: {
      const i = at(source.length + 1);
      return source.slice(0, i) + pick(random, TOKENS) + source.slice(i);
    }
    case 6: {
      const i = at(source.length);
      return source.slice(0, i) + source.slice(i + 1 + at(8));
    }
    case 7: {
      const numbers = [...source.matchAll(/\b\d+(\.\d+)?\b/g)];
      if (numbers.length === 0) return source;
      const n = numbers[at(numbers.length)]!;
      return source.slice(0, n.index) + pick(random, NUMBERS) + source.slice(n.index! + n[0].length);
    }
    case 8: {
      // Lines from another file of the corpus.
      const other = pick(random, corpus).source.split('\n');
      const from = at(other.length);
      lines.splice(at(lines.length + 1), 0, ...other.slice(from, from + 1 + at(6)));
      return lines.join('\n');
    }
    case 9: {
      const i = at(lines.length + 1);
      const indent = random() < 0.5 ? '' : '    ';
      lines.splice(i, 0, ...pick(random, RISKY).split('\n').map((line) => (line === '' ? line : indent + line)));
      return lines.join('\n');
    }
    default: {
      // An identifier renamed everywhere.
      const names = [...new Set(source.match(/\b[a-z_][a-z0-9_]{2,}\b/g) ?? [])];
      if (names.length === 0) return source;
      const name = pick(random, names);
      return source.replace(new RegExp(`\\b${name}\\b`, 'g'), pick(random, ['x', '__proto__', 'constructor', 'asyncio', 'print', 'self', 'main', 'None']));
    }
  }
}

/** The `index`-th case of `seed`: a corpus file with one to four mutations. */
export function fuzzCase(seed: number, index: number, corpus: readonly CorpusFile[]): { base: string; source: string } {
  const random = generator((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const file = pick(random, corpus);
  let source = file.source;
  const count = random() < 0.6 ? 1 : 2 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) source = mutateOnce(source, random, corpus);
  return { base: file.name, source };
}
