/**
 * What a scenario uses that Loopscope does not model, found before it runs: `asyncio.Barrier`
 * where `asyncio` can only be the module. Such a use is Loopscope's gap, not the scenario's bug, so
 * it is a problem of the file ("Loopscope does not model asyncio.Barrier yet", at its line) that
 * the editor underlines and `check` lists, rather than a surprise halfway through a run (where
 * the interpreter stops with the same message for the uses only a run can see: see
 * interpreter/unmodelled.ts).
 *
 * Only plain `M.name` reads count, where the name M is bound by `import M` and by nothing else
 * anywhere in the file (so it cannot be anything but the module), and `name` is one CPython's
 * module has (a name it lacks too is the scenario's own AttributeError, raised when the line runs).
 */
import { forEachChild, type Module, type Node } from './ast.ts';
import { MODULE_NAMES } from './interpreter/cpython-names.ts';
import type { PyModule } from './interpreter/values.ts';

export interface ModelGap {
  /** `asyncio.Barrier`. */
  what: string;
  from: number;
  to: number;
  line: number;
}

/** Names bound anywhere in the file, and for each, the module if `import M` is all that binds it. */
function moduleNames(module: Module): Map<string, string | null> {
  const bound = new Map<string, string | null>();
  const bind = (name: string, asModule: string | null): void => {
    const before = bound.get(name);
    bound.set(name, before === undefined || before === asModule ? asModule : null);
  };
  const visit = (node: Node): void => {
    switch (node.kind) {
      case 'Import':
        for (const alias of node.names) {
          const dotted = alias.name.split('.');
          if (alias.asname !== null) bind(alias.asname, alias.name);
          else bind(dotted[0]!, dotted.length === 1 ? alias.name : null);
        }
        break;
      case 'Name':
        if (node.ctx !== 'Load') bind(node.id, null);
        break;
      case 'FunctionDef':
      case 'AsyncFunctionDef':
      case 'ClassDef':
        bind(node.name, null);
        break;
      case 'arg':
        bind(node.arg, null);
        break;
      case 'ExceptHandler':
        if (node.name !== null) bind(node.name, null);
        break;
      case 'Global':
      case 'Nonlocal':
        // A declared name may be bound from anywhere; stay on the safe side.
        for (const name of node.names) bind(name, null);
        break;
      default:
        break;
    }
    forEachChild(node, visit);
  };
  visit(module);
  return bound;
}

/**
 * Every `M.name` of the file that reads a name CPython's module M has and Loopscope's lacks.
 * `load` gives Loopscope's module (from the module registry), or null if it is not modelled.
 */
export function modelGaps(module: Module, load: (name: string) => PyModule | null): ModelGap[] {
  const modules = moduleNames(module);
  const gaps: ModelGap[] = [];
  const visit = (node: Node): void => {
    if (node.kind === 'Attribute' && node.value.kind === 'Name' && node.value.ctx === 'Load') {
      const name = modules.get(node.value.id);
      if (name !== undefined && name !== null) {
        const ours = load(name);
        const modelled = ours !== null && (ours.hasAttr(node.attr) || node.attr === '__name__');
        if (ours !== null && !modelled && MODULE_NAMES.get(name)?.has(node.attr) === true) {
          gaps.push({ what: `${name}.${node.attr}`, from: node.range.from, to: node.range.to, line: node.line });
        }
      }
    }
    forEachChild(node, visit);
  };
  visit(module);
  return gaps;
}
