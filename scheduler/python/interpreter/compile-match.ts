/**
 * The `match` statement (PEP 634), as CPython 3.11 runs it: the subject is evaluated once, the
 * cases are tried in order, and the first whose pattern matches (its names then bound) and whose
 * guard is true runs its block. Patterns only read: `==` for values, identity for None/True/False,
 * isinstance and attributes (through `__match_args__`) for classes, and `get` for mappings. A
 * guard may await, in an async function; a pattern never does.
 */
import type * as A from '../ast.ts';
import { DICT, LIST, OBJECT, PyClass, PyInstance, PyList, PyTuple, RANGE, TUPLE, typeName, typeOf } from './values.ts';
import { pyRepr } from './repr.ts';
import { NORMAL, type Frame, type Gen, type Stmt, type StmtFn, type StmtGen } from './frame.ts';
import { PyAttributeError, typeError, valueError } from './exceptions.ts';
import { callMethod, getAttr, instantiate } from './calls.ts';
import { eq, truthy } from './ops.ts';
import { pyLen } from './builtins-core.ts';
import { toArray } from './iter.ts';
import { runGen, runSync } from './exec.ts';
import { ce, expr, type CE, type Ctx } from './compile-expr.ts';
import { storeName, type Store } from './scope.ts';
import { compileBlock } from './compile-stmt.ts';

/** Tries a pattern on a value; on success its captures are in `binds` (a failed try may leave some). */
type Matcher = (f: Frame, subject: unknown, binds: Map<string, unknown>) => boolean;

interface CompiledCase {
  match: Matcher;
  stores: Map<string, Store>;
  guard: CE | null;
  body: Stmt[];
}

function compileCases(c: Ctx, s: A.Match): CompiledCase[] {
  return s.cases.map((k) => {
    const names = new Set<string>();
    const match = compilePattern(c, k.pattern, names);
    const stores = new Map([...names].map((name) => [name, storeName(c.rt, c.scope, name)]));
    return { match, stores, guard: k.guard === null ? null : ce(c, k.guard), body: compileBlock(c, k.body) };
  });
}

/** The case that matches `subject`, its captures stored (the guard is the caller's to test). */
function tryCase(f: Frame, k: CompiledCase, subject: unknown): boolean {
  const binds = new Map<string, unknown>();
  if (!k.match(f, subject, binds)) return false;
  for (const [name, value] of binds) k.stores.get(name)!(f, value);
  return true;
}

/** A match whose subject and guards do not await. */
export function compileMatch(c: Ctx, s: A.Match): StmtFn {
  const subject = expr(c, s.subject);
  const cases = compileCases(c, s);
  return (f) => {
    const value = subject(f);
    for (const k of cases) {
      if (!tryCase(f, k, value)) continue;
      if (k.guard !== null && !truthy(k.guard.s!(f))) continue;
      return runSync(f, k.body);
    }
    return NORMAL;
  };
}

/** A match whose subject, a guard or a block awaits. */
export function genMatch(c: Ctx, s: A.Match): StmtGen {
  const subject = ce(c, s.subject);
  const cases = compileCases(c, s);
  return function* (f: Frame): Gen<number> {
    const value = subject.s !== null ? subject.s(f) : yield* subject.g!(f);
    for (const k of cases) {
      if (!tryCase(f, k, value)) continue;
      if (k.guard !== null && !truthy(k.guard.s !== null ? k.guard.s(f) : yield* k.guard.g!(f))) continue;
      return yield* runGen(f, k.body);
    }
    return NORMAL;
  };
}

// ---------------------------------------------------------------------------------------------
// Patterns

function compilePattern(c: Ctx, p: A.Pattern, names: Set<string>): Matcher {
  switch (p.kind) {
    case 'MatchValue': {
      const value = expr(c, p.value);
      return (f, subject) => truthy(eq(subject, value(f)));
    }
    case 'MatchSingleton': {
      const value = p.value;
      return (_f, subject) => subject === value;
    }
    case 'MatchAs': {
      const inner = p.pattern === null ? null : compilePattern(c, p.pattern, names);
      const name = p.name;
      if (name !== null) names.add(name);
      return (f, subject, binds) => {
        if (inner !== null && !inner(f, subject, binds)) return false;
        if (name !== null) binds.set(name, subject);
        return true;
      };
    }
    case 'MatchOr': {
      const alternatives = p.patterns.map((q) => compilePattern(c, q, names));
      return (f, subject, binds) => {
        for (const alternative of alternatives) {
          const tried = new Map<string, unknown>();
          if (!alternative(f, subject, tried)) continue;
          for (const [name, value] of tried) binds.set(name, value);
          return true;
        }
        return false;
      };
    }
    case 'MatchSequence':
      return sequencePattern(c, p, names);
    case 'MatchMapping':
      return mappingPattern(c, p, names);
    case 'MatchClass':
      return classPattern(c, p, names);
    case 'MatchStar':
      // The parser puts a star only in a sequence pattern, which takes it apart itself.
      throw new Error('a star pattern outside a sequence pattern');
  }
}

/** A class of the collections module (written in Python here, where CPython's are builtin sequences and mappings) in v's MRO. */
function fromCollections(v: unknown, names: readonly string[]): boolean {
  return typeOf(v).mro.some((k) => k.module === 'collections' && names.includes(k.name));
}

/** Sequences a sequence pattern takes apart: not str, bytes or bytearray (CPython's Py_TPFLAGS_SEQUENCE). */
function isSequence(v: unknown): boolean {
  const t = typeOf(v);
  if (t.isSubclassOf(LIST) || t.isSubclassOf(TUPLE) || t.isSubclassOf(RANGE)) return true;
  return fromCollections(v, ['deque', '_NamedTupleBase']);
}

/** Mappings a mapping pattern reads (CPython's Py_TPFLAGS_MAPPING): dict, and Counter, defaultdict, OrderedDict. */
function isMapping(v: unknown): boolean {
  return typeOf(v).isSubclassOf(DICT) || fromCollections(v, ['_Mapping']);
}

function sequencePattern(c: Ctx, p: A.MatchSequence, names: Set<string>): Matcher {
  const star = p.patterns.findIndex((q) => q.kind === 'MatchStar');
  const starName = star < 0 ? null : (p.patterns[star] as A.MatchStar).name;
  if (starName !== null) names.add(starName);
  const before = (star < 0 ? p.patterns : p.patterns.slice(0, star)).map((q) => compilePattern(c, q, names));
  const after = star < 0 ? [] : p.patterns.slice(star + 1).map((q) => compilePattern(c, q, names));
  const fixed = before.length + after.length;
  return (f, subject, binds) => {
    if (!isSequence(subject)) return false;
    const n = pyLen(subject);
    if (star < 0 ? n !== fixed : n < fixed) return false;
    const items = toArray(subject);
    for (let i = 0; i < before.length; i++) if (!before[i]!(f, items[i], binds)) return false;
    for (let i = 0; i < after.length; i++) if (!after[i]!(f, items[n - after.length + i], binds)) return false;
    if (starName !== null) binds.set(starName, new PyList(items.slice(before.length, n - after.length)));
    return true;
  };
}

/** A value no mapping holds: what `get` returns for a key that is not there. */
const MISSING = new PyInstance(OBJECT);

function mappingPattern(c: Ctx, p: A.MatchMapping, names: Set<string>): Matcher {
  const keys = p.keys.map((k) => expr(c, k));
  const values = p.patterns.map((q) => compilePattern(c, q, names));
  const rest = p.rest;
  if (rest !== null) names.add(rest);
  return (f, subject, binds) => {
    if (!isMapping(subject)) return false;
    if (pyLen(subject) < keys.length) return false;
    const seen: unknown[] = [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!(f);
      if (seen.some((k) => truthy(eq(k, key)))) throw valueError(`mapping pattern checks duplicate key (${pyRepr(key)})`);
      seen.push(key);
      const value = callMethod(subject, 'get', [key, MISSING], null);
      if (value === MISSING || !values[i]!(f, value, binds)) return false;
    }
    if (rest !== null) {
      const left = instantiate(DICT, [subject], null);
      for (const key of seen) callMethod(left, 'pop', [key], null);
      binds.set(rest, left);
    }
    return true;
  };
}

/** Builtin types whose one positional sub-pattern matches the subject itself (`case int(n):`). */
const SELF_MATCHING = new Set(['bool', 'bytearray', 'bytes', 'dict', 'float', 'frozenset', 'int', 'list', 'set', 'str', 'tuple']);

function classPattern(c: Ctx, p: A.MatchClass, names: Set<string>): Matcher {
  const cls = expr(c, p.cls);
  const positional = p.patterns.map((q) => compilePattern(c, q, names));
  const keywords = p.kwdPatterns.map((q) => compilePattern(c, q, names));
  const kwdAttrs = p.kwdAttrs;
  return (f, subject, binds) => {
    const type = cls(f);
    if (!(type instanceof PyClass)) throw typeError('called match pattern must be a type');
    if (!typeOf(subject).isSubclassOf(type)) return false;
    // The sub-patterns and the attributes they read: positional ones through __match_args__.
    const pairs: [string, Matcher][] = [];
    if (positional.length > 0) {
      const builtin = type.mro.find((k) => !k.isUser && k.module === 'builtins' && SELF_MATCHING.has(k.name));
      if (builtin !== undefined && !hasMatchArgs(type)) {
        if (positional.length > 1) throw typeError(`${type.name}() accepts 1 positional sub-pattern (${positional.length} given)`);
        if (!positional[0]!(f, subject, binds)) return false;
      } else {
        const matchArgs = hasMatchArgs(type) ? getAttr(type, '__match_args__') : new PyTuple([]);
        if (!(matchArgs instanceof PyTuple)) throw typeError(`${type.name}.__match_args__ must be a tuple (got ${typeName(matchArgs)})`);
        const n = matchArgs.a.length;
        if (positional.length > n) throw typeError(`${type.name}() accepts ${n} positional sub-pattern${n === 1 ? '' : 's'} (${positional.length} given)`);
        positional.forEach((sub, i) => {
          const name = matchArgs.a[i];
          if (typeof name !== 'string') throw typeError(`__match_args__ elements must be strings (got ${typeName(name)})`);
          pairs.push([name, sub]);
        });
      }
    }
    kwdAttrs.forEach((name, i) => pairs.push([name, keywords[i]!]));
    const seen = new Set<string>();
    for (const [name, sub] of pairs) {
      if (seen.has(name)) throw typeError(`${type.name}() got multiple sub-patterns for attribute '${name}'`);
      seen.add(name);
      let value: unknown;
      try {
        value = getAttr(subject, name);
      } catch (e) {
        if (e instanceof PyAttributeError) return false;
        throw e;
      }
      if (!sub(f, value, binds)) return false;
    }
    return true;
  };
}

function hasMatchArgs(type: PyClass): boolean {
  return type.lookup('__match_args__') !== undefined;
}

