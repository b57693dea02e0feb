/**
 * The code editor itself: CodeMirror with Loopscope's extensions (code-view.ts), in a shadow root,
 * answering the page's commands (editor-handle.ts) and drawing the marks it is handed. This module
 * and everything it imports (CodeMirror and its packages, most of the web bundle's weight) load
 * apart from the first frame: CodeView.svelte imports it dynamically and shows the code read-only
 * until it is here.
 */
import { EditorSelection, EditorState, type StateEffect } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { codeExtensions, setMarks, type EditorOptions } from './code-view.ts';
import { setNotes } from './code-notes.ts';
import { straightenTypography, typographyCount } from './problems.ts';
import type { EditorCommands } from './editor-handle.ts';
import type { Marks } from './mark-keys.ts';
import type { Notes } from './await-stacks.ts';
import { linesToMark, sameRange, type LineRange } from './visible-lines.ts';

export interface CodeEditor extends EditorCommands {
  /** Another document: a fresh state (its own undo history). */
  reset(doc: string): void;
  /** New marks (for the text `source`), notes, and the line to scroll into view (0: none). */
  show(update: { marks?: { marks: Marks; source: string }; notes?: Notes; line?: number }): void;
  readonly lines: number;
  destroy(): void;
}

/** A few lines of every kind the highlighter and the parser meet in a scenario. */
const WARM_TEXT = `import asyncio

# A comment.
async def worker(name: str, delay: float) -> str:
    await asyncio.sleep(delay)
    return f"{name} done"

async def main():
    results = await asyncio.gather(worker("a", 0.1), worker("b", 0.2))
    print(results, [1, 2.5], {"k": None})

asyncio.run(main())
`;

/**
 * Make an editor off screen, lay it out once and throw it away. The first editor of a page spends
 * most of its time on work done once: compiling CodeMirror's and the Python parser's code, building
 * the theme's style sheet (which every editor in the document then shares), and finding the fonts
 * for the code's weights and styles. Measured while the 1 M-event run opened (a loaded machine):
 * making the page's editor took 200-220 ms; 120-130 ms once this had run and with the editor made
 * with its text (CodeView), and the layout it forces 4 ms instead of 40-47. preload.ts runs its
 * steps while the page waits for a file.
 */
export function warmEditor(): WarmingSteps {
  const options: EditorOptions = { checker: null, readOnly: false, file: () => '', liveLimit: Infinity, delay: 0, onProblems: () => {}, onEdit: () => {} };
  let state: EditorState | null = null;
  let host: HTMLElement | null = null;
  let view: EditorView | null = null;
  const discard = (): void => {
    view?.destroy();
    host?.remove();
    view = null;
    host = null;
  };
  return {
    // One idle moment each (all three in one were one task of 66 ms of CPU under load): the
    // parser's first run, then the view (its theme and fonts), then its first update and layout,
    // then its first marks.
    steps: [
      () => {
        state = EditorState.create({ doc: WARM_TEXT, extensions: codeExtensions(options) });
      },
      () => {
        host = document.createElement('div');
        // Out of sight and out of the page's layout (set through the CSSOM, which a strict CSP allows).
        Object.assign(host.style, { position: 'fixed', left: '-10000px', top: '0', width: '600px', height: '300px', visibility: 'hidden', contain: 'strict' });
        const shadow = host.attachShadow({ mode: 'open' });
        document.body.append(host);
        view = new EditorView({ root: shadow, parent: shadow, state: state ?? undefined });
      },
      () => {
        view?.dispatch({ changes: { from: 0, insert: '\n' } });
        view?.contentDOM.getBoundingClientRect();
      },
      // What a step does to the editor: task marks on two lines and a scroll to one of them (its
      // first time in a page took 24-31 ms of the 1 M trace's first step, and 40-70 ms of rendering).
      () => {
        if (view !== null) {
          const lines = [4, 8].map((line, i) => ({ line, kind: i === 0 ? ('next' as const) : ('waiting' as const), more: i, tasks: [{ task: i, name: `Task-${i + 1}`, kind: i === 0 ? ('next' as const) : ('waiting' as const), state: i === 0 ? ('ready' as const) : ('waiting' as const), label: 'sleep(1)' }] }));
          view.dispatch({ effects: [setMarks.of({ marks: { lines, error: null }, source: view.state.doc.toString() }), EditorView.scrollIntoView(view.state.doc.line(8).from, { y: 'nearest', yMargin: 48 })] });
          view.contentDOM.getBoundingClientRect();
        }
        discard();
      },
    ],
    discard,
  };
}

/** Warming the first editor: steps to run in order, and what throws away an editor left half made. */
export interface WarmingSteps {
  steps: (() => void)[];
  discard: () => void;
}

/** An editor in `host`'s shadow root (CodeMirror's styles go in as constructed sheets, which a strict CSP allows). */
export function createCodeEditor(host: HTMLElement, options: EditorOptions, doc: string, onVisibleLines: (lines: LineRange | null) => void = () => {}): CodeEditor {
  // The lines CodeMirror draws (its viewport: the screen and a margin) are the lines worth marking.
  let shown: LineRange | null = null;
  const report = (view: EditorView): void => {
    const { doc } = view.state;
    const lines = linesToMark(doc.lineAt(view.viewport.from).number, doc.lineAt(view.viewport.to).number, doc.lines);
    if (sameRange(lines, shown)) return;
    shown = lines;
    onVisibleLines(lines);
  };
  const extensions = [
    codeExtensions(options),
    EditorView.updateListener.of((update) => {
      if (update.viewportChanged || update.docChanged) report(update.view);
    }),
  ];
  const shadow = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const view = new EditorView({ root: shadow, parent: shadow, state: EditorState.create({ doc, extensions }) });
  view.dom.dataset.extensions = 'loopscope';
  report(view);
  return {
    text: () => view.state.doc.toString(),
    straighten: () => straightenTypography(view),
    typographyCount: () => typographyCount(view.state),
    goTo(offset) {
      const at = Math.max(0, Math.min(offset, view.state.doc.length));
      view.dispatch({ selection: EditorSelection.cursor(at), scrollIntoView: true });
      view.focus();
    },
    replaceAll(text) {
      if (view.state.doc.toString() === text) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: 'input.reload' });
    },
    focus: () => view.focus(),
    get focused() {
      return view.hasFocus;
    },
    reset: (text) => view.setState(EditorState.create({ doc: text, extensions })),
    show({ marks, notes, line }) {
      const effects: StateEffect<unknown>[] = [];
      if (marks !== undefined) effects.push(setMarks.of(marks));
      if (notes !== undefined) effects.push(setNotes.of(notes));
      // Not while the person types: the caret is theirs to keep in view.
      if (line !== undefined && !view.hasFocus && line >= 1 && line <= view.state.doc.lines) {
        effects.push(EditorView.scrollIntoView(view.state.doc.line(line).from, { y: 'nearest', yMargin: 48 }));
      }
      if (effects.length > 0) view.dispatch({ effects });
    },
    get lines() {
      return view.state.doc.lines;
    },
    destroy: () => view.destroy(),
  };
}
