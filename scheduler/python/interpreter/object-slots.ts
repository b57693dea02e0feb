/**
 * `object`'s own methods, as `super()` reaches them past a class's last base (`super().__init__()`
 * in a class of object, `super().__repr__()`...) and as `object.__repr__(x)` names them.
 *
 * They are not in OBJECT's namespace: the interpreter asks `cls.lookup('__repr__')` and the like
 * to know whether a class defines its own, and answers the defaults itself when none does. These
 * are the same defaults, as callables.
 */
import { NOT_IMPLEMENTED, PyBuiltin, PyClass, PyClassMethod, PyInstance, PyMethodDescr, fakeAddress, objectId, typeName, typeOf, type Kw } from './values.ts';
import { PyFunction } from './frame.ts';
import { typeError } from './exceptions.ts';
import { callDunder, getAttr } from './calls.ts';
import { pyRepr, pyStr } from './repr.ts';
import { truthy } from './ops.ts';
import { genericGetAttr } from './instance-attrs.ts';

let slots: Map<string, unknown> | null = null;

/** object's method `name`, or undefined when object has none by that name here. */
export function objectSlot(name: string): unknown {
  slots ??= makeSlots();
  return slots.get(name);
}

function makeSlots(): Map<string, unknown> {
  const m = new Map<string, unknown>();
  const method = (name: string, fn: (self: unknown, args: unknown[], kw: Kw) => unknown) => m.set(name, new PyMethodDescr(name, fn));
  method('__init__', (_self, args, kw) => {
    if (args.length > 0 || (kw !== null && kw.size > 0)) throw typeError('object.__init__() takes exactly one argument (the instance to initialize)');
    return null;
  });
  method('__repr__', (self) => (self instanceof PyInstance ? `<${self.$t.module}.${self.$t.qualname} object at ${fakeAddress(self)}>` : pyRepr(self)));
  // object.__str__ is type(self).__repr__(self): a class's own __repr__ when it has one.
  method('__str__', (self) => pyRepr(self));
  method('__format__', (self, [spec]) => {
    if (typeof spec !== 'string') throw typeError(`__format__() argument must be str, not ${typeName(spec)}`);
    if (spec !== '') throw typeError(`unsupported format string passed to ${typeName(self)}.__format__`);
    return pyStr(self);
  });
  method('__eq__', (self, [other]) => (self === other ? true : NOT_IMPLEMENTED));
  method('__ne__', (self, [other]) => {
    const own = typeOf(self).lookup('__eq__');
    const eq = own instanceof PyFunction ? callDunder(self, '__eq__', [other]) : self === other ? true : NOT_IMPLEMENTED;
    return eq === NOT_IMPLEMENTED ? eq : !truthy(eq);
  });
  for (const name of ['__lt__', '__le__', '__gt__', '__ge__']) method(name, () => NOT_IMPLEMENTED);
  method('__hash__', (self) => objectId(self as object));
  method('__getattribute__', (self, [name]) => {
    if (typeof name !== 'string') throw typeError(`attribute name must be string, not '${typeName(name)}'`);
    return self instanceof PyInstance ? genericGetAttr(self, name) : getAttr(self, name);
  });
  // A classmethod: `super().__init_subclass__(**kwargs)` in a class's own __init_subclass__.
  m.set(
    '__init_subclass__',
    new PyClassMethod(
      new PyBuiltin('__init_subclass__', (args, kw) => {
        const cls = args[0];
        if (args.length > 1 || (kw !== null && kw.size > 0)) throw typeError(`${cls instanceof PyClass ? cls.name : 'object'}.__init_subclass__() takes no keyword arguments`);
        return null;
      }),
    ),
  );
  return m;
}
