/**
 * CodeMirror is split out of the first bundle (the empty page and the first frame do not wait for
 * it), and CodeView imports it when a document first shows. Evaluating its modules takes the page's
 * main thread for a few hundred milliseconds in one go: done then, it falls in the middle of
 * opening the first trace, while a long run or a large saved trace is being drawn. Fetched and
 * evaluated when the page is first idle instead, it is ready by the time a person has chosen a file
 * (a dynamic import is evaluated once: CodeView's own import then resolves at once).
 */
import { whenIdle } from '../app/later.ts';

const load = (): Promise<typeof import('./code-editor.ts') | null> =>
  import('./code-editor.ts').catch(() => {
    // CodeView's own import reports a failure to load; nothing is lost here.
    return null;
  });

export function preloadEditor(): () => void {
  return whenIdle(() => void load(), 2000);
}

/**
 * The first editor a page makes costs far more than the next ones (code-editor.ts's warmEditor
 * says why): one is made and thrown away in an idle moment while the page waits for a file. The
 * page cancels this once a file is being opened, so that it never runs beside an opening.
 */
export function warmEditorWhileIdle(): () => void {
  let stopped = false;
  let discard = (): void => {};
  let cancel = whenIdle(
    () =>
      void load().then((editor) => {
        if (editor === null || stopped) return;
        const warming = editor.warmEditor();
        discard = warming.discard;
        // Each step in an idle moment of its own, so that none is a long task.
        const next = (at: number): void => {
          const step = warming.steps[at];
          if (step !== undefined)
            cancel = whenIdle(() => {
              step();
              next(at + 1);
            });
        };
        next(0);
      }),
  );
  return () => {
    stopped = true;
    cancel();
    discard();
  };
}
