/**
 * abc: ABCMeta's part that shows in teaching code, refusing to instantiate a class with abstract
 * methods left (the rest of the module is Python, pylib/small.ts).
 */
import { PyClass, TYPE, makeClass, type MetaHooks, type PyModule } from './values.ts';
import { PyFunction } from './frame.ts';
import { typeError } from './exceptions.ts';
import { getAttrOr, instantiate } from './calls.ts';
import { truthy } from './ops.ts';
import { registerMetaclass } from './classes.ts';
import { runPythonModule } from './pylib.ts';
import { ABC } from './pylib/small.ts';
import type { Runtime } from './runtime.ts';

export const ABC_META = makeClass('ABCMeta', TYPE);
ABC_META.module = 'abc';

/** The abstract methods a class still has: names whose value in its MRO is marked abstract. */
function abstractMethods(cls: PyClass): string[] {
  const names = new Set<string>();
  for (const c of cls.mro) for (const name of c.dict.keys()) names.add(name);
  const out: string[] = [];
  for (const name of names) {
    const v = cls.lookup(name);
    if (v instanceof PyFunction || (v !== null && typeof v === 'object')) {
      if (truthy(getAttrOr(v, '__isabstractmethod__', false))) out.push(name);
    }
  }
  return out.sort();
}

export const ABC_HOOKS: MetaHooks = {
  type: ABC_META,
  call(cls, args, kw) {
    const missing = abstractMethods(cls);
    if (missing.length > 0) {
      throw typeError(`Can't instantiate abstract class ${cls.name} with abstract method${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    }
    return instantiate(cls, args, kw);
  },
};
registerMetaclass(ABC_META, ABC_HOOKS);

export function makeAbcModule(rt: Runtime): PyModule {
  return runPythonModule(rt, 'abc', ABC, (ns) => {
    ns.cell('ABCMeta').v = ABC_META;
  });
}
