/**
 * The converter's operator layer: `and`/`or`/`not`, comparisons, arithmetic and `await`,
 * re-parsed with Python's precedence where Lezer's grammar has none.
 */
import type { SyntaxNode } from '@lezer/common';
import type * as A from '../../ast.ts';
import { kids } from '../nodes.ts';
import { MAX_EXPRESSION_DEPTH } from '../problems.ts';
import { StringConverter } from './strings.ts';

const BIN_OPS: ReadonlyMap<string, A.BinOperator> = new Map([
  ['+', 'Add'],
  ['-', 'Sub'],
  ['*', 'Mult'],
  ['/', 'Div'],
  ['//', 'FloorDiv'],
  ['%', 'Mod'],
  ['**', 'Pow'],
  ['<<', 'LShift'],
  ['>>', 'RShift'],
  ['|', 'BitOr'],
  ['^', 'BitXor'],
  ['&', 'BitAnd'],
]);

/** Binding strength of Python's binary operators below `**` (higher binds tighter). */
const BIN_LEVEL: ReadonlyMap<string, number> = new Map([
  ['|', 1],
  ['^', 2],
  ['&', 3],
  ['<<', 4],
  ['>>', 4],
  ['+', 5],
  ['-', 5],
  ['*', 6],
  ['/', 6],
  ['//', 6],
  ['%', 6],
  ['@', 6],
]);

/** A re-parsed operand and its source extent, parentheses included. */
interface Operand {
  e: A.Expression;
  from: number;
  to: number;
}

const CMP_OPS: ReadonlyMap<string, A.CmpOperator> = new Map([
  ['==', 'Eq'],
  ['!=', 'NotEq'],
  ['<', 'Lt'],
  ['<=', 'LtE'],
  ['>', 'Gt'],
  ['>=', 'GtE'],
]);

export abstract class OperatorConverter extends StringConverter {
  protected binary(node: SyntaxNode): A.Expression {
    const k = kids(node);
    const b = this.at(node);
    const left = k[0] ?? this.unexpected(node);
    const ops = k.slice(1, -1);
    const right = k[k.length - 1]!;
    if (ops.length === 0) this.unexpected(node);
    const opText = ops.map((o) => this.text(o)).join(' ');

    if (opText === 'and' || opText === 'or') return this.booleanTest(node);

    const cmp = this.compareOp(ops);
    if (cmp) {
      // Flatten `a < b < c` (Lezer nests it to the left) into one Compare.
      const cmpOps: A.CmpOperator[] = [];
      const operands: SyntaxNode[] = [];
      const collect = (n: SyntaxNode): void => {
        if (n.name === 'BinaryExpression') {
          const nk = kids(n);
          const inner = this.compareOp(nk.slice(1, -1));
          if (inner) {
            collect(nk[0]!);
            cmpOps.push(inner);
            operands.push(nk[nk.length - 1]!);
            return;
          }
        }
        operands.push(n);
      };
      collect(left);
      cmpOps.push(cmp);
      operands.push(right);
      for (const o of operands) {
        // Lezer lets `not` appear as a comparison operand; CPython does not.
        if (o.name === 'UnaryExpression' && kids(o)[0]?.name === 'not') this.fail(o.from, o.from + 3, 'invalid syntax');
      }
      const [first, ...rest] = operands.map((o) => this.expr(o));
      return { kind: 'Compare', ...b, left: first!, ops: cmpOps, comparators: rest };
    }

    if (BIN_OPS.has(opText) || opText === '@') return this.arithmetic(node);
    return this.fail(ops[0]!.from, ops[ops.length - 1]!.to, 'invalid syntax');
  }

  /**
   * `and`, `or` and `not`. Lezer's grammar gives `not` no precedence, so it swallows everything
   * to its right: `not a and b` comes out as `not (a and b)`. Flatten the unparenthesised
   * and/or/not run into a sequence and parse it again with Python's precedence
   * (or < and < not); comparisons and anything tighter are operands. Same-operator runs become
   * one BoolOp, as in CPython.
   */
  protected booleanTest(node: SyntaxNode): A.Expression {
    type Tok = { op: 'and' | 'or' | 'not'; from: number } | { atom: SyntaxNode };
    const toks: Tok[] = [];
    // Iterative, because a long `a and b and c ...` chain nests as deep as it is long.
    const stack: (SyntaxNode | Tok)[] = [node];
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (!('name' in item)) {
        toks.push(item);
        continue;
      }
      const n = item;
      const k = n.name === 'BinaryExpression' || n.name === 'UnaryExpression' ? kids(n) : [];
      const op = k.length > 0 ? this.text(n.name === 'UnaryExpression' ? k[0]! : k[1]!) : '';
      if (n.name === 'BinaryExpression' && k.length === 3 && (op === 'and' || op === 'or')) {
        stack.push(k[2]!, { op, from: k[1]!.from }, k[0]!);
      } else if (n.name === 'UnaryExpression' && op === 'not' && k.length === 2) {
        stack.push(k[1]!, { op: 'not', from: k[0]!.from });
      } else {
        toks.push({ atom: n });
      }
    }
    let i = 0;
    const peek = (op: string): boolean => {
      const t = toks[i];
      return t !== undefined && 'op' in t && t.op === op;
    };
    // Results carry their source extent, which includes any parentheses around the operands
    // (CPython's positions do, and an operand's own node does not).
    const parseNot = (): Operand => {
      const starts: number[] = [];
      while (peek('not')) {
        starts.push((toks[i] as { from: number }).from);
        i++;
        if (starts.length > MAX_EXPRESSION_DEPTH) this.tooDeep(starts[0]!);
      }
      const t = toks[i++];
      if (!t || !('atom' in t)) return this.unexpected(node);
      let e = this.expr(t.atom);
      for (let j = starts.length - 1; j >= 0; j--) {
        e = { kind: 'UnaryOp', ...this.base(starts[j]!, t.atom.to), op: 'Not', operand: e };
      }
      return { e, from: starts[0] ?? t.atom.from, to: t.atom.to };
    };
    const parseRun = (op: 'and' | 'or', operand: () => Operand): Operand => {
      const values = [operand()];
      while (peek(op)) {
        i++;
        values.push(operand());
      }
      const first = values[0]!;
      if (values.length === 1) return first;
      const to = values[values.length - 1]!.to;
      const e: A.BoolOp = { kind: 'BoolOp', ...this.base(first.from, to), op: op === 'and' ? 'And' : 'Or', values: values.map((v) => v.e) };
      return { e, from: first.from, to };
    };
    const result = parseRun('or', () => parseRun('and', parseNot));
    if (i !== toks.length) this.unexpected(node);
    return result.e;
  }

  /**
   * Arithmetic, bitwise, unary `+ - ~` and `await`. Lezer's grammar lets `await` (which has no
   * precedence there) take a whole operator expression as its operand: `await a + b` comes out
   * as `await (a + b)`, where Python means `(await a) + b`, and the misplacement leaks into the
   * operators around it (`x - await a << b`). So, as for and/or/not: flatten the unparenthesised
   * run into tokens, in source order, and parse it again with Python's grammar:
   *   bitor > xor > and > shift > sum > term > factor (+ - ~) > power (**) > await > primary.
   * Long left-associative chains are built in a loop, not by recursion.
   */
  protected arithmetic(node: SyntaxNode): A.Expression {
    type Op = { op: string; kind: 'binary' | 'prefix' | 'await'; from: number; to: number };
    type Tok = Op | { atom: SyntaxNode };
    const toks: Tok[] = [];
    const stack: (SyntaxNode | Tok)[] = [node];
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (!('name' in item)) {
        toks.push(item);
        continue;
      }
      const n = item;
      if (n.name === 'BinaryExpression' || n.name === 'UnaryExpression' || n.name === 'AwaitExpression') {
        const k = kids(n);
        if (n.name === 'BinaryExpression') {
          const ops = k.slice(1, -1);
          const text = ops.map((o) => this.text(o)).join(' ');
          if (ops.length > 0 && (BIN_OPS.has(text) || text === '@')) {
            stack.push(k[k.length - 1]!, { op: text, kind: 'binary', from: ops[0]!.from, to: ops[ops.length - 1]!.to }, k[0]!);
            continue;
          }
        } else if (k.length === 2) {
          const text = this.text(k[0]!);
          if (n.name === 'AwaitExpression' || text !== 'not') {
            stack.push(k[1]!, { op: text, kind: n.name === 'AwaitExpression' ? 'await' : 'prefix', from: k[0]!.from, to: k[0]!.to });
            continue;
          }
        }
      }
      toks.push({ atom: n });
    }

    let i = 0;
    const peekOp = (): Op | null => {
      const t = toks[i];
      return t && 'op' in t ? t : null;
    };
    const primary = (): Operand => {
      const t = toks[i];
      if (!t || !('atom' in t)) {
        // `await -x`, `await await x`: CPython's await takes a primary, nothing looser.
        const span: { from: number; to: number } = t ?? { from: node.to, to: node.to };
        return this.fail(span.from, span.to, 'invalid syntax');
      }
      i++;
      return { e: this.expr(t.atom), from: t.atom.from, to: t.atom.to };
    };
    const awaitPrimary = (): Operand => {
      const t = peekOp();
      if (t && t.kind === 'await') {
        i++;
        const operand = primary();
        return { e: { kind: 'Await', ...this.base(t.from, operand.to), value: operand.e }, from: t.from, to: operand.to };
      }
      return primary();
    };
    const binop = (left: Operand, op: A.BinOperator, right: Operand): Operand => ({
      e: { kind: 'BinOp', ...this.base(left.from, right.to), left: left.e, op, right: right.e },
      from: left.from,
      to: right.to,
    });
    const factor = (): Operand => {
      const prefixes: Op[] = [];
      for (let t = peekOp(); t && t.kind === 'prefix'; t = peekOp()) {
        prefixes.push(t);
        i++;
        if (prefixes.length > MAX_EXPRESSION_DEPTH) this.tooDeep(prefixes[0]!.from);
      }
      let result = power();
      for (let j = prefixes.length - 1; j >= 0; j--) {
        const p = prefixes[j]!;
        const op: A.UnaryOperator = p.op === '-' ? 'USub' : p.op === '+' ? 'UAdd' : 'Invert';
        result = { e: { kind: 'UnaryOp', ...this.base(p.from, result.to), op, operand: result.e }, from: p.from, to: result.to };
      }
      return result;
    };
    const power = (): Operand => {
      const base = awaitPrimary();
      const t = peekOp();
      if (t && t.kind === 'binary' && t.op === '**') {
        i++;
        return binop(base, 'Pow', factor());
      }
      return base;
    };
    const binary = (minLevel: number): Operand => {
      let left = factor();
      for (;;) {
        const t = peekOp();
        if (!t || t.kind !== 'binary' || t.op === '**') break;
        const level = BIN_LEVEL.get(t.op) ?? 6;
        if (level < minLevel) break;
        i++;
        const right = binary(level + 1);
        const op = BIN_OPS.get(t.op);
        if (!op) {
          this.refuse(t.from, t.to, 'the @ operator (matrix multiplication) is not supported');
          continue;
        }
        left = binop(left, op, right);
      }
      return left;
    };
    const result = binary(1);
    if (i !== toks.length) this.unexpected(node);
    return result.e;
  }

  protected compareOp(ops: SyntaxNode[]): A.CmpOperator | null {
    if (ops.length === 0) return null;
    const text = ops.map((o) => this.text(o)).join(' ');
    if (ops[0]!.name === 'CompareOp') return CMP_OPS.get(text) ?? null;
    switch (text) {
      case 'in':
        return 'In';
      case 'not in':
        return 'NotIn';
      case 'is':
        return 'Is';
      case 'is not':
        return 'IsNot';
      default:
        return null;
    }
  }
}
