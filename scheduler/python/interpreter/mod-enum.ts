/**
 * enum's metaclass, EnumType, as hooks on its classes: making the members when the class is made,
 * and the class object's own behaviour (Color(1), Color['RED'], list(Color), len(Color), `in`,
 * `<enum 'Color'>`, no reassigning a member). The rest of the module is Python (pylib/enum.ts).
 */
import { OBJECT, PyClass, PyDict, PyList, PyTuple, TYPE, makeClass, type MetaHooks, type PyModule } from './values.ts';
import { PyBuiltin } from './values.ts';
import { PyKeyError, attributeError, typeError } from './exceptions.ts';
import { call } from './calls.ts';
import { dictGet } from './keys.ts';
import { pyIter } from './iter.ts';
import { pyRepr } from './repr.ts';
import { registerMetaclass } from './classes.ts';
import { runPythonModule } from './pylib.ts';
import { ENUM } from './pylib/enum.ts';
import type { Runtime } from './runtime.ts';

export const ENUM_TYPE = makeClass('EnumType', TYPE);
ENUM_TYPE.module = 'enum';

/** The functions of the enum module the hooks call, once it is loaded in this run. */
let impl: { init: unknown; lookup: unknown; functional: unknown; enumClass: unknown; mixinClass: unknown } | null = null;

function memberMap(cls: PyClass): PyDict {
  const m = cls.lookup('_member_map_');
  if (!(m instanceof PyDict)) throw typeError(`${cls.name} has no members`);
  return m;
}

function members(cls: PyClass): unknown[] {
  const names = cls.lookup('_member_names_') as { a?: unknown[] } | undefined;
  const map = memberMap(cls);
  return (names?.a ?? []).map((n) => dictGet(map, n));
}

export const ENUM_HOOKS: MetaHooks = {
  type: ENUM_TYPE,
  init(cls) {
    if (impl !== null) call(impl.init, [cls], null);
  },
  call(cls, args, kw) {
    if (impl === null) throw typeError('enum is not loaded');
    if (args.length === 1 && (kw === null || kw.size === 0)) return call(impl.lookup, [cls, args[0]], null);
    return call(impl.functional, [cls, ...args], kw);
  },
  getItem(cls, key) {
    const v = dictGet(memberMap(cls), key);
    if (v === undefined) {
      const e = new PyKeyError(key);
      e.message = pyRepr(key);
      (e as { $strDone?: boolean }).$strDone = true;
      throw e;
    }
    return v;
  },
  iter(cls) {
    return pyIter(new PyList(members(cls)));
  },
  len(cls) {
    return members(cls).length;
  },
  contains(cls, value) {
    return members(cls).includes(value);
  },
  repr(cls) {
    return `<enum '${cls.name}'>`;
  },
  // class Color(str, Enum): the str is the members' value type, and they compare as their values.
  rewriteBases(bases, ns) {
    const builtin = bases.filter((b) => !b.isUser && b !== OBJECT);
    if (builtin.length === 0 || impl === null) return bases;
    ns.set('_mixin_', builtin[0]);
    return bases.filter((b) => b.isUser).map((b) => (b === impl!.enumClass ? (impl!.mixinClass as PyClass) : b));
  },
  setAttr(cls, name) {
    const map = cls.lookup('_member_map_');
    if (map instanceof PyDict && dictGet(map, name) !== undefined) throw attributeError(`cannot reassign member '${name}'`);
    return true;
  },
};
registerMetaclass(ENUM_TYPE, ENUM_HOOKS);

export function makeEnumModule(rt: Runtime): PyModule {
  impl = null;
  const m = runPythonModule(rt, 'enum', ENUM, (ns) => {
    ns.cell('EnumType').v = ENUM_TYPE;
    ns.cell('EnumMeta').v = ENUM_TYPE;
    ns.cell('_set_member').v = new PyBuiltin('_set_member', (args) => {
      const [cls, name, member] = args as [PyClass, string, unknown];
      cls.setAttr(name, member);
      return null;
    });
    ns.cell('_enum_class').v = new PyBuiltin('_enum_class', (args) => {
      const [name, base, members] = args as [string, PyClass, PyDict];
      return call(TYPE, [name, new PyTuple([base]), members], null);
    });
  });
  impl = {
    init: m.attrs.get('_enum_init'),
    lookup: m.attrs.get('_enum_lookup'),
    functional: m.attrs.get('_enum_functional'),
    enumClass: m.attrs.get('Enum'),
    mixinClass: m.attrs.get('_MixinEnum'),
  };
  return m;
}
