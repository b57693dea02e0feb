/**
 * `import` and `from ... import` statements, on the modules the runtime models (modules.ts).
 *   import a.b        binds a (a.b is imported, and is an attribute of a)
 *   import a.b as c   binds c to a.b
 *   from m import x   m's attribute x, or its submodule m.x; ImportError otherwise
 *   from m import *   m.__all__, or every public name (module level only)
 */
import type * as A from '../ast.ts';
import { PyList, PyModule, PyTuple } from './values.ts';
import { NORMAL, type StmtFn } from './frame.ts';
import { PyImportError, typeError } from './exceptions.ts';
import { importModule, moduleLocation } from './modules.ts';
import { storeName } from './scope.ts';
import type { Ctx } from './compile-expr.ts';
import type { Runtime } from './runtime.ts';

export function compileImport(c: Ctx, s: A.Import): StmtFn {
  const rt = c.rt;
  const parts = s.names.map((a) => {
    const top = a.name.split('.')[0]!;
    return { name: a.name, bindsTop: a.asname === null, store: storeName(rt, c.scope, a.asname ?? top), top };
  });
  return (f) => {
    for (const p of parts) {
      const m = importModule(rt, p.name);
      p.store(f, p.bindsTop ? importModule(rt, p.top) : m);
    }
    return NORMAL;
  };
}

/** `from module import name`: the attribute, or a submodule of that name. */
export function importName(rt: Runtime, module: PyModule, name: string): unknown {
  const v = module.attr(name);
  if (v !== undefined) return v;
  try {
    return importModule(rt, `${module.name}.${name}`);
  } catch (e) {
    if (!(e instanceof PyImportError)) throw e;
  }
  const error = new PyImportError(`cannot import name '${name}' from '${module.name}' (${moduleLocation(module)})`);
  throw error;
}

/** The names `from module import *` binds. */
function publicNames(module: PyModule): string[] {
  const all = module.attrs.get('__all__');
  if (all instanceof PyList || all instanceof PyTuple) {
    return all.a.map((n) => {
      if (typeof n !== 'string') throw typeError(`Item in ${module.name}.__all__ must be str, not ${typeof n}`);
      return n;
    });
  }
  return [...module.attrs.keys()].filter((n) => !n.startsWith('_'));
}

export function compileImportFrom(c: Ctx, s: A.ImportFrom): StmtFn {
  const rt = c.rt;
  const ns = c.scope.ns;
  const parts = s.names.map((a) => ({ name: a.name, store: a.name === '*' ? null : storeName(rt, c.scope, a.asname ?? a.name) }));
  const moduleName = s.module;
  return (f) => {
    const m = importModule(rt, moduleName);
    for (const p of parts) {
      if (p.store === null) {
        for (const name of publicNames(m)) ns.cell(name).v = importName(rt, m, name);
      } else p.store(f, importName(rt, m, p.name));
    }
    return NORMAL;
  };
}
