/** Set algebra shared by operators and methods (CPython's algorithms, see pyset.ts). */
export { dictSetRaw } from './keys.ts';
export { setAnd as setIntersection, setOr as setUnion, setSub as setDifference, setXor as setSymmetricDifference } from './pyset.ts';
