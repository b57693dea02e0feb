/**
 * Prints one closing line that CI can read: `vitest: N passed, N failed, N skipped`.
 * Vitest's own summary is formatted for people; this line is for the machine that decides whether
 * a submission lands. A file that fails to load, or a hook that throws, counts as a failure.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class CountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const testModule of testModules) {
      // A module that fails to load, or a beforeAll/afterAll that throws, leaves its tests
      // "skipped": count each such error as a failure so that it cannot pass for a skip.
      failed += testModule.errors().length;
      for (const suite of testModule.children.allSuites()) failed += suite.errors().length;
      for (const testCase of testModule.children.allTests()) {
        const state = testCase.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
