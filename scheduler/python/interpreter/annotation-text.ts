/**
 * The text of an annotation under `from __future__ import annotations` (PEP 563): CPython does
 * not evaluate it but stores it as a string, which it writes back from the AST with the limited
 * unparser of Python/ast_unparse.c (not `ast.unparse`). So `x: Union[int, float]` gives
 * 'Union[int, float]', `-> None` gives 'None', `-> "Box[R]"` gives "'Box[R]'" (the repr of the
 * string constant), and parentheses appear only where precedence needs them.
 */
import type * as A from '../ast.ts';
import { floatRepr, intRepr, strRepr } from '../format.ts';
import { PyBytes, bytesRepr } from './pybytes.ts';

// Priority levels, as ast_unparse.c numbers them.
const PR_TUPLE = 0;
const PR_TEST = 1; // if-else, lambda
const PR_OR = 2;
const PR_AND = 3;
const PR_NOT = 4;
const PR_CMP = 5;
const PR_BOR = 6;
const PR_BXOR = 7;
const PR_BAND = 8;
const PR_SHIFT = 9;
const PR_ARITH = 10;
const PR_TERM = 11;
const PR_FACTOR = 12;
const PR_POWER = 13;
const PR_AWAIT = 14;
const PR_ATOM = 15;

const BIN_OPS: Readonly<Record<A.BinOperator, [string, number]>> = {
  Add: [' + ', PR_ARITH],
  Sub: [' - ', PR_ARITH],
  Mult: [' * ', PR_TERM],
  Div: [' / ', PR_TERM],
  Mod: [' % ', PR_TERM],
  FloorDiv: [' // ', PR_TERM],
  LShift: [' << ', PR_SHIFT],
  RShift: [' >> ', PR_SHIFT],
  BitOr: [' | ', PR_BOR],
  BitXor: [' ^ ', PR_BXOR],
  BitAnd: [' & ', PR_BAND],
  Pow: [' ** ', PR_POWER],
};

const CMP_OPS: Readonly<Record<A.CmpOperator, string>> = {
  Eq: ' == ',
  NotEq: ' != ',
  Lt: ' < ',
  LtE: ' <= ',
  Gt: ' > ',
  GtE: ' >= ',
  Is: ' is ',
  IsNot: ' is not ',
  In: ' in ',
  NotIn: ' not in ',
};

const UNARY_OPS: Readonly<Record<A.UnaryOperator, [string, number]>> = {
  Invert: ['~', PR_FACTOR],
  Not: ['not ', PR_NOT],
  UAdd: ['+', PR_FACTOR],
  USub: ['-', PR_FACTOR],
};

/** The string CPython stores in `__annotations__` for this annotation. */
export function annotationText(e: A.Expression): string {
  return unparse(e, PR_TEST);
}

function paren(cond: boolean, s: string): string {
  return cond ? `(${s})` : s;
}

function unparse(e: A.Expression, level: number): string {
  switch (e.kind) {
    case 'BoolOp': {
      const pr = e.op === 'And' ? PR_AND : PR_OR;
      return paren(level > pr, e.values.map((v) => unparse(v, pr + 1)).join(e.op === 'And' ? ' and ' : ' or '));
    }
    case 'BinOp': {
      const [op, pr] = BIN_OPS[e.op];
      const rassoc = e.op === 'Pow' ? 1 : 0;
      return paren(level > pr, unparse(e.left, pr + rassoc) + op + unparse(e.right, pr + 1 - rassoc));
    }
    case 'UnaryOp': {
      const [op, pr] = UNARY_OPS[e.op];
      return paren(level > pr, op + unparse(e.operand, pr));
    }
    case 'Lambda': {
      const positional = e.args.args.length > 0;
      return paren(level > PR_TEST, (positional ? 'lambda ' : 'lambda') + unparseArgs(e.args) + ': ' + unparse(e.body, PR_TEST));
    }
    case 'IfExp':
      return paren(level > PR_TEST, `${unparse(e.body, PR_TEST + 1)} if ${unparse(e.test, PR_TEST + 1)} else ${unparse(e.orelse, PR_TEST)}`);
    case 'Dict':
      return `{${e.values.map((v, i) => (e.keys[i] === null ? `**${unparse(v, PR_BOR)}` : `${unparse(e.keys[i]!, PR_TEST)}: ${unparse(v, PR_TEST)}`)).join(', ')}}`;
    case 'Set':
      return `{${items(e.elts)}}`;
    case 'GeneratorExp':
      return `(${unparse(e.elt, PR_TEST)}${comprehensions(e.generators)})`;
    case 'ListComp':
      return `[${unparse(e.elt, PR_TEST)}${comprehensions(e.generators)}]`;
    case 'SetComp':
      return `{${unparse(e.elt, PR_TEST)}${comprehensions(e.generators)}}`;
    case 'DictComp':
      return `{${unparse(e.key, PR_TEST)}: ${unparse(e.value, PR_TEST)}${comprehensions(e.generators)}}`;
    case 'Yield':
      return e.value === null ? '(yield)' : `(yield ${unparse(e.value, PR_TEST)})`;
    case 'YieldFrom':
      return `(yield from ${unparse(e.value, PR_TEST)})`;
    case 'Await':
      return paren(level > PR_AWAIT, `await ${unparse(e.value, PR_ATOM)}`);
    case 'Compare':
      return paren(level > PR_CMP, unparse(e.left, PR_CMP + 1) + e.ops.map((op, i) => CMP_OPS[op] + unparse(e.comparators[i]!, PR_CMP + 1)).join(''));
    case 'Call': {
      const func = unparse(e.func, PR_ATOM);
      const only = e.args[0];
      // A lone generator expression argument keeps its own parentheses: f(x for x in y).
      if (e.args.length === 1 && e.keywords.length === 0 && only!.kind === 'GeneratorExp') return func + unparse(only!, PR_TEST);
      const args = e.args.map((a) => unparse(a, PR_TEST));
      for (const k of e.keywords) args.push((k.arg === null ? '**' : `${k.arg}=`) + unparse(k.value, PR_TEST));
      return `${func}(${args.join(', ')})`;
    }
    case 'Constant':
      return constant(e);
    case 'JoinedStr':
      return 'f' + strRepr(fstringBody(e.values));
    case 'FormattedValue':
      return formattedValue(e);
    case 'Attribute': {
      const v = e.value;
      // `1 .real`: an int needs a space before the dot.
      const period = v.kind === 'Constant' && v.type === 'int' ? ' .' : '.';
      return unparse(v, PR_ATOM) + period + e.attr;
    }
    case 'Subscript': {
      const starred = e.slice.kind === 'Tuple' && e.slice.elts.some((x) => x.kind === 'Starred');
      return `${unparse(e.value, PR_ATOM)}[${unparse(e.slice, starred ? PR_TUPLE + 1 : PR_TUPLE)}]`;
    }
    case 'Starred':
      return '*' + unparse(e.value, PR_BOR);
    case 'Slice':
      return (e.lower ? unparse(e.lower, PR_TEST) : '') + ':' + (e.upper ? unparse(e.upper, PR_TEST) : '') + (e.step ? ':' + unparse(e.step, PR_TEST) : '');
    case 'Name':
      return e.id;
    case 'List':
      return `[${items(e.elts)}]`;
    case 'Tuple':
      if (e.elts.length === 0) return '()';
      return paren(level > PR_TUPLE, items(e.elts) + (e.elts.length === 1 ? ',' : ''));
    case 'NamedExpr':
      return paren(level > PR_TUPLE, `${unparse(e.target, PR_ATOM)} := ${unparse(e.value, PR_ATOM)}`);
  }
}

function items(elts: A.Expression[]): string {
  return elts.map((x) => unparse(x, PR_TEST)).join(', ');
}

function constant(e: A.Constant): string {
  switch (e.type) {
    case 'int':
      return intRepr(e.value);
    case 'float':
      // An infinite literal (1e999) is written back as one that still overflows.
      return floatRepr(e.value).replace('inf', '1e309');
    case 'str':
      return strRepr(e.value);
    case 'bytes':
      return bytesRepr(PyBytes.fromLatin1(e.value));
    case 'bool':
      return e.value ? 'True' : 'False';
    case 'None':
      return 'None';
    case 'Ellipsis':
      return '...';
  }
}

function comprehensions(generators: A.Comprehension[]): string {
  let out = '';
  for (const g of generators) {
    out += `${g.isAsync ? ' async for ' : ' for '}${unparse(g.target, PR_TUPLE)} in ${unparse(g.iter, PR_TEST + 1)}`;
    for (const cond of g.ifs) out += ` if ${unparse(cond, PR_TEST + 1)}`;
  }
  return out;
}

function unparseArg(a: A.Arg): string {
  return a.annotation === null ? a.arg : `${a.arg}: ${unparse(a.annotation, PR_TEST)}`;
}

function unparseArgs(args: A.Arguments): string {
  const parts: string[] = [];
  const firstDefault = args.args.length - args.defaults.length;
  args.args.forEach((a, i) => {
    let s = unparseArg(a);
    if (i >= firstDefault) s += '=' + unparse(args.defaults[i - firstDefault]!, PR_TEST);
    if (args.posonlyCount > 0 && i + 1 === args.posonlyCount) s += ', /';
    parts.push(s);
  });
  if (args.vararg !== null || args.kwonlyargs.length > 0) parts.push('*' + (args.vararg === null ? '' : unparseArg(args.vararg)));
  args.kwonlyargs.forEach((a, i) => {
    const d = args.kwDefaults[i];
    parts.push(unparseArg(a) + (d === null || d === undefined ? '' : '=' + unparse(d, PR_TEST)));
  });
  if (args.kwarg !== null) parts.push('**' + unparseArg(args.kwarg));
  return parts.join(', ');
}

/** An f-string's literal parts (braces doubled) and fields, inside one pair of quotes. */
function fstringBody(values: A.JoinedStr['values']): string {
  return values.map((v) => (v.kind === 'Constant' ? v.value.replace(/\{/g, '{{').replace(/\}/g, '}}') : formattedValue(v))).join('');
}

function formattedValue(e: A.FormattedValue): string {
  // PR_TEST + 1 so that a lambda, with its ':', is parenthesised.
  const value = unparse(e.value, PR_TEST + 1);
  let out = (value.startsWith('{') ? '{ ' : '{') + value;
  if (e.conversion !== null) out += '!' + e.conversion;
  if (e.formatSpec !== null) out += ':' + fstringBody(e.formatSpec.values);
  return out + '}';
}
