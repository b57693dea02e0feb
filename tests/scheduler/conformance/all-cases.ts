/** Every conformance case, gathered from the files in cases/. */
import type { ConformanceCase } from './framework.ts';
import { loopCases } from './cases/loop.ts';

export const allCases: ConformanceCase[] = [...loopCases];
