/** The printed lines and the loop's warnings, built as the events go by (model.ts's Printed, Logs). */
import { FloatColumn, IntColumn } from './columns.ts';
import type { Logs, Printed } from './model.ts';

export class PrintedBuilder {
  private readonly visibleFrom = new IntColumn();
  private readonly time = new FloatColumn();
  private readonly task = new IntColumn();
  private readonly taskName = new IntColumn();
  private readonly text = new IntColumn();
  private readonly line = new IntColumn();
  private readonly stream = new IntColumn();
  private readonly logFrom = new IntColumn();
  private readonly logTime = new FloatColumn();
  private readonly logText = new IntColumn();
  private readonly logKind = new IntColumn();
  private readonly logTask = new IntColumn();
  private readonly logLine = new IntColumn();
  private readonly seq = new IntColumn();
  private readonly logSeq = new IntColumn();
  /** Printed lines and warnings so far (they interleave in the output). */
  private written = 0;

  /**
   * A line printed by `task` (named `name`, a string id or a PRINTER code) during step
   * `boundary` - 1, on `stream` (STREAM.stdout or STREAM.stderr).
   */
  output(boundary: number, time: number, task: number, name: number, text: number, line: number, stream: number): void {
    this.stream.push(stream);
    this.visibleFrom.push(boundary);
    this.time.push(time);
    this.task.push(task);
    this.taskName.push(name);
    this.text.push(text);
    this.line.push(line);
    this.seq.push(this.written++);
  }

  /** A loop warning: `kind` indexes WARNING_KINDS; `task` -1 and `line` 0 when it names none. */
  log(boundary: number, time: number, text: number, kind: number, task: number, line: number): void {
    this.logFrom.push(boundary);
    this.logTime.push(time);
    this.logText.push(text);
    this.logKind.push(kind);
    this.logTask.push(task);
    this.logLine.push(line);
    this.logSeq.push(this.written++);
  }

  printed(): Printed {
    return {
      count: this.visibleFrom.length,
      visibleFrom: this.visibleFrom.copy(),
      time: this.time.copy(),
      task: this.task.copy(),
      taskName: this.taskName.copy(),
      text: this.text.copy(),
      line: this.line.copy(),
      stream: this.stream.copy(),
      seq: this.seq.copy(),
    };
  }

  logs(): Logs {
    return {
      count: this.logFrom.length,
      visibleFrom: this.logFrom.copy(),
      time: this.logTime.copy(),
      text: this.logText.copy(),
      kind: this.logKind.copy(),
      task: this.logTask.copy(),
      line: this.logLine.copy(),
      seq: this.logSeq.copy(),
    };
  }
}
