/** Helpers for writing modules in TypeScript: a module object with its builtins and constants. */
import { PyBuiltin, PyModule, type Kw } from './values.ts';

export class ModuleBuilder {
  readonly module: PyModule;
  constructor(name: string) {
    this.module = new PyModule(name);
  }

  /** A builtin function of the module (`<built-in function sqrt>`). */
  fn(name: string, fn: (args: unknown[], kw: Kw) => unknown, pythonLevel = false): PyBuiltin {
    const b = new PyBuiltin(name, fn);
    b.pythonLevel = pythonLevel;
    this.module.attrs.set(name, b);
    return b;
  }

  value(name: string, v: unknown): void {
    this.module.attrs.set(name, v);
  }
}
