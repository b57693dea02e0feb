/**
 * The editor's checker: every problem in the text (syntax errors and refused constructs), found
 * off the page's thread so that typing never waits for the parser. Used by both builds; it runs
 * nothing, so it needs no limits and is never busy for long.
 */
import { checkScenarioProblems } from '../../scheduler/python/scenario.ts';
import type { CheckReply, CheckRequest } from './check-protocol.ts';

self.addEventListener('message', (message: MessageEvent<CheckRequest>) => {
  const { id, source, file } = message.data;
  const started = performance.now();
  const problems = checkScenarioProblems(source, file).map((problem) => problem.toJSON());
  const reply: CheckReply = { id, problems, ms: performance.now() - started };
  (self as unknown as { postMessage(message: CheckReply): void }).postMessage(reply);
});
