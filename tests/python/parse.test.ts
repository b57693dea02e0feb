/**
 * parseScenario: every construct of the subset parses to the expected AST, every refused
 * construct and syntax error gives its message at its exact position, scopes are resolved as
 * CPython's symtable does, and (when python3 is available) the AST matches CPython's `ast`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseScenario } from '../../scheduler/python/parse/index.ts';
import { ScenarioError } from '../../scheduler/python/diagnostics.ts';
import { HINTS } from '../../scheduler/python/parse/subset.ts';
import { createLineIndex, forEachChild, lineColAt } from '../../scheduler/python/ast.ts';
import type * as A from '../../scheduler/python/ast.ts';
import { cpython, cpythonReference, normalize, referenceTables, scopeTables } from './fixtures/parse/cpython.ts';

const FIXTURES = new URL('./fixtures/parse/', import.meta.url);
const DOC = readFileSync(new URL('../../docs/scenario-language.md', import.meta.url), 'utf8');
/** The ```python examples of docs/scenario-language.md: each must parse (and run on CPython). */
const docExamples = [...DOC.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]!);
const scenarioFiles = readdirSync(FIXTURES).filter((f) => f.endsWith('.py') && f !== 'cpython_reference.py');
const readFixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

function parse(src: string): A.Module {
  const r = parseScenario(src, 'test.py');
  if (!r.ok) throw new Error(`expected ${JSON.stringify(src)} to parse:\n${r.error.format()}`);
  return r.module;
}

function fail(src: string): ScenarioError {
  const r = parseScenario(src, 'test.py');
  if (r.ok) throw new Error(`expected ${JSON.stringify(src)} to be refused`);
  return r.error;
}

/** The first statement. */
function stmt(src: string): A.Statement {
  return parse(src).body[0]!;
}

/** The expression of `x = <expr>` (or of an expression statement). */
function expr(src: string): A.Expression {
  const s = stmt(src.includes('\n') ? src : `x = ${src}`);
  if (s.kind === 'Assign') return s.value;
  if (s.kind === 'Expr') return s.value;
  throw new Error(`not an expression: ${src}`);
}

const lines = (...ls: string[]): string => ls.join('\n') + '\n';

const name = (id: string, ctx: A.ExprContext = 'Load') => ({ kind: 'Name', id, ctx });
const int = (value: number | bigint) => ({ kind: 'Constant', type: 'int', value });
const str = (value: string) => ({ kind: 'Constant', type: 'str', value });

describe('every construct of the subset parses', () => {
  const cases: [string, string, (m: A.Module) => void][] = [
    ['imports', lines('import asyncio', 'import time, random', 'import aiohttp'), (m) => {
      expect(m.body).toMatchObject([
        { kind: 'Import', names: [{ kind: 'alias', name: 'asyncio', asname: null }] },
        { kind: 'Import', names: [{ name: 'time' }, { name: 'random' }] },
        { kind: 'Import', names: [{ name: 'aiohttp' }] },
      ]);
    }],
    ['module docstring', lines('"""Doc."""', 'x = 1'), (m) => {
      expect(m.docstring).toBe('Doc.');
      expect(m.body[0]).toMatchObject({ kind: 'Expr', value: str('Doc.') });
    }],
    ['def with every kind of parameter', lines('def f(a, b=1, *args, c, d=2, **kw):', '    return a'), (m) => {
      expect(m.body[0]).toMatchObject({
        kind: 'FunctionDef',
        name: 'f',
        args: {
          kind: 'arguments',
          args: [{ kind: 'arg', arg: 'a' }, { arg: 'b' }],
          defaults: [int(1)],
          vararg: { arg: 'args' },
          kwonlyargs: [{ arg: 'c' }, { arg: 'd' }],
          kwDefaults: [null, int(2)],
          kwarg: { arg: 'kw' },
        },
        body: [{ kind: 'Return', value: name('a') }],
      });
    }],
    ['positional-only parameters: those before the `/`, in a def and in a lambda (comments and all)', lines('def f(a, b=1, /, c=2, *, d):', '    pass', 'g = lambda x, /, y: x', 'def h(a,  # the first', '      /, b):', '    pass'), (m) => {
      expect(m.body).toMatchObject([
        { kind: 'FunctionDef', args: { args: [{ arg: 'a' }, { arg: 'b' }, { arg: 'c' }], posonlyCount: 2, defaults: [int(1), int(2)], kwonlyargs: [{ arg: 'd' }] } },
        { kind: 'Assign', value: { kind: 'Lambda', args: { args: [{ arg: 'x' }, { arg: 'y' }], posonlyCount: 1 } } },
        { kind: 'FunctionDef', args: { args: [{ arg: 'a' }, { arg: 'b' }], posonlyCount: 1 } },
      ]);
    }],
    ['keyword-only after bare *, annotations, return annotation', lines('def f(a: int, *, k: str = "x") -> None:', '    pass'), (m) => {
      expect(m.body[0]).toMatchObject({
        args: { args: [{ arg: 'a', annotation: name('int') }], vararg: null, kwonlyargs: [{ arg: 'k', annotation: name('str') }], kwDefaults: [str('x')] },
        returns: { kind: 'Constant', type: 'None' },
      });
    }],
    ['async def', lines('async def main():', '    await asyncio.sleep(1)'), (m) => {
      expect(m.body[0]).toMatchObject({
        kind: 'AsyncFunctionDef',
        name: 'main',
        isGenerator: false,
        body: [{ kind: 'Expr', value: { kind: 'Await', value: { kind: 'Call', func: { kind: 'Attribute', value: name('asyncio'), attr: 'sleep' } } } }],
      });
    }],
    ['function docstring', lines('def f():', '    """Doc."""', '    return 1'), (m) => {
      expect(m.body[0]).toMatchObject({ docstring: 'Doc.' });
    }],
    ['class with base, docstring, constant, __init__, method and async method', lines(
      'class Counter(Base):',
      '    """A counter."""',
      '    STEP = 1',
      '    def __init__(self, start=0):',
      '        self.value = start',
      '    def get(self):',
      '        return self.value',
      '    async def bump(self):',
      '        self.value += self.STEP',
    ), (m) => {
      expect(m.body[0]).toMatchObject({
        kind: 'ClassDef',
        name: 'Counter',
        bases: [name('Base')],
        docstring: 'A counter.',
        body: [
          { kind: 'Expr' },
          { kind: 'Assign', targets: [name('STEP', 'Store')] },
          { kind: 'FunctionDef', name: '__init__', body: [{ kind: 'Assign', targets: [{ kind: 'Attribute', value: name('self'), attr: 'value', ctx: 'Store' }] }] },
          { kind: 'FunctionDef', name: 'get' },
          { kind: 'AsyncFunctionDef', name: 'bump', body: [{ kind: 'AugAssign', op: 'Add', target: { kind: 'Attribute', ctx: 'Store' } }] },
        ],
      });
    }],
    ['class with a builtin exception base, and with empty parentheses', lines('class Oops(Exception):', '    pass', 'class Plain():', '    pass'), (m) => {
      expect(m.body).toMatchObject([{ kind: 'ClassDef', bases: [name('Exception')] }, { kind: 'ClassDef', bases: [] }]);
    }],
    ['lambda', 'f = lambda x, y=1, *a, k=2, **kw: x + y', (m) => {
      expect(m.body[0]).toMatchObject({
        value: { kind: 'Lambda', args: { args: [{ arg: 'x' }, { arg: 'y' }], defaults: [int(1)], vararg: { arg: 'a' }, kwonlyargs: [{ arg: 'k' }], kwarg: { arg: 'kw' } }, body: { kind: 'BinOp', op: 'Add' } },
      });
    }],
    ['global and nonlocal', lines('def f():', '    global g', '    x = 1', '    def h():', '        nonlocal x', '        x = 2'), (m) => {
      const f = m.body[0] as A.FunctionDef;
      expect(f.body[0]).toMatchObject({ kind: 'Global', names: ['g'] });
      expect((f.body[2] as A.FunctionDef).body[0]).toMatchObject({ kind: 'Nonlocal', names: ['x'] });
    }],
    ['global at module level', lines('global counter', 'counter = 0'), (m) => {
      expect(m.body[0]).toMatchObject({ kind: 'Global', names: ['counter'] });
    }],
    ['if / elif / else nests like CPython', lines('if a:', '    x = 1', 'elif b:', '    x = 2', 'else:', '    x = 3'), (m) => {
      expect(m.body[0]).toMatchObject({
        kind: 'If',
        test: name('a'),
        body: [{ kind: 'Assign' }],
        orelse: [{ kind: 'If', test: name('b'), orelse: [{ kind: 'Assign', value: int(3) }] }],
      });
    }],
    ['if __name__ == "__main__"', lines('if __name__ == "__main__":', '    asyncio.run(main())'), (m) => {
      expect(m.body[0]).toMatchObject({ kind: 'If', test: { kind: 'Compare', left: name('__name__'), ops: ['Eq'], comparators: [str('__main__')] } });
    }],
    ['while, break, continue', lines('while True:', '    if x:', '        break', '    continue'), (m) => {
      expect(m.body[0]).toMatchObject({ kind: 'While', test: { type: 'bool', value: true }, body: [{ kind: 'If', body: [{ kind: 'Break' }] }, { kind: 'Continue' }] });
    }],
    ['for with a tuple target', lines('for i, (k, v) in enumerate(d.items()):', '    pass'), (m) => {
      expect(m.body[0]).toMatchObject({
        kind: 'For',
        target: { kind: 'Tuple', ctx: 'Store', elts: [name('i', 'Store'), { kind: 'Tuple', ctx: 'Store', elts: [name('k', 'Store'), name('v', 'Store')] }] },
        iter: { kind: 'Call', func: name('enumerate') },
      });
    }],
    ['for over a bare tuple', lines('for x in 1, 2:', '    pass'), (m) => {
      expect(m.body[0]).toMatchObject({ iter: { kind: 'Tuple', elts: [int(1), int(2)] } });
    }],
    ['async for', lines('async def f():', '    async for x in agen():', '        print(x)'), (m) => {
      expect((m.body[0] as A.AsyncFunctionDef).body[0]).toMatchObject({ kind: 'AsyncFor', target: name('x', 'Store'), iter: { kind: 'Call' } });
    }],
    ['async with, several items', lines('async def f():', '    async with lock, asyncio.timeout(1) as t, sem as s:', '        pass'), (m) => {
      expect((m.body[0] as A.AsyncFunctionDef).body[0]).toMatchObject({
        kind: 'AsyncWith',
        items: [
          { kind: 'withitem', contextExpr: name('lock'), optionalVars: null },
          { contextExpr: { kind: 'Call' }, optionalVars: name('t', 'Store') },
          { contextExpr: name('sem'), optionalVars: name('s', 'Store') },
        ],
      });
    }],
    ['try / except / except as / except tuple / else / finally', lines(
      'try:',
      '    a()',
      'except ValueError as e:',
      '    b(e)',
      'except (KeyError, TypeError):',
      '    raise',
      'except:',
      '    pass',
      'else:',
      '    c()',
      'finally:',
      '    d()',
    ), (m) => {
      expect(m.body[0]).toMatchObject({
        kind: 'Try',
        handlers: [
          { kind: 'ExceptHandler', type: name('ValueError'), name: 'e' },
          { type: { kind: 'Tuple', elts: [name('KeyError'), name('TypeError')] }, name: null, body: [{ kind: 'Raise', exc: null, cause: null }] },
          { type: null, name: null },
        ],
        orelse: [{ kind: 'Expr' }],
        finalbody: [{ kind: 'Expr' }],
      });
    }],
    ['try / finally', lines('try:', '    pass', 'finally:', '    pass'), (m) => {
      expect(m.body[0]).toMatchObject({ kind: 'Try', handlers: [], finalbody: [{ kind: 'Pass' }] });
    }],
    ['except*', lines('try:', '    pass', 'except* ValueError as eg:', '    pass', 'except* (A, B):', '    pass'), (m) => {
      expect(m.body[0]).toMatchObject({ kind: 'TryStar', handlers: [{ type: name('ValueError'), name: 'eg' }, { type: { kind: 'Tuple' } }] });
    }],
    ['raise, raise X from Y', lines('raise ValueError("x")', 'raise RuntimeError() from err'), (m) => {
      expect(m.body).toMatchObject([
        { kind: 'Raise', exc: { kind: 'Call' }, cause: null },
        { kind: 'Raise', exc: { kind: 'Call' }, cause: name('err') },
      ]);
    }],
    ['return, pass, return a tuple, return with starred', lines('def f():', '    return', 'def g():', '    return 1, *rest'), (m) => {
      expect((m.body[0] as A.FunctionDef).body[0]).toMatchObject({ kind: 'Return', value: null });
      expect((m.body[1] as A.FunctionDef).body[0]).toMatchObject({ kind: 'Return', value: { kind: 'Tuple', elts: [int(1), { kind: 'Starred', value: name('rest') }] } });
    }],
    ['del of names, subscripts and attributes', 'del a, b[0], c.d', (m) => {
      expect(m.body[0]).toMatchObject({
        kind: 'Delete',
        targets: [name('a', 'Del'), { kind: 'Subscript', ctx: 'Del' }, { kind: 'Attribute', ctx: 'Del', attr: 'd' }],
      });
    }],
    ['assert with and without a message', lines('assert x', 'assert x > 0, "positive"'), (m) => {
      expect(m.body).toMatchObject([{ kind: 'Assert', test: name('x'), msg: null }, { kind: 'Assert', test: { kind: 'Compare' }, msg: str('positive') }]);
    }],
    ['tuple and list unpacking, starred target', lines('a, b = b, a', '[c, d] = 1, 2', 'first, *rest = items', '(e, f), g = x'), (m) => {
      expect(m.body).toMatchObject([
        { kind: 'Assign', targets: [{ kind: 'Tuple', ctx: 'Store', elts: [name('a', 'Store'), name('b', 'Store')] }], value: { kind: 'Tuple', ctx: 'Load' } },
        { targets: [{ kind: 'List', ctx: 'Store' }] },
        { targets: [{ kind: 'Tuple', elts: [name('first', 'Store'), { kind: 'Starred', ctx: 'Store', value: name('rest', 'Store') }] }] },
        { targets: [{ kind: 'Tuple', elts: [{ kind: 'Tuple', ctx: 'Store' }, name('g', 'Store')] }] },
      ]);
    }],
    ['chained assignment', 'a = b = 0', (m) => {
      expect(m.body[0]).toMatchObject({ kind: 'Assign', targets: [name('a', 'Store'), name('b', 'Store')], value: int(0) });
    }],
    ['attribute and subscript targets', lines('self.x = 1', 'd["k"] = 2', 'm[1:2] = []'), (m) => {
      expect(m.body).toMatchObject([
        { targets: [{ kind: 'Attribute', attr: 'x', ctx: 'Store' }] },
        { targets: [{ kind: 'Subscript', slice: str('k'), ctx: 'Store' }] },
        { targets: [{ kind: 'Subscript', slice: { kind: 'Slice' }, ctx: 'Store' }] },
      ]);
    }],
    ['every augmented assignment', lines('x += 1', 'x -= 1', 'x *= 1', 'x /= 1', 'x //= 1', 'x %= 1', 'x **= 1', 'x |= 1', 'x &= 1', 'x ^= 1', 'x <<= 1', 'x >>= 1'), (m) => {
      expect(m.body.map((s) => (s as A.AugAssign).op)).toEqual(['Add', 'Sub', 'Mult', 'Div', 'FloorDiv', 'Mod', 'Pow', 'BitOr', 'BitAnd', 'BitXor', 'LShift', 'RShift']);
      expect(m.body[0]).toMatchObject({ kind: 'AugAssign', target: name('x', 'Store'), value: int(1) });
    }],
    ['annotated assignment, with and without a value', lines('x: int = 0', 'y: list[int]', 'self.z: float = 1.0', '(w): int = 1'), (m) => {
      expect(m.body).toMatchObject([
        { kind: 'AnnAssign', target: name('x', 'Store'), annotation: name('int'), value: int(0), simple: true },
        { kind: 'AnnAssign', target: name('y', 'Store'), annotation: { kind: 'Subscript' }, value: null, simple: true },
        { kind: 'AnnAssign', target: { kind: 'Attribute' }, simple: false },
        { kind: 'AnnAssign', target: name('w', 'Store'), simple: false },
      ]);
    }],
    ['yield in async def makes an async generator; bare yield; yield as a value', lines('async def g():', '    yield 1', '    yield', '    x = yield', '    y = (yield 2)'), (m) => {
      const g = m.body[0] as A.AsyncFunctionDef;
      expect(g).toMatchObject({ kind: 'AsyncFunctionDef', isGenerator: true });
      expect(g.body).toMatchObject([
        { kind: 'Expr', value: { kind: 'Yield', value: int(1) } },
        { kind: 'Expr', value: { kind: 'Yield', value: null } },
        { kind: 'Assign', value: { kind: 'Yield', value: null } },
        { kind: 'Assign', value: { kind: 'Yield', value: int(2) } },
      ]);
    }],
    ['semicolons and one-line bodies', 'if x: a = 1; b = 2', (m) => {
      expect(m.body[0]).toMatchObject({ kind: 'If', body: [{ kind: 'Assign' }, { kind: 'Assign' }] });
    }],
    ['an empty file and a comment-only file', '# nothing here\n', (m) => {
      expect(m).toMatchObject({ kind: 'Module', body: [], docstring: null });
      expect(parse('').body).toEqual([]);
    }],
  ];
  test.each(cases)('%s', (_label, src, check) => {
    check(parse(src));
  });
});

describe('expressions', () => {
  test('operators and their precedence', () => {
    expect(expr('a + b * c - d')).toMatchObject({
      kind: 'BinOp',
      op: 'Sub',
      left: { kind: 'BinOp', op: 'Add', left: name('a'), right: { kind: 'BinOp', op: 'Mult' } },
      right: name('d'),
    });
    expect(expr('-x ** 2')).toMatchObject({ kind: 'UnaryOp', op: 'USub', operand: { kind: 'BinOp', op: 'Pow' } });
    expect(expr('2 ** -1')).toMatchObject({ kind: 'BinOp', op: 'Pow', right: { kind: 'UnaryOp', op: 'USub' } });
    expect(expr('2 ** 3 ** 2')).toMatchObject({ op: 'Pow', left: int(2), right: { op: 'Pow', left: int(3) } });
    expect(expr('a | b ^ c & d << e >> f')).toMatchObject({
      op: 'BitOr',
      right: { op: 'BitXor', right: { op: 'BitAnd', right: { op: 'RShift', left: { op: 'LShift' } } } },
    });
    expect(expr('a // b % c / d')).toMatchObject({ op: 'Div', left: { op: 'Mod', left: { op: 'FloorDiv' } } });
    expect(expr('~x')).toMatchObject({ kind: 'UnaryOp', op: 'Invert' });
    expect(expr('+x')).toMatchObject({ kind: 'UnaryOp', op: 'UAdd' });
  });

  test('`not` binds looser than comparisons and tighter than and/or (Lezer gets this wrong)', () => {
    expect(expr('not a and b or c')).toMatchObject({
      kind: 'BoolOp',
      op: 'Or',
      values: [{ kind: 'BoolOp', op: 'And', values: [{ kind: 'UnaryOp', op: 'Not', operand: name('a') }, name('b')] }, name('c')],
    });
    expect(expr('not a == b')).toMatchObject({ kind: 'UnaryOp', op: 'Not', operand: { kind: 'Compare' } });
    expect(expr('x and not y or z')).toMatchObject({ op: 'Or', values: [{ op: 'And', values: [name('x'), { op: 'Not' }] }, name('z')] });
    expect(expr('not not x')).toMatchObject({ op: 'Not', operand: { op: 'Not', operand: name('x') } });
  });

  test('`await` takes a primary, like CPython (Lezer gives it the whole operand)', () => {
    const body = (e: string) => ((parse(`async def f():\n    x = ${e}\n`).body[0] as A.AsyncFunctionDef).body[0] as A.Assign).value;
    expect(body('await a + b')).toMatchObject({ kind: 'BinOp', op: 'Add', left: { kind: 'Await', value: name('a') }, right: name('b') });
    expect(body('await a ** 2')).toMatchObject({ op: 'Pow', left: { kind: 'Await' } });
    expect(body('x - await a << b')).toMatchObject({ op: 'LShift', left: { op: 'Sub', right: { kind: 'Await', value: name('a') } }, right: name('b') });
    expect(body('-await a.b(1)[2]')).toMatchObject({ kind: 'UnaryOp', operand: { kind: 'Await', value: { kind: 'Subscript', value: { kind: 'Call' } } } });
    expect(body('await (a + b)')).toMatchObject({ kind: 'Await', value: { kind: 'BinOp' } });
    expect(body('await a and b')).toMatchObject({ kind: 'BoolOp', values: [{ kind: 'Await' }, name('b')] });
  });

  test('boolean runs flatten into one BoolOp; parentheses keep nesting', () => {
    expect(expr('a or b or c')).toMatchObject({ kind: 'BoolOp', op: 'Or', values: [name('a'), name('b'), name('c')] });
    expect(expr('a or (b or c)')).toMatchObject({ values: [name('a'), { kind: 'BoolOp', values: [name('b'), name('c')] }] });
    expect(expr('a and b or c and d')).toMatchObject({ op: 'Or', values: [{ op: 'And' }, { op: 'And' }] });
  });

  test('comparisons, chained, with every operator', () => {
    expect(expr('a < b <= c == d != e > f >= g')).toMatchObject({
      kind: 'Compare',
      left: name('a'),
      ops: ['Lt', 'LtE', 'Eq', 'NotEq', 'Gt', 'GtE'],
      comparators: [name('b'), name('c'), name('d'), name('e'), name('f'), name('g')],
    });
    expect(expr('a in b not in c is d is not e')).toMatchObject({ ops: ['In', 'NotIn', 'Is', 'IsNot'] });
    expect(expr('(a < b) < c')).toMatchObject({ left: { kind: 'Compare' }, ops: ['Lt'] });
  });

  test('conditional expressions', () => {
    expect(expr('a if b else c if d else e')).toMatchObject({ kind: 'IfExp', body: name('a'), test: name('b'), orelse: { kind: 'IfExp', test: name('d') } });
  });

  test('displays: list, tuple, dict, set, with unpacking', () => {
    expect(expr('[1, *xs, 2]')).toMatchObject({ kind: 'List', ctx: 'Load', elts: [int(1), { kind: 'Starred', value: name('xs') }, int(2)] });
    expect(expr('(1,)')).toMatchObject({ kind: 'Tuple', elts: [int(1)] });
    expect(expr('()')).toMatchObject({ kind: 'Tuple', elts: [] });
    expect(expr('1, 2')).toMatchObject({ kind: 'Tuple', elts: [int(1), int(2)] });
    expect(expr('{"a": 1, **rest}')).toMatchObject({ kind: 'Dict', keys: [str('a'), null], values: [int(1), name('rest')] });
    expect(expr('{}')).toMatchObject({ kind: 'Dict', keys: [], values: [] });
    expect(expr('{1, 2}')).toMatchObject({ kind: 'Set', elts: [int(1), int(2)] });
    expect(expr('(1)')).toMatchObject(int(1));
  });

  test('comprehensions with several for/if clauses, and their scopes', () => {
    expect(expr('[i * j for i in range(3) if i for j in range(i) if j if j > 1]')).toMatchObject({
      kind: 'ListComp',
      elt: { kind: 'BinOp' },
      generators: [
        { kind: 'comprehension', target: name('i', 'Store'), iter: { kind: 'Call' }, ifs: [name('i')], isAsync: false },
        { target: name('j', 'Store'), ifs: [name('j'), { kind: 'Compare' }] },
      ],
      locals: ['i', 'j'],
      isAsync: false,
    });
    expect(expr('{k: v for k, v in d.items()}')).toMatchObject({ kind: 'DictComp', key: name('k'), value: name('v'), generators: [{ target: { kind: 'Tuple' } }] });
    expect(expr('{c for c in s}')).toMatchObject({ kind: 'SetComp', elt: name('c') });
    expect(expr('(x for x in y)')).toMatchObject({ kind: 'GeneratorExp', elt: name('x') });
  });

  test('a generator expression as the sole argument of a call', () => {
    expect(expr('sum(x * 2 for x in xs)')).toMatchObject({
      kind: 'Call',
      func: name('sum'),
      args: [{ kind: 'GeneratorExp', elt: { kind: 'BinOp' }, generators: [{ target: name('x', 'Store') }] }],
      keywords: [],
    });
  });

  test('async comprehensions inside async def', () => {
    const f = parse(lines('async def f():', '    a = [x async for x in agen()]', '    b = [await t for t in tasks]', '    c = {k: await v for k, v in d}')).body[0] as A.AsyncFunctionDef;
    expect(f.body).toMatchObject([
      { value: { kind: 'ListComp', isAsync: true, generators: [{ isAsync: true }] } },
      { value: { kind: 'ListComp', isAsync: true, generators: [{ isAsync: false }], elt: { kind: 'Await' } } },
      { value: { kind: 'DictComp', isAsync: true } },
    ]);
  });

  test('asynchronous generator expressions, anywhere; one shields the comprehension around it', () => {
    const m = parse(lines('async def f():', '    a = (x async for x in agen())', '    b = [y for y in (await t for t in ts)]', 'def g(ts):', '    return (await t for t in ts)'));
    const [f, g] = m.body as [A.AsyncFunctionDef, A.FunctionDef];
    expect(f.body).toMatchObject([
      { value: { kind: 'GeneratorExp', isAsync: true, generators: [{ isAsync: true }] } },
      { value: { kind: 'ListComp', isAsync: false, generators: [{ iter: { kind: 'GeneratorExp', isAsync: true } }] } },
    ]);
    expect(g.body).toMatchObject([{ value: { kind: 'GeneratorExp', isAsync: true, elt: { kind: 'Await' } } }]);
  });

  test('calls with positional, keyword, *args and **kwargs arguments', () => {
    expect(expr('f(1, *a, k=2, *b, **kw)')).toMatchObject({
      kind: 'Call',
      args: [int(1), { kind: 'Starred', value: name('a') }, { kind: 'Starred', value: name('b') }],
      keywords: [{ kind: 'keyword', arg: 'k', value: int(2) }, { kind: 'keyword', arg: null, value: name('kw') }],
    });
    expect(expr('print("a", "b", sep=", ", end="")')).toMatchObject({ keywords: [{ arg: 'sep' }, { arg: 'end' }] });
  });

  test('attributes, subscripts and slices', () => {
    expect(expr('type(x).__name__')).toMatchObject({ kind: 'Attribute', attr: '__name__', value: { kind: 'Call', func: name('type') } });
    expect(expr('a[1:3]')).toMatchObject({ kind: 'Subscript', slice: { kind: 'Slice', lower: int(1), upper: int(3), step: null } });
    expect(expr('a[::-1]')).toMatchObject({ slice: { kind: 'Slice', lower: null, upper: null, step: { kind: 'UnaryOp', op: 'USub' } } });
    expect(expr('a[:]')).toMatchObject({ slice: { kind: 'Slice', lower: null, upper: null, step: null } });
    expect(expr('a[1:]')).toMatchObject({ slice: { lower: int(1), upper: null } });
    expect(expr('a[:2]')).toMatchObject({ slice: { lower: null, upper: int(2) } });
    expect(expr('a[1, 2:3]')).toMatchObject({ slice: { kind: 'Tuple', elts: [int(1), { kind: 'Slice' }] } });
    expect(expr('a[i,]')).toMatchObject({ slice: { kind: 'Tuple', elts: [name('i')] } });
  });

  test('None, True, False, Ellipsis', () => {
    expect(expr('None')).toMatchObject({ kind: 'Constant', type: 'None', value: null });
    expect(expr('True')).toMatchObject({ type: 'bool', value: true });
    expect(expr('False')).toMatchObject({ type: 'bool', value: false });
    expect(expr('...')).toMatchObject({ type: 'Ellipsis', value: null });
  });

  test('eval and exec are ordinary names (NameError at run time, not a parse error)', () => {
    expect(expr('eval("1")')).toMatchObject({ kind: 'Call', func: name('eval') });
    expect(expr('exec("x = 1")')).toMatchObject({ kind: 'Call', func: name('exec') });
  });

  test('identifiers are NFKC-normalised, as CPython does', () => {
    expect(expr('ﬁle')).toMatchObject(name('file'));
  });
});

describe('literals', () => {
  test('ints, including underscores, other bases and bigints beyond 2**53', () => {
    expect(expr('1_000')).toMatchObject(int(1000));
    expect(expr('0xFF')).toMatchObject(int(255));
    expect(expr('0o17')).toMatchObject(int(15));
    expect(expr('0b1010')).toMatchObject(int(10));
    expect(expr('0')).toMatchObject(int(0));
    expect(expr('00')).toMatchObject(int(0));
    expect(expr('9007199254740991')).toMatchObject(int(9007199254740991));
    expect(expr('9007199254740992')).toMatchObject(int(9007199254740992n));
    expect(expr('123456789012345678901234567890')).toMatchObject(int(123456789012345678901234567890n));
    expect(expr('0x1_0000_0000_0000_0000')).toMatchObject(int(2n ** 64n));
  });

  test('floats', () => {
    expect(expr('1.5')).toMatchObject({ kind: 'Constant', type: 'float', value: 1.5 });
    expect(expr('.25')).toMatchObject({ type: 'float', value: 0.25 });
    expect(expr('1e3')).toMatchObject({ type: 'float', value: 1000 });
    expect(expr('1_000.000_1')).toMatchObject({ type: 'float', value: 1000.0001 });
    expect(expr('2.5E-3')).toMatchObject({ type: 'float', value: 0.0025 });
    expect(expr('1e400')).toMatchObject({ type: 'float', value: Infinity });
    expect(expr('10.0')).toMatchObject({ type: 'float', value: 10 });
  });

  test('strings: quotes, escapes, raw, implicit concatenation', () => {
    expect(expr(`'single'`)).toMatchObject(str('single'));
    expect(expr(`"double"`)).toMatchObject(str('double'));
    expect(expr(`'''tri\nple'''`.replace('\n', '\\n'))).toMatchObject(str('tri\nple'));
    expect(parse('x = """a\nb"""\n').body[0]).toMatchObject({ value: str('a\nb') });
    expect(expr(String.raw`"\n\t\\\'\"\a\b\f\v\r"`)).toMatchObject(str('\n\t\\\'"\x07\b\f\v\r'));
    expect(expr(String.raw`"\x41\u00e9\U0001F600\101\0"`)).toMatchObject(str('Aé😀A\0'));
    expect(expr(String.raw`"\d\q"`)).toMatchObject(str('\\d\\q'));
    expect(expr(String.raw`r"\d\n" R'\''`)).toMatchObject(str("\\d\\n\\'"));
    expect(expr(`u"unicode" 'a' "b"`)).toMatchObject(str('unicodeab'));
    expect(parse('x = "a\\\nb"\n').body[0]).toMatchObject({ value: str('ab') });
    expect(parse('x = ("a"\n     "b")\n').body[0]).toMatchObject({ value: str('ab') });
  });

  test('a file with CRLF line endings still gives \\n inside strings', () => {
    expect(parse('x = """a\r\nb"""\r\ny = 1\r\n').body[0]).toMatchObject({ value: str('a\nb') });
  });

  test('f-strings: fields, conversions, format specs with nested fields, doubled braces, =', () => {
    expect(expr(`f"a{b}c"`)).toMatchObject({
      kind: 'JoinedStr',
      values: [str('a'), { kind: 'FormattedValue', value: name('b'), conversion: null, formatSpec: null }, str('c')],
    });
    expect(expr(`f"{x!r} {y!s}"`)).toMatchObject({ values: [{ conversion: 'r' }, str(' '), { conversion: 's' }] });
    expect(expr(`f"{v:>{width}.2f}"`)).toMatchObject({
      values: [{ kind: 'FormattedValue', formatSpec: { kind: 'JoinedStr', values: [str('>'), { kind: 'FormattedValue', value: name('width') }, str('.2f')] } }],
    });
    expect(expr(`f"{{literal}} {x}"`)).toMatchObject({ values: [str('{literal} '), { kind: 'FormattedValue' }] });
    expect(expr(`f"{x=}"`)).toMatchObject({ values: [str('x='), { value: name('x'), conversion: 'r' }] });
    expect(expr(`f"{x = :>5}"`)).toMatchObject({ values: [str('x = '), { conversion: null, formatSpec: { values: [str('>5')] } }] });
    expect(expr(`f"{'yes' if ok else 'no'}"`)).toMatchObject({ values: [{ value: { kind: 'IfExp' } }] });
    expect(expr(`f"{d['k']} {f'{n}'}"`)).toMatchObject({ values: [{ value: { kind: 'Subscript' } }, str(' '), { value: { kind: 'JoinedStr' } }] });
    expect(expr(`f"{a, b}"`)).toMatchObject({ values: [{ value: { kind: 'Tuple' } }] });
    expect(expr(`f"plain"`)).toMatchObject({ kind: 'JoinedStr', values: [str('plain')] });
    expect(expr(`"a" f"{b}" "c"`)).toMatchObject({ kind: 'JoinedStr', values: [str('a'), { kind: 'FormattedValue' }, str('c')] });
    expect(expr(`rf"\\d{x}"`)).toMatchObject({ values: [str('\\d'), { kind: 'FormattedValue' }] });
    expect(expr(`f"{a != b}"`)).toMatchObject({ values: [{ value: { kind: 'Compare', ops: ['NotEq'] } }] });
  });
});

describe('scopes', () => {
  test('locals, globals, nonlocals, free and cell variables', () => {
    const m = parse(lines(
      'import asyncio',
      'total = 0',
      'def outer(a, *args, k=1, **kw):',
      '    global total',
      '    count = 0',
      '    import random',
      '    for i, j in pairs:',
      '        pass',
      '    try:',
      '        pass',
      '    except Exception as err:',
      '        pass',
      '    def inner():',
      '        nonlocal count',
      '        count += 1',
      '        return a + total',
      '    class K:',
      '        attr = count',
      '    return inner',
    ));
    const outer = m.body[2] as A.FunctionDef;
    expect(outer.locals).toEqual(['a', 'args', 'k', 'kw', 'count', 'random', 'i', 'j', 'err', 'inner', 'K']);
    expect(outer.globals).toEqual(['total']);
    expect(outer.nonlocals).toEqual([]);
    expect(outer.freeVars).toEqual([]);
    expect(outer.cellVars.sort()).toEqual(['a', 'count']);
    const inner = outer.body[5] as A.FunctionDef;
    expect(inner).toMatchObject({ locals: [], globals: [], nonlocals: ['count'] });
    expect(inner.freeVars.sort()).toEqual(['a', 'count']);
    const k = outer.body[6] as A.ClassDef;
    expect(k).toMatchObject({ locals: ['attr'], freeVars: ['count'] });
  });

  test('a name assigned anywhere in a function is local throughout it', () => {
    const f = parse(lines('x = 1', 'def f():', '    print(x)', '    x = 2')).body[1] as A.FunctionDef;
    expect(f.locals).toEqual(['x']);
    expect(f.freeVars).toEqual([]);
  });

  test('class bodies are not enclosing scopes for their methods', () => {
    const m = parse(lines('def f():', '    y = 1', '    class C:', '        y = 2', '        def m(self):', '            return y'));
    const c = (m.body[0] as A.FunctionDef).body[1] as A.ClassDef;
    const meth = c.body[1] as A.FunctionDef;
    expect(meth.freeVars).toEqual(['y']);
    expect(c.locals).toEqual(['y', 'm']);
    expect((m.body[0] as A.FunctionDef).cellVars).toEqual(['y']);
  });

  test('comprehension variables are local to the comprehension; lambdas have their own scope', () => {
    const f = parse(lines('def f(n):', '    sq = [i * n for i in range(n)]', '    g = lambda x: x + n', '    return sq, g')).body[0] as A.FunctionDef;
    expect(f.locals).toEqual(['n', 'sq', 'g']);
    expect(f.cellVars.sort()).toEqual(['n']);
    const comp = (f.body[0] as A.Assign).value as A.ListComp;
    expect(comp).toMatchObject({ locals: ['i'], freeVars: ['n'] });
    const lam = (f.body[1] as A.Assign).value as A.Lambda;
    expect(lam).toMatchObject({ locals: ['x'], freeVars: ['n'] });
  });

  test('super() gives a method the implicit __class__ free variable, as in CPython', () => {
    const c = parse(lines('class A(B):', '    def __init__(self):', '        super().__init__()')).body[0] as A.ClassDef;
    expect((c.body[0] as A.FunctionDef).freeVars).toEqual(['__class__']);
    expect(c.cellVars).toEqual(['__class__']);
  });
});

describe('positions', () => {
  test('line and 1-based column of nodes; ranges are UTF-16 offsets', () => {
    const src = lines('async def main():', '    x = await asyncio.sleep(1)', '    return x');
    const f = parse(src).body[0] as A.AsyncFunctionDef;
    expect(f).toMatchObject({ line: 1, col: 1, range: { from: 0 } });
    expect(f.range.to).toBe(src.trimEnd().length);
    const assign = f.body[0] as A.Assign;
    expect(assign).toMatchObject({ line: 2, col: 5 });
    expect(src.slice(assign.range.from, assign.range.to)).toBe('x = await asyncio.sleep(1)');
    const awaited = assign.value as A.Await;
    expect(awaited).toMatchObject({ line: 2, col: 9 });
    expect(src.slice(awaited.range.from, awaited.range.to)).toBe('await asyncio.sleep(1)');
    expect((awaited.value as A.Call).func).toMatchObject({ line: 2, col: 15 });
  });

  test('columns count code points', () => {
    const e = expr('"😀" + y') as A.BinOp;
    expect(e.right).toMatchObject({ line: 1, col: 11 });
  });

  test('elif clauses start at their keyword', () => {
    const s = stmt(lines('if a:', '    pass', 'elif b:', '    pass')) as A.If;
    expect(s.orelse[0]).toMatchObject({ kind: 'If', line: 3, col: 1 });
  });

  test('lineColAt and createLineIndex handle \\n, \\r\\n and \\r', () => {
    const src = 'a\nbc\r\nd\re';
    expect(lineColAt(src, 0)).toEqual({ line: 1, col: 1 });
    expect(lineColAt(src, 3)).toEqual({ line: 2, col: 2 });
    expect(lineColAt(src, 6)).toEqual({ line: 3, col: 1 });
    expect(lineColAt(src, 8)).toEqual({ line: 4, col: 1 });
    expect(lineColAt(src, 99)).toEqual({ line: 4, col: 2 });
    const index = createLineIndex(src);
    expect(index.lineCount).toBe(4);
    expect(index.lineText(2)).toBe('bc');
    expect(index.lineStart(3)).toBe(6);
  });

  test('forEachChild visits every child once, in source order', () => {
    const src = lines('def f(a, b=1, *c, d=2, **e):', '    return [x for x in a if x] + {k: v for k, v in b}');
    const seen: string[] = [];
    const walk = (n: A.Node): void => {
      seen.push(n.kind);
      forEachChild(n, walk);
    };
    walk(parse(src));
    expect(seen.filter((k) => k === 'arg')).toHaveLength(5);
    expect(seen.filter((k) => k === 'comprehension')).toHaveLength(2);
    expect(seen[0]).toBe('Module');
  });
});

// [source, message, line, column, hint (substring)]
const refused: [string, string, number, number, string?][] = [
  ['match x, y:\n    case 1:\n        pass\n', 'this form of `match` is not supported', 1, 1, 'match (a, b):'],
  ['@registry[0].hook\nasync def f():\n    pass\n', 'this form of decorator is not supported', 1, 1, '@name(args)'],
  ['f = lambda: (yield)\n', 'a lambda cannot be a generator here', 1, 14, 'def'],
  ['import socket\n', 'Loopscope does not model the socket module yet', 1, 8, 'asyncio, '],
  ['import asyncio, subprocess\n', 'Loopscope does not model the subprocess module yet', 1, 17],
  ['import asyncio.subprocess\n', 'Loopscope does not model asyncio.subprocess yet', 1, 8, 'scenarios can import asyncio, '],
  ['from socket import socket\n', 'Loopscope does not model the socket module yet', 1, 6],
  ['from . import helpers\n', 'relative imports are not supported', 1, 1, 'single file'],
  ['class A(*bases):\n    pass\n', 'a class base list cannot use *', 1, 9],
  ['def f[T](x: T) -> T:\n    return x\n', 'type parameter lists are not supported', 1, 6, 'Python 3.11'],
  ['type Point = tuple[int, int]\n', 'the `type` statement is not supported', 1, 1],
  ['m = a @ b\n', 'the @ operator (matrix multiplication) is not supported', 1, 7],
  ['m @= b\n', 'the @= operator (matrix multiplication) is not supported', 1, 3],
  ['print >>sys.stderr, "x"\n', '`print >>file, ...` is Python 2 syntax', 1, 1, 'print(...)'],
  ['print = log\n', '`print` can only be used as a call here', 1, 1, 'print(...)'],
  ['z = 1j\n', 'complex numbers are not supported', 1, 5],
  ['s = "\\N{EM DASH}"\n', '\\N{...} escapes are not supported', 1, 6, '\\uXXXX'],
  ['s = f"{x!a}"\n', 'the !a conversion is not supported', 1, 9, '!r'],
  ['x = 1.\n', 'a float literal must have digits after the decimal point', 1, 5, 'write 1.0'],
  ['x = 2.e3\n', 'a float literal must have digits after the decimal point', 1, 5, 'write 2.0'],
  ['x = a[*b]\n', 'starred expressions in subscripts are not supported', 1, 7],
  ['for x in *a, b:\n    pass\n', 'a starred iterable after `in` must be parenthesised here', 1, 10, 'for x in (*a, b)'],
  // Valid Python the grammar behind the editor lacks: refused as a form, not called a syntax error.
  ['async def f():\n    async with (a as b, c as d):\n        pass\n', 'this form of `async with` is not supported', 2, 19, 'without parentheses'],
  ['async def f():\n    async with a as (b, c):\n        pass\n', 'this form of `async with` is not supported', 2, 21, 'plain name'],
  ['async def f():\n    async with a as self.x:\n        pass\n', 'this form of `async with` is not supported', 2, 25, 'plain name'],
  // The earliest refusal wins, whatever pass finds it.
  ['f = lambda: (yield)\nimport socket\n', 'a lambda cannot be a generator here', 1, 14],
];

describe('refused constructs', () => {
  test.each(refused)('%j', (src, message, line, column, hint) => {
    const e = fail(src);
    expect(e).toBeInstanceOf(ScenarioError);
    expect({ kind: e.kind, message: e.message, line: e.line, column: e.column }).toEqual({ kind: 'unsupported', message, line, column });
    expect(e.pythonClass).toBeNull();
    if (hint !== undefined) expect(e.hint).toContain(hint);
  });

  test('a syntax error anywhere beats a refusal, as CPython would not run the file either', () => {
    const e = fail('import ssl\nx = = 1\n');
    expect(e).toMatchObject({ kind: 'syntax', message: 'invalid syntax', line: 2, column: 5 });
    expect(fail('import ssl\ndef f():\n    return\nreturn 1\n')).toMatchObject({ kind: 'syntax', message: "'return' outside function", line: 4 });
  });

  test('nonlocal without a binding is refused at parse time, as CPython does', () => {
    expect(fail('def f():\n    nonlocal x\n')).toMatchObject({ kind: 'syntax', message: "no binding for nonlocal 'x' found", line: 2, column: 5 });
  });
});

// [source, message, line, column, pythonClass?]; columns are 1-based, CPython's unless noted.
const syntaxErrors: [string, string, number, number, string?][] = [
  // tokenizer
  ["x = 'abc\n", 'unterminated string literal (detected at line 1)', 1, 5],
  ['x = """abc\ny\n', 'unterminated triple-quoted string literal (detected at line 2)', 1, 5],
  ['x = (1,\ny = 2\n', "'(' was never closed", 1, 5],
  ['x = 1)\n', "unmatched ')'", 1, 6],
  ['x = (1]\n', "closing parenthesis ']' does not match opening parenthesis '('", 1, 7],
  ['x = (1,\n2]\n', "closing parenthesis ']' does not match opening parenthesis '(' on line 1", 2, 2],
  ['x = 1abc\n', 'invalid decimal literal', 1, 5],
  ['x = 1__0\n', 'invalid decimal literal', 1, 5],
  ['x = 07\n', 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers', 1, 5],
  ['x = 0x\n', 'invalid hexadecimal literal', 1, 5],
  ['x = 0o8\n', "invalid digit '8' in octal literal", 1, 7],
  ['x = 0b12\n', "invalid digit '2' in binary literal", 1, 8],
  ['x = €\n', "invalid character '€' (U+20AC)", 1, 5],
  ['x = 1\u00a0+ 1\n', 'invalid non-printable character U+00A0', 1, 6],
  ['x = 1€\n', "invalid character '€' (U+20AC)", 1, 6],
  ['x = 1 \\ 2\n', 'unexpected character after line continuation character', 1, 8],
  ['x = 1\0\n', 'source code cannot contain null bytes', 1, 6],
  ['x = ' + '('.repeat(201) + '\n', 'too many nested parentheses', 1, 205],
  // indentation (columns: ours point at the first token of the line)
  ['if x:\ny = 1\n', "expected an indented block after 'if' statement on line 1", 2, 1, 'IndentationError'],
  ['def f():\nreturn\n', 'expected an indented block after function definition on line 1', 2, 1, 'IndentationError'],
  ['class A:\npass\n', 'expected an indented block after class definition on line 1', 2, 1, 'IndentationError'],
  ['try:\n    x\nexcept* E:\nx\n', "expected an indented block after 'except*' statement on line 3", 4, 1, 'IndentationError'],
  ['async def f():\n    async for x in y:\n    pass\n', "expected an indented block after 'for' statement on line 2", 3, 5, 'IndentationError'],
  ['if x:\n', "expected an indented block after 'if' statement on line 1", 1, 6, 'IndentationError'],
  [' x = 1\n', 'unexpected indent', 1, 2, 'IndentationError'],
  ['x = 1\n    y = 2\n', 'unexpected indent', 2, 5, 'IndentationError'],
  ['if x:\n    a\n  b\n', 'unindent does not match any outer indentation level', 3, 3, 'IndentationError'],
  ['if x:\n        a\n\tb\n', 'inconsistent use of tabs and spaces in indentation', 3, 2, 'TabError'],
  // parser
  ['x = = 1\n', 'invalid syntax', 1, 5],
  ['if x\n    pass\n', "expected ':'", 1, 5],
  ['def f()\n    pass\n', "expected ':'", 1, 8],
  ['def f:\n    pass\n', "expected '('", 1, 6],
  ['f(1 2)\n', 'invalid syntax. Perhaps you forgot a comma?', 1, 3],
  ['x = a if b\n', "expected 'else' after 'if' expression", 1, 5],
  ['f(a.b=1)\n', 'expression cannot contain assignment, perhaps you meant "=="?', 1, 3],
  ['try:\n    pass\nx = 1\n', "expected 'except' or 'finally' block", 3, 1],
  ['print x\n', "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1],
  ['f(x for x in y, 1)\n', 'Generator expression must be parenthesized', 1, 3],
  ['f(a=1, b)\n', 'positional argument follows keyword argument', 1, 8],
  ['f(**a, b)\n', 'positional argument follows keyword argument unpacking', 1, 8],
  ['f(**a, *b)\n', 'iterable argument unpacking follows keyword argument unpacking', 1, 8],
  ['f(a=1, a=2)\n', 'keyword argument repeated: a', 1, 8],
  ['f(x=1 for y in z)\n', "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 3],
  ['(a.b := 1)\n', 'cannot use assignment expressions with attribute', 1, 2],
  ['((a) := 1)\n', 'cannot use assignment expressions with name', 1, 3],
  ['x := 5\n', 'invalid syntax', 1, 3],
  ['[i := 0 for i in range(3)]\n', "assignment expression cannot rebind comprehension iteration variable 'i'", 1, 2],
  ['class C:\n    x = [(y := 1) for _ in range(2)]\n', 'assignment expression within a comprehension cannot be used in a class body', 2, 11],
  ['try:\n    pass\nexcept A, e:\n    pass\n', 'multiple exception types must be parenthesized', 3, 8],
  ['try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n', "default 'except:' must be last", 3, 1],
  ['try:\n    pass\nexcept* E:\n    pass\nexcept E:\n    pass\n', "cannot have both 'except' and 'except*' on the same 'try'", 5, 1],
  ['try:\n    pass\nexcept*:\n    pass\n', 'expected one or more exception types', 3, 8],
  ['raise a, b\n', 'invalid syntax', 1, 8],
  ['if a:\n    pass\nelif:\n    pass\n', 'invalid syntax', 3, 5],
  ['f() = 1\n', "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1],
  ['a + 1 = 2\n', "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 1],
  ['[a, f()] = x\n', 'cannot assign to function call', 1, 5],
  ['None = 1\n', 'cannot assign to None', 1, 1],
  ['x = f() = 1\n', 'cannot assign to function call', 1, 5],
  ['for f() in x:\n    pass\n', 'cannot assign to function call', 1, 5],
  ['a < b = 1\n', 'cannot assign to comparison', 1, 1],
  ['x = yield = 1\n', 'assignment to yield expression not possible', 1, 5],
  ['del f()\n', 'cannot delete function call', 1, 5],
  ['a, b += 1\n', "'tuple' is an illegal expression for augmented assignment", 1, 1],
  ['f() += 1\n', "'function call' is an illegal expression for augmented assignment", 1, 1],
  ['a, b: int\n', 'only single target (not tuple) can be annotated', 1, 1],
  ['[a]: int = 1\n', 'only single target (not list) can be annotated', 1, 1],
  ['*a = 1\n', 'starred assignment target must be in a list or tuple', 1, 1],
  ['a, *b, *c = d\n', 'multiple starred expressions in assignment', 1, 1],
  ['x = *a\n', "can't use starred expression here", 1, 5],
  ['(*a)\n', 'cannot use starred expression here', 1, 2],
  ['def f(a=1, b):\n    pass\n', 'non-default argument follows default argument', 1, 12],
  ['def f(a, a):\n    pass\n', "duplicate argument 'a' in function definition", 1, 10],
  ['def f(**k, a):\n    pass\n', 'arguments cannot follow var-keyword argument', 1, 12],
  ['def f(*a, *b):\n    pass\n', '* argument may appear only once', 1, 11],
  ['def f(*):\n    pass\n', 'named arguments must follow bare *', 1, 7],
  ['x = f"{}"\n', 'f-string: empty expression not allowed', 1, 7],
  ['x = f"a}b"\n', "f-string: single '}' is not allowed", 1, 8],
  ['x = f"{x!z}"\n', "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 10],
  ['x = f"{x#}"\n', "f-string expression part cannot include '#'", 1, 9],
  ['x = f"{a[\\"b\\"]}"\n', 'f-string expression part cannot include a backslash', 1, 10],
  ['x = f"{"a"}"\n', "f-string: expecting '}'", 1, 7],
  ['x = f"{x:{y:{z}}}"\n', 'f-string: expressions nested too deeply', 1, 13],
  ["x = '\\x4'\n", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape", 1, 6],
  ['1 <> 2\n', 'invalid syntax', 1, 3],
  ['a < not b\n', 'invalid syntax', 1, 5],
  // compiler and symtable
  ['await x\n', "'await' outside function", 1, 1],
  ['def f():\n    await x\n', "'await' outside async function", 2, 5],
  ['async def f():\n    g = lambda: await x\n', "'await' outside async function", 2, 17],
  ['class A:\n    await x\n', "'await' outside function", 2, 5],
  ['def f():\n    return [await x for x in y]\n', 'asynchronous comprehension outside of an asynchronous function', 2, 12],
  ['x = [i async for i in y]\n', 'asynchronous comprehension outside of an asynchronous function', 1, 5],
  ['async for x in y:\n    pass\n', "'async for' outside async function", 1, 1],
  ['def f():\n    async with x:\n        pass\n', "'async with' outside async function", 2, 5],
  ['return 1\n', "'return' outside function", 1, 1],
  ['class A:\n    return\n', "'return' outside function", 2, 5],
  ['break\n', "'break' outside loop", 1, 1],
  ['for x in y:\n    def g():\n        continue\n', "'continue' not properly in loop", 3, 9],
  ['x = yield\n', "'yield' outside function", 1, 5],
  ['async def f():\n    yield from g\n', "'yield from' inside async function", 2, 5],
  ['async def f():\n    yield 1\n    return 2\n', "'return' with value in async generator", 3, 5],
  // (CPython says column 10, the parenthesis; its own AST puts the Yield at 11, as we do.)
  ['async def f():\n    x = [(yield) for y in z]\n', "'yield' inside list comprehension", 2, 11],
  ['nonlocal x\n', 'nonlocal declaration not allowed at module level', 1, 1],
  ['def f(x):\n    global x\n', "name 'x' is parameter and global", 2, 5],
  ['def f():\n    x = 1\n    global x\n', "name 'x' is assigned to before global declaration", 3, 5],
  ['def f():\n    print(x)\n    global x\n', "name 'x' is used prior to global declaration", 3, 5],
  ['def f(x):\n    nonlocal x\n', "name 'x' is parameter and nonlocal", 2, 5],
  ['def f():\n    x = 1\n    def g():\n        global x\n        def h():\n            nonlocal x\n', "no binding for nonlocal 'x' found", 6, 13],
  ['def f():\n    global a\n    a: int = 1\n', "annotated name 'a' can't be global", 3, 5],
  ['for x in y:\n    try:\n        pass\n    except* E:\n        break\n', "'break', 'continue' and 'return' cannot appear in an except* block", 5, 9],
  // from __future__ (future.c, and the compiler for a late one)
  ['from __future__ import nonsense\n', 'future feature nonsense is not defined', 1, 1],
  ['from __future__ import *\n', 'future feature * is not defined', 1, 1],
  ['from __future__ import braces\n', 'not a chance', 1, 1],
  ['import os\nfrom __future__ import annotations\n', 'from __future__ imports must occur at the beginning of the file', 2, 1],
  ['"""doc"""\nfrom __future__ import annotations\nx = 1; from __future__ import division\n', 'from __future__ imports must occur at the beginning of the file', 3, 8],
  ['def f():\n    from __future__ import annotations\n', 'from __future__ imports must occur at the beginning of the file', 2, 5],
  // which error wins
  ["x = = 1\ny = 'abc\n", 'unterminated string literal (detected at line 2)', 2, 5],
  [' x = 1\ny = "abc\n', 'unexpected indent', 1, 2, 'IndentationError'],
  ['f() = 1\nif x:\n    a\n  b\n', "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1],
  ['x = (\n1 = = 2\n', "'(' was never closed", 1, 5],
  ['import os\nbreak\n', "'break' outside loop", 2, 1],
  // match: what CPython's compiler refuses in a pattern
  ['match c:\n    case x:\n        pass\n    case 1:\n        pass\n', "name capture 'x' makes remaining patterns unreachable", 2, 10],
  ['match c:\n    case _:\n        pass\n    case 1:\n        pass\n', 'wildcard makes remaining patterns unreachable', 2, 10],
  ['match c:\n    case (x | y) as z:\n        pass\n', "name capture 'x' makes remaining patterns unreachable", 2, 11],
  ['match c:\n    case [x, x]:\n        pass\n', "multiple assignments to name 'x' in pattern", 2, 14],
  ['match c:\n    case 1 | x:\n        pass\n', 'alternative patterns bind different names', 2, 14],
  ['match c:\n    case [x] | [y]:\n        pass\n', 'alternative patterns bind different names', 2, 17],
  ['match c:\n    case [x, y] | [x]:\n        pass\n', 'alternative patterns bind different names', 2, 20],
  ['match c:\n    case [*a, *b]:\n        pass\n', 'multiple starred names in sequence pattern', 2, 10],
  ['match c:\n    case Point(x=1, 2):\n        pass\n', 'positional patterns follow keyword patterns', 2, 21],
  ['match c:\n    case Point(x=1, x=2):\n        pass\n', 'attribute name repeated in class pattern: x', 2, 23],
  ['match c:\n    case {"a": 1, "a": 2}:\n        pass\n', "mapping pattern checks duplicate key ('a')", 2, 10],
  ['match c:\n    case {1: _, True: _}:\n        pass\n', 'mapping pattern checks duplicate key (True)', 2, 10],
  ['match c:\n    case 1 as _:\n        pass\n', "cannot use '_' as a target", 2, 15],
  // a star pattern anywhere but in a sequence
  ['match c:\n    case *x:\n        pass\n', 'invalid syntax', 2, 12],
  ['match c:\n    case (*x):\n        pass\n', 'invalid syntax', 2, 13],
  ['match c:\n    case {"a": *x}:\n        pass\n', 'invalid syntax', 2, 16],
  ['match c:\n    case P(*x):\n        pass\n', 'invalid syntax', 2, 12],
  ['match c:\n    case 1 | *x:\n        pass\n', 'invalid syntax', 2, 14],
  ['match c:\n    case *x as y:\n        pass\n', 'invalid syntax', 2, 13],
  // the positional-only marker, misplaced
  ['def f(/, a):\n    pass\n', 'at least one argument must precede /', 1, 7],
  ['def f(a, /, b, /):\n    pass\n', '/ may appear only once', 1, 16],
  ['def f(*, a, /):\n    pass\n', '/ must be ahead of *', 1, 13],
  ['def f(*a, /):\n    pass\n', '/ must be ahead of *', 1, 11],
  ['def f(**k, /):\n    pass\n', 'arguments cannot follow var-keyword argument', 1, 12],
];

describe('syntax errors', () => {
  test.each(syntaxErrors)('%j', (src, message, line, column, pythonClass = 'SyntaxError') => {
    const e = fail(src);
    expect({ kind: e.kind, message: e.message, line: e.line, column: e.column, pythonClass: e.pythonClass }).toEqual({
      kind: 'syntax',
      message,
      line,
      column,
      pythonClass,
    });
  });

  test.skipIf(!cpython().ok)('CPython rejects each of these sources too, with the same message', () => {
    const sources = syntaxErrors.map(([src]) => src);
    const reference = cpythonReference(sources);
    sources.forEach((src, i) => {
      const ref = reference[i]!;
      expect(ref.ok, src).toBe(false);
      // (For a string CPython says "source code string cannot contain null bytes"; a file is
      // what a scenario is.)
      if (!ref.ok && !ref.msg.includes('null bytes')) expect(fail(src).message, src).toBe(ref.msg);
    });
  });
});

describe('ScenarioError', () => {
  test('format(): file:line:col, hint, source line and carets', () => {
    const e = fail('import asyncio\nimport ssl, time\n');
    expect(e.format()).toBe(
      [
        'test.py:2:8: error: Loopscope does not model the ssl module yet',
        `  hint: ${HINTS.importable()}`,
        '    import ssl, time',
        '           ^^^',
      ].join('\n'),
    );
    const w = fail('z = 1j\n');
    expect(w.format()).toBe(['test.py:1:5: error: complex numbers are not supported', '    z = 1j', '        ^^'].join('\n'));
  });

  test('format() keeps tabs so the carets line up', () => {
    const e = fail('if x:\n\ty = = 1\n');
    expect(e.format().split('\n').slice(-2)).toEqual(['    \ty = = 1', '    \t    ^']);
  });

  test('toJSON / fromJSON round trip, and structuredClone keeps the data', () => {
    const e = fail('import ssl\n');
    const data = JSON.parse(JSON.stringify(e));
    expect(data).toEqual({
      kind: 'unsupported',
      file: 'test.py',
      line: 1,
      column: 8,
      endLine: 1,
      endColumn: 11,
      from: 7,
      to: 10,
      message: 'Loopscope does not model the ssl module yet',
      hint: HINTS.importable(),
      sourceLine: 'import ssl',
      pythonClass: null,
    });
    const back = ScenarioError.fromJSON(data);
    expect(back).toBeInstanceOf(ScenarioError);
    expect(back.format()).toBe(e.format());
    expect(structuredClone(e.toJSON())).toEqual(e.toJSON());
  });

  test('an error at the very end of the file points just past the last character', () => {
    const e = fail('x = (1 +');
    expect(e).toMatchObject({ line: 1, column: 5, message: "'(' was never closed" });
    const f = fail('x = 1 +');
    expect(f).toMatchObject({ line: 1, column: 8, endLine: 1, endColumn: 9 });
  });
});

describe('docs/scenario-language.md', () => {
  test('has examples', () => {
    expect(docExamples.length).toBeGreaterThan(5);
  });
  test.each(docExamples.map((src, i) => [i, src] as const))('example %i parses', (_i, src) => {
    parse(src);
  });
});

describe('realistic scenarios', () => {
  test.each(scenarioFiles)('%s parses', (file) => {
    parse(readFixture(file));
  });

  test('counter: a class used sequentially and with gather', () => {
    const m = parse(readFixture('counter.py'));
    const cls = m.body.find((s): s is A.ClassDef => s.kind === 'ClassDef')!;
    expect(cls.name).toBe('Counter');
    expect(cls.body.filter((s) => s.kind.endsWith('FunctionDef')).map((s) => (s as A.FunctionDef).name)).toEqual(['__init__', 'increment', '__repr__']);
    const conc = m.body.find((s) => s.kind === 'AsyncFunctionDef' && s.name === 'run_concurrently') as A.AsyncFunctionDef;
    expect(conc.body[0]).toMatchObject({ value: { kind: 'Await', value: { kind: 'Call', args: [{ kind: 'Starred', value: { kind: 'GeneratorExp' } }] } } });
  });

  test('taskgroup: TryStar with two except* handlers', () => {
    const main = parse(readFixture('taskgroup.py')).body.find((s) => s.kind === 'AsyncFunctionDef' && s.name === 'main') as A.AsyncFunctionDef;
    expect(main.body[1]).toMatchObject({ kind: 'TryStar', handlers: [{ name: 'group' }, { type: { kind: 'Tuple' } }] });
  });

  test('async generators are marked', () => {
    const m = parse(readFixture('async_generator.py'));
    const fns = m.body.filter((s): s is A.AsyncFunctionDef => s.kind === 'AsyncFunctionDef');
    expect(fns.map((f) => [f.name, f.isGenerator])).toEqual([['ticker', true], ['squares', true], ['main', false]]);
  });

  test('producer/consumer: the queue loop', () => {
    const m = parse(readFixture('producer_consumer.py'));
    const consumer = m.body.find((s) => s.kind === 'AsyncFunctionDef' && s.name === 'consumer') as A.AsyncFunctionDef;
    expect(consumer.body[0]).toMatchObject({ kind: 'While', body: [{ kind: 'Assign' }, { kind: 'Try', finalbody: [{ kind: 'Expr' }] }] });
  });
});

/** Snippets checked against CPython's own AST, positions included (see fixtures/parse/cpython.ts). */
const corpus: string[] = [
  'x = a if b else c\ny = not a and b or not c\nz = a < b < c\n',
  'async def f():\n    r = await a + b * await c ** -d\n    s = -await x << y | z\n    return r, s\n',
  'x = [i for i in range(3) if i for j in range(i)]\ny = {k: v for k, v in d}\nz = {c for c in s}\nw = sum(x for x in y)\n',
  'x = f"{a!r:>{w}} {b=} {{}} {c:.2f}" "tail"\ny = rf"\\d{x}"\n',
  'a, *b = c\n[d, e] = f\ng.h = i[j] = k[1:2] = 0\nx += 1\ny: int = 2\n',
  'def f(a, b=1, *c, d, e=2, **g) -> int:\n    """doc"""\n    global q\n    del a, b[0], c.d\n    assert a, "m"\n    return\n',
  'class A(B):\n    x = 1\n    def m(self):\n        return super().m()\n',
  'try:\n    pass\nexcept (A, B) as e:\n    raise C from e\nexcept:\n    raise\nelse:\n    pass\nfinally:\n    pass\n',
  'try:\n    pass\nexcept* E as eg:\n    pass\n',
  'async def g():\n    async with a as b, c:\n        async for x in y:\n            yield x\n    yield\n    z = [v async for v in w]\n',
  'x = (1,)\ny = ()\nz = [*a, *b]\nw = {**a, "k": 1}\nv = a[::2], a[1:], a[:, 1]\n',
  'x = 0xff + 0o7 + 0b1 + 1_000 + 1.5e-3 + .5 + 123456789012345678901234567890\n',
  "s = 'a' \"b\" '''c''' r'\\d' u'e' \"\\x41\\u00e9\\101\"\n",
  'f(*a, k=1, *b, **c)\ng(x)(y)[z].w\nlambda: 0\nlambda *a, **k: (a, k)\n',
  'if __name__ == "__main__":\n    asyncio.run(main())\n',
  'def outer():\n    n = 0\n    def inner():\n        nonlocal n\n        n += 1\n        return [n for _ in range(n)]\n    return inner\n',
  // Loops with an else block (run when the loop ends without break).
  'for n in range(2, 9):\n    for x in range(2, n):\n        if n % x == 0:\n            break\n    else:\n        print(n)\nwhile n:\n    n -= 1\nelse:\n    pass\nasync def f():\n    async for x in g():\n        pass\n    else:\n        await h()\n',
  // Issue 13: imports, decorators, with, generators, bytes, class keywords.
  'import asyncio.tasks, time as t\nfrom functools import partial, wraps as w\nfrom itertools import *\nfrom collections import (deque,\n    Counter)\n',
  '@functools.lru_cache(maxsize=None)\n@staticmethod\ndef f(n: int) -> int:\n    return n\n@dataclass(frozen=True)\nclass P(Base, metaclass=ABCMeta, flag=1):\n    x: int = 0\n    @property\n    def y(self):\n        return self.x\n',
  'def gen(n):\n    total = yield\n    yield from range(n)\n    x = yield total\n    return x\n',
  'async def main():\n    with open(p) as fh, lock:\n        await g()\n    with suppress(KeyError):\n        pass\n',
  "data = b'abc\\x00\\u00e9' b\"d\"\nraw = rb'\\d'\n",
  'parts.extend(f"{k}={v!r}" for k, v in d.items())\nsum(a * b for a, b in pairs if a)\n',  // Positional-only parameters (the `/` leaves no node in Lezer's tree, or an error node in a lambda's).
  'def f(a, b=1, /, c=2, *, d):\n    pass\ng = lambda x, /, y: x\ndef h(a,  # first\n      /):\n    pass\n',
  // Every kind of pattern, and the shapes Lezer gives them (group, open sequence, empty brackets).
  'match c:\n    case a, b:\n        pass\n    case [] | () | [1, _, *_]:\n        pass\n    case -1 | 2.5 | "s" | b"b" | None | True | Color.RED:\n        pass\n    case {"k": 1, **rest}:\n        pass\n    case str(n) | int(n) if n:\n        pass\n    case Point():\n        pass\n    case m.Cls(1, y=[z]) as w:\n        pass\n    case (x):\n        pass\n',
  // Asynchronous generator expressions, in an async def and in a plain one.
  'async def f():\n    a = (x async for x in agen())\n    b = sum(x for x in await g())\ndef h(ts):\n    return (await t for t in ts)\n',
];

describe.skipIf(!cpython().ok)('against CPython 3.11', () => {
  const sources = [...scenarioFiles.map(readFixture), ...corpus, ...docExamples];
  const reference = cpythonReference(sources);

  test.each(sources.map((src, i) => [i, src] as const))('source %i: same AST and positions as ast.parse', (i, src) => {
    const ref = reference[i]!;
    expect(ref.ok).toBe(true);
    if (!ref.ok) return;
    expect(normalize(parse(src).body)).toEqual(ref.ast);
  });

  test.each(sources.map((src, i) => [i, src] as const))('source %i: same scopes as symtable', (i, src) => {
    const ref = reference[i]!;
    if (!ref.ok) return;
    const mine = scopeTables(parse(src));
    const theirs = referenceTables(ref.scopes);
    expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [key, table] of theirs) expect(mine.get(key), key).toEqual(table);
  });
});
