/**
 * What the scenario language leaves out of Python 3.11, and what the checker suggests instead.
 *
 * Every hint the parser gives for a refused construct is here, so that one test
 * (tests/python/hints.test.ts) can check, for each, that the form it suggests is accepted: a hint
 * never leads to a form that is refused in turn. The import hints are written from the module
 * registry (interpreter/modules.ts), so they follow as modules are added there.
 */
import { STDLIB_MODULES } from '../interpreter/cpython-names.ts';
import { modelledAttributes } from '../interpreter/modelled.ts';
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
  withStatement: 'use `async with` with asyncio primitives',
  asyncWithForm: 'write `async with a as x, b as y:` without parentheses; the target after `as` must be a plain name',
  starredSubscript: 'build the tuple first: t = (*a, b); x[t]',
  starredForIterable: 'write `for x in (*a, b):`',
  positionalOnly: 'remove the /',
  matchStatement: 'use if/elif/else',
  decorators: 'call the function directly',
  typeStatement: 'it needs Python 3.12; assign the type to a name instead',
  typeParameters: 'scenarios use Python 3.11 syntax; remove the [...] after the name',
  assignmentExpression: 'assign the value on its own line first',
  generators: 'use a list',
  asyncGeneratorExpression: 'use a list comprehension: [... async for ...] or [await ... for ...]',
  loopElse: 'set a flag before `break` and test it after the loop',
  multipleInheritance: 'multiple inheritance is not supported',
  bytesLiteral: 'use a str',
  asciiConversion: 'use !r',
  namedEscape: "use \\uXXXX with the character's code point",
  tooDeep: (limit: number) => `the limit is ${limit} levels`,
  tooManyProblems: 'fix the problems above and check again',
  /** A name CPython's module has and Loopscope's lacks (model-check.ts). */
  notModelled: 'docs/scenario-language.md lists what Loopscope models of each module',
  /** After a module Loopscope does not model: the ones it does. */
  importable: () => `scenarios can import ${inWords(IMPORTABLE_MODULES)}`,
  dottedImport: (module: string) => `write \`import ${module}\` and use attributes of the module`,
  importAlias: (module: string) => `write \`import ${module}\` and use the name ${module}`,
  /** `from module import names`: the names Loopscope has, through the module; those it lacks, said so. */
  fromImport: (module: string, names: readonly string[]): string => {
    const have = modelledAttributes(module);
    const present = names.filter((n) => have?.has(n) === true);
    const missing = names.filter((n) => have?.has(n) !== true);
    const lacking = missing.length > 0 ? `Loopscope does not model ${inWords(missing.map((n) => `${module}.${n}`))} yet` : '';
    if (present.length === 0 && names.length > 0) return `${lacking}; use \`import ${module}\` for what it has`;
    const use = names.length === 0 ? `use \`${module}.\` before each name` : `use ${present.map((n) => `${module}.${n}`).join(', ')}`;
    return `write \`import ${module}\` and ${use}${lacking === '' ? '' : `; ${lacking}`}`;
  },
} as const;

/** The refusal of `import module` for a module the registry does not have. */
export function unmodelledModule(module: string): string {
  const top = module.split('.')[0]!;
  if (isModelledModule(top)) return `Loopscope does not model ${module} yet`;
  return STDLIB_MODULES.has(top) ? `Loopscope does not model the ${top} module yet` : `Loopscope does not model the ${top} module`;
}

export { isModelledModule };
