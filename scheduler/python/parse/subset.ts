/**
 * What the scenario language leaves out of Python 3.11, and what the checker suggests instead.
 *
 * Every hint the parser gives for a refused construct is here, so that one test
 * (tests/python/hints.test.ts) can check, for each, that the form it suggests is accepted: a hint
 * never leads to a form that is refused in turn. The import hints are written from the module
 * registry (interpreter/modules.ts), so they follow as modules are added there.
 */
import { STDLIB_MODULES } from '../interpreter/cpython-names.ts';
import { isModelledModule, modelledModuleNames } from '../interpreter/modules.ts';

/** The modules a scenario may import, in the registry's order. */
export const IMPORTABLE_MODULES: readonly string[] = modelledModuleNames();

/** `a, b and c`. */
function inWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const HINTS = {
  floatLiteral: (digits: string) => `write ${digits}.0`,
  printRedirect: 'call print(...)',
  printNotCall:
    'call print(...); the grammar behind the editor reads `print` followed by anything but `(` as a Python 2 print statement, so use another name for variables',
  statementTooLong: 'split it into several statements',
  withForm: (keyword: 'with' | 'async with') => `write \`${keyword} a as x, b as y:\` without parentheses; the target after \`as\` must be a plain name`,
  decoratorForm: 'write `@name`, `@module.name` or a call such as `@name(args)`',
  lambdaGenerator: 'write a def with the yield',
  starredSubscript: 'build the tuple first: t = (*a, b); x[t]',
  starredForIterable: 'write `for x in (*a, b):`',
  matchSubject: 'put the subject in parentheses: match (a, b):',
  casePattern: 'give a mapping pattern literal keys, and alternatives such as int() | str() | bytes() cases of their own',
  typeStatement: 'it needs Python 3.12; assign the type to a name instead',
  typeParameters: 'scenarios use Python 3.11 syntax; remove the [...] after the name',
  asciiConversion: 'use !r',
  namedEscape: "use \\uXXXX with the character's code point",
  tooDeep: (limit: number) => `the limit is ${limit} levels`,
  tooManyProblems: 'fix the problems above and check again',
  /** A name CPython's module has and Loopscope's lacks (model-check.ts). */
  notModelled: 'docs/scenario-language.md lists what Loopscope models of each module',
  relativeImport: 'a scenario is a single file: import modules by their name',
  /** After a module Loopscope does not model: the ones it does (their submodules go unsaid). */
  importable: () => `scenarios can import ${inWords(IMPORTABLE_MODULES.filter((m) => !m.includes('.') && !m.startsWith('_')))}`,
} as const;

/** The refusal of `import module` for a module the registry does not have. */
export function unmodelledModule(module: string): string {
  const top = module.split('.')[0]!;
  if (isModelledModule(top)) return `Loopscope does not model ${module} yet`;
  return STDLIB_MODULES.has(top) ? `Loopscope does not model the ${top} module yet` : `Loopscope does not model the ${top} module`;
}

export { isModelledModule };
