/**
 * contextvars: ContextVar, Token and Context on the scheduler's contexts (asyncio/context.ts),
 * so that each task sees its own copy of the context it was created in, as in CPython.
 */
import { Context, currentContext, enterContext } from '../../asyncio/context.ts';
import { OBJECT, PyList, PyTuple, fakeAddress, makeClass, registerHostType, type PyModule } from './values.ts';
import { PyLookupError, runtimeError, typeError, valueError, type PyExc } from './exceptions.ts';
import { bind, methods, properties } from './args.ts';
import { call } from './calls.ts';
import { pyRepr } from './repr.ts';
import { ModuleBuilder } from './module-kit.ts';

const NO_DEFAULT = Symbol('no default');

export class ContextVar {
  constructor(
    readonly name: string,
    readonly dflt: unknown,
  ) {}
}

export class Token {
  used = false;
  constructor(
    readonly variable: ContextVar,
    /** The value before set(), or MISSING. */
    readonly oldValue: unknown,
    readonly context: Context,
  ) {}
}

/** Token.MISSING */
class TokenMissing {}
const MISSING = new TokenMissing();

export const CONTEXT_VAR = makeClass('ContextVar', OBJECT);
export const TOKEN = makeClass('Token', OBJECT);
export const CONTEXT = makeClass('Context', OBJECT);
const TOKEN_MISSING = makeClass('Token.MISSING', OBJECT);
for (const cls of [CONTEXT_VAR, TOKEN, CONTEXT]) cls.module = '_contextvars';
registerHostType(ContextVar, CONTEXT_VAR);
registerHostType(Token, TOKEN);
registerHostType(Context, CONTEXT);
registerHostType(TokenMissing, TOKEN_MISSING);

function varRepr(v: ContextVar): string {
  const dflt = v.dflt === NO_DEFAULT ? '' : ` default=${pyRepr(v.dflt)}`;
  return `<ContextVar name=${pyRepr(v.name)}${dflt} at ${fakeAddress(v)}>`;
}

function tokenRepr(t: Token): string {
  return `<Token${t.used ? ' used' : ''} var=${varRepr(t.variable)} at ${fakeAddress(t)}>`;
}

function lookupFailure(v: ContextVar): PyExc {
  const e: PyExc = new PyLookupError(v);
  e.message = varRepr(v);
  e.$strDone = true;
  return e;
}

function asVar(v: unknown): ContextVar {
  if (!(v instanceof ContextVar)) throw typeError(`a ContextVar key was expected, got ${pyRepr(v)}`);
  return v;
}

/** Context.run(callable, *args, **kwargs): the callable runs in the context, which it may change. */
export function runInContext(ctx: Context, fn: unknown, args: unknown[], kw: Map<string, unknown> | null): unknown {
  if (ctx.entered) throw runtimeError(`cannot enter context: <_contextvars.Context object at ${fakeAddress(ctx)}> is already entered`);
  ctx.entered = true;
  const previous = enterContext(ctx);
  try {
    return call(fn, args, kw);
  } finally {
    enterContext(previous);
    ctx.entered = false;
  }
}

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  CONTEXT_VAR.reprFn = varRepr;
  CONTEXT_VAR.generic = true;
  TOKEN.reprFn = tokenRepr;
  TOKEN_MISSING.reprFn = () => '<Token.MISSING>';
  CONTEXT.reprFn = (c: Context) => `<_contextvars.Context object at ${fakeAddress(c)}>`;
  CONTEXT_VAR.native = (args, kw) => {
    const [name, dflt] = bind('ContextVar', args, kw, ['name', 'default'], 1);
    if (typeof name !== 'string') throw typeError('context variable name must be a str');
    return new ContextVar(name, dflt === undefined ? NO_DEFAULT : dflt);
  };
  methods(CONTEXT_VAR, {
    get: (v: ContextVar, a) => {
      const [dflt] = bind('get', a, null, ['default'], 0);
      const ctx = currentContext();
      if (ctx.has(v)) return ctx.get(v);
      if (dflt !== undefined) return dflt;
      if (v.dflt !== NO_DEFAULT) return v.dflt;
      throw lookupFailure(v);
    },
    set: (v: ContextVar, a) => {
      const [value] = bind('set', a, null, ['value']);
      const ctx = currentContext();
      const token = new Token(v, ctx.has(v) ? ctx.get(v) : MISSING, ctx);
      ctx.set(v, value);
      return token;
    },
    reset: (v: ContextVar, a) => {
      const [token] = bind('reset', a, null, ['token']);
      if (!(token instanceof Token)) throw typeError(`expected an instance of Token, got ${pyRepr(token)}`);
      if (token.used) throw runtimeError(`${tokenRepr(token)} has already been used once`);
      if (token.variable !== v) throw valueError(`${tokenRepr(token)} was created by a different ContextVar`);
      const ctx = currentContext();
      if (token.context !== ctx) throw valueError(`${tokenRepr(token)} was created in a different Context`);
      token.used = true;
      if (token.oldValue === MISSING) ctx.delete(v);
      else ctx.set(v, token.oldValue);
      return null;
    },
  });
  properties(CONTEXT_VAR, { name: (v: ContextVar) => v.name });
  properties(TOKEN, {
    var: (t: Token) => t.variable,
    old_value: (t: Token) => t.oldValue,
  });
  TOKEN.dict.set('MISSING', MISSING);
  CONTEXT.native = (args) => (bind('Context', args, null, []), new Context());
  methods(CONTEXT, {
    run: (c: Context, a, kw) => {
      if (a.length === 0) throw typeError('run() missing 1 required positional argument');
      return runInContext(c, a[0], a.slice(1), kw);
    },
    copy: (c: Context) => c.copy(),
    get: (c: Context, a) => {
      const [v, dflt] = bind('get', a, null, ['key', 'default'], 1);
      const key = asVar(v);
      return c.has(key) ? c.get(key) : (dflt ?? null);
    },
    __getitem__: (c: Context, a) => {
      const v = asVar(a[0]);
      if (!c.has(v)) throw lookupFailure(v);
      return c.get(v);
    },
    __contains__: (c: Context, a) => c.has(asVar(a[0])),
    __len__: (c: Context) => c.vars.size,
    __iter__: (c: Context) => new PyList([...c.vars.keys()]),
    keys: (c: Context) => new PyList([...c.vars.keys()]),
    values: (c: Context) => new PyList([...c.vars.values()]),
    items: (c: Context) => new PyList([...c.vars].map(([k, v]) => new PyTuple([k, v]))),
  });
}

export function makeContextvarsModule(): PyModule {
  install();
  const m = new ModuleBuilder('contextvars');
  m.value('ContextVar', CONTEXT_VAR);
  m.value('Token', TOKEN);
  m.value('Context', CONTEXT);
  m.fn('copy_context', (args) => (bind('copy_context', args, null, []), currentContext().copy()));
  return m.module;
}
