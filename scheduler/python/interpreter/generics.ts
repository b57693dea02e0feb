/**
 * Type annotations evaluate at definition time in Python 3.11, so `list[int]` and `int | None`
 * must work: types.GenericAlias and types.UnionType, enough to be built and printed.
 */
import { NONETYPE, OBJECT, PyClass, PyTuple, makeClass } from './values.ts';
import { ELLIPSIS } from './values.ts';

export class PyGenericAlias {
  declare $t: PyClass;
  constructor(
    readonly origin: PyClass,
    readonly args: readonly unknown[],
  ) {}
}

export class PyUnionType {
  declare $t: PyClass;
  constructor(readonly args: readonly unknown[]) {}
}

export const GENERIC_ALIAS = makeClass('GenericAlias', OBJECT);
GENERIC_ALIAS.module = 'types';
export const UNION_TYPE = makeClass('UnionType', OBJECT);
UNION_TYPE.module = 'types';
PyGenericAlias.prototype.$t = GENERIC_ALIAS;
PyUnionType.prototype.$t = UNION_TYPE;

/** `cls[args]` */
export function genericAlias(origin: PyClass, key: unknown): PyGenericAlias {
  return new PyGenericAlias(origin, key instanceof PyTuple ? key.a.slice() : [key]);
}

function isTypeLike(v: unknown): boolean {
  return v === null || v instanceof PyClass || v instanceof PyGenericAlias || v instanceof PyUnionType;
}

/** `a | b` for types, or null if this is not a type union. */
export function typeUnion(a: unknown, b: unknown): PyUnionType | null {
  if (!isTypeLike(a) || !isTypeLike(b) || (a === null && b === null)) return null;
  if (!(a instanceof PyClass || a instanceof PyGenericAlias || a instanceof PyUnionType) && !(b instanceof PyClass || b instanceof PyGenericAlias || b instanceof PyUnionType)) return null;
  const parts: unknown[] = [];
  const add = (x: unknown): void => {
    const v = x === null ? NONETYPE : x;
    if (v instanceof PyUnionType) for (const y of v.args) add(y);
    else if (!parts.includes(v)) parts.push(v);
  };
  add(a);
  add(b);
  return new PyUnionType(parts);
}

/** typing's repr of a type argument (_type_repr). */
export function typeRepr(v: unknown): string {
  if (v instanceof PyClass) {
    if (v === NONETYPE) return 'None';
    return v.module === 'builtins' ? v.qualname : `${v.module}.${v.qualname}`;
  }
  if (v === ELLIPSIS) return '...';
  if (v instanceof PyGenericAlias) return genericRepr(v);
  if (v instanceof PyUnionType) return unionRepr(v);
  return String(v);
}

export function genericRepr(g: PyGenericAlias): string {
  return `${typeRepr(g.origin)}[${g.args.length === 0 ? '()' : g.args.map(typeRepr).join(', ')}]`;
}

export function unionRepr(u: PyUnionType): string {
  return u.args.map(typeRepr).join(' | ');
}
