/** Every conformance case, gathered from the files in cases/. */
import type { ConformanceCase } from './framework.ts';
import { loopCases } from './cases/loop.ts';
import { taskCases } from './cases/tasks.ts';
import { combinatorCases } from './cases/combinators.ts';
import { cancellationCases } from './cases/cancellation.ts';
import { primitiveCases } from './cases/primitives.ts';
import { pitfallCases } from './cases/pitfalls.ts';
import { barrierCases } from './cases/barrier.ts';

export const allCases: ConformanceCase[] = [...loopCases, ...taskCases, ...combinatorCases, ...cancellationCases, ...primitiveCases, ...pitfallCases, ...barrierCases];
