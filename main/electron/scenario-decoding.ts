/**
 * From a file's bytes to a scenario's text, or to a message that says what is wrong with the file
 * and what to do about it: Python 3 source is UTF-8 (PEP 3120), so a binary file, UTF-16 text or
 * bytes in another encoding are refused with where the problem is, not played as garbage.
 */
import { firstInvalidUtf8 } from '../common/scenario-bytes.ts';

// The validator is shared with the CLI (main/common/scenario-bytes.ts).
export { firstInvalidUtf8 };

export class ScenarioDecodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioDecodingError';
  }
}

export interface DecodedScenario {
  source: string;
  /** The file began with a UTF-8 byte order mark (dropped from `source`, written back on save). */
  bom: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decode a scenario file's bytes; `name` is how messages refer to the file. */
export function decodeScenario(bytes: Uint8Array, name: string): DecodedScenario {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new ScenarioDecodingError(`“${name}” is UTF-16 text. Python reads its source as UTF-8: save the file as UTF-8 in your editor (in VS Code: “Save with Encoding” ▸ UTF-8) and open it again.`);
  }
  // CPython refuses source with NUL bytes too ("source code cannot contain null bytes").
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    throw new ScenarioDecodingError(`“${name}” looks like a binary file (it contains a NUL byte at offset ${nul}), not Python source. Open the scenario’s .py text file instead.`);
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    const { line, column } = positionOf(bytes, bad);
    const byte = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    throw new ScenarioDecodingError(
      `“${name}” is not UTF-8 text: the byte 0x${byte} at line ${line}, column ${column} is not valid UTF-8 (the file was probably saved as Latin-1 or Windows-1252). Python reads its source as UTF-8: save the file as UTF-8 in your editor (in VS Code: “Save with Encoding” ▸ UTF-8) and open it again.`,
    );
  }
  const bom = startsWith(bytes, [0xef, 0xbb, 0xbf]);
  return { source: utf8.decode(bom ? bytes.subarray(3) : bytes), bom };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** 1-based line and column (in characters) of a byte offset; the bytes before it are valid UTF-8. */
function positionOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = utf8.decode(bytes.subarray(lineStart, offset));
  return { line, column: [...before].length + 1 };
}
