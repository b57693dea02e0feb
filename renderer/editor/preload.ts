/**
 * CodeMirror is split out of the first bundle (the empty page and the first frame do not wait for
 * it), and CodeView imports it when a document first shows. Evaluating its modules takes the page's
 * main thread for a few hundred milliseconds in one go: done then, it falls in the middle of
 * opening the first trace, while a long run or a large saved trace is being drawn. Fetched and
 * evaluated when the page is first idle instead, it is ready by the time a person has chosen a file
 * (a dynamic import is evaluated once: CodeView's own import then resolves at once).
 *
 * The first editor a page makes costs far more than the next ones (warmEditor says why), so one is
 * made and thrown away then too, in the next idle moment.
 */
import { whenIdle } from '../app/later.ts';

export function preloadEditor(): () => void {
  let cancelWarm = (): void => {};
  const cancelLoad = whenIdle(
    () =>
      void import('./code-editor.ts').then(
        ({ warmEditor }) => (cancelWarm = whenIdle(warmEditor)),
        () => {
          // CodeView's own import reports a failure to load; nothing is lost here.
        },
      ),
  );
  return () => {
    cancelLoad();
    cancelWarm();
  };
}
