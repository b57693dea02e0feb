/**
 * `property` as classes write it: `@property` with `@x.setter` and `@x.deleter`, or
 * `property(fget, fset, fdel, doc)`, and its fget/fset/fdel/__doc__ attributes. The interpreter
 * reads and writes any PyProperty through its get and set; this one calls the Python functions.
 */
import { PROPERTY, PyProperty, typeOf } from './values.ts';
import { attributeError } from './exceptions.ts';
import { call } from './calls.ts';
import { methods, properties } from './args.ts';

const given = (f: unknown): unknown => (f === undefined ? null : f);

export class PyUserProperty extends PyProperty {
  constructor(
    readonly fget: unknown,
    readonly fset: unknown,
    readonly fdel: unknown,
    readonly doc: unknown,
  ) {
    super(
      (self) => {
        if (fget === null) throw attributeError(`property ${this.nameIn(self)} of '${typeOf(self).name}' object has no getter`);
        return call(fget, [self], null);
      },
      fset === null ? null : (self, value) => void call(fset, [self, value], null),
    );
  }

  /** `del obj.x`. */
  delete(self: unknown): void {
    if (this.fdel === null) throw attributeError(`property ${this.nameIn(self)} of '${typeOf(self).name}' object has no deleter`);
    call(this.fdel, [self], null);
  }

  /** The property's name as the class holds it, quoted (CPython's messages name it). */
  private nameIn(self: unknown): string {
    for (const cls of typeOf(self).mro) for (const [name, v] of cls.dict) if (v === this) return `'${name}'`;
    return "'?'";
  }
}

/** property(fget=None, fset=None, fdel=None, doc=None); the doc is fget's when not given. */
export function makeProperty(fget: unknown, fset: unknown, fdel: unknown, doc: unknown): PyUserProperty {
  return new PyUserProperty(given(fget), given(fset), given(fdel), given(doc));
}

export function installPropertyMethods(): void {
  const user = (p: PyProperty): PyUserProperty => {
    if (!(p instanceof PyUserProperty)) throw attributeError("this property's functions are not Python functions");
    return p;
  };
  methods(PROPERTY, {
    getter: (p: PyProperty, [f]) => makeProperty(f, user(p).fset, user(p).fdel, user(p).doc),
    setter: (p: PyProperty, [f]) => makeProperty(user(p).fget, f, user(p).fdel, user(p).doc),
    deleter: (p: PyProperty, [f]) => makeProperty(user(p).fget, user(p).fset, f, user(p).doc),
  });
  properties(PROPERTY, {
    fget: (p: PyProperty) => user(p).fget,
    fset: (p: PyProperty) => user(p).fset,
    fdel: (p: PyProperty) => user(p).fdel,
  });
}
