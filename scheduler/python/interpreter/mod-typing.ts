/**
 * typing: the Python part (pylib/typing.ts), plus the class statements it changes: a class
 * deriving from NamedTuple is a namedtuple of its annotated fields, and calling a TypedDict class
 * makes a plain dict.
 */
import { PyClass, PyDict, makeClass, type MetaHooks, type PyModule } from './values.ts';
import { call } from './calls.ts';
import { dictUpdate } from './methods-containers.ts';
import { registerClassFactory, buildClass } from './classes.ts';
import { runPythonModule } from './pylib.ts';
import { TYPING } from './pylib/typing.ts';
import type { Runtime } from './runtime.ts';

const TYPED_DICT_META = makeClass('_TypedDictMeta', null);
TYPED_DICT_META.module = 'typing';

const TYPED_DICT_HOOKS: MetaHooks = {
  type: TYPED_DICT_META,
  call(_cls, args, kw) {
    const d = new PyDict();
    dictUpdate(d, args[0], kw);
    return d;
  },
};

export function makeTypingModule(rt: Runtime): PyModule {
  const m = runPythonModule(rt, 'typing', TYPING);
  const namedTuple = m.attrs.get('NamedTuple');
  const makeNamedTuple = m.attrs.get('_make_namedtuple_class');
  if (namedTuple instanceof PyClass) {
    registerClassFactory(namedTuple, (spec) => {
      const ann = spec.ns.get('__annotations__') ?? new PyDict();
      const ns = new PyDict();
      for (const [k, v] of spec.ns) dictUpdate(ns, null, new Map([[k, v]]));
      return call(makeNamedTuple, [spec.name, ann, ns, spec.module], null);
    });
  }
  const typedDict = m.attrs.get('TypedDict');
  if (typedDict instanceof PyClass) {
    registerClassFactory(typedDict, (spec) => {
      const cls = buildClass({ ...spec, bases: [] });
      cls.meta = TYPED_DICT_HOOKS;
      return cls;
    });
  }
  return m;
}
