/**
 * format.ts against CPython 3.11: fixtures/format.json was produced by fixtures/gen_format.py.
 * Floats travel as IEEE-754 bit patterns, so every case is about one exact double.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  FormatSpecError,
  doubleToString,
  floatRepr,
  formatBool,
  formatFixed,
  formatFloat,
  formatInt,
  formatSpec,
  formatStr,
  formatTime3,
  intRepr,
  isPrintable,
  strRepr,
  type FormatValue,
} from '../../scheduler/python/format.ts';

type SpecCase = [kind: 'int' | 'float' | 'bool' | 'str', value: string | boolean, spec: string, status: string, text: string];
interface Fixture {
  floatRepr: [bits: string, repr: string][];
  fixed: [bits: string, digits: number, text: string][];
  intRepr: string[];
  specs: SpecCase[];
  strRepr: [s: string, repr: string][];
  nonPrintableTable: string;
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/format.json', import.meta.url), 'utf8')) as Fixture;

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt('0x' + hex));
  return view.getFloat64(0);
}

/** Runs f; returns its text, or "<Class>: <message>" for a FormatSpecError. */
function outcome(f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (e instanceof FormatSpecError) return `<${e.pyType}>: ${e.message}`;
    throw e;
  }
}

describe('floatRepr = repr(float)', () => {
  test(`${fixture.floatRepr.length} doubles from the fixture`, () => {
    const wrong: string[] = [];
    for (const [bits, repr] of fixture.floatRepr) {
      const got = floatRepr(fromBits(bits));
      if (got !== repr) wrong.push(`${bits}: got ${got}, want ${repr}`);
    }
    expect(wrong).toEqual([]);
  });

  test.each<[number, string]>([
    [0, '0.0'], [-0, '-0.0'], [1, '1.0'], [100, '100.0'], [0.1, '0.1'], [0.1 + 0.2, '0.30000000000000004'],
    [1e16, '1e+16'], [1e-5, '1e-05'], [1234567890123456, '1234567890123456.0'], [1.5e300, '1.5e+300'],
    [2.5e-7, '2.5e-07'], [Infinity, 'inf'], [-Infinity, '-inf'], [NaN, 'nan'], [5e-324, '5e-324'],
  ])('floatRepr(%s) = %s', (x, repr) => {
    expect(floatRepr(x)).toBe(repr);
  });

  test('property: floatRepr round-trips through parseFloat', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(parseFloat(floatRepr(x)), x)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("formatFixed = '%.Nf' % x", () => {
  test(`${fixture.fixed.length} cases from the fixture (ties, huge, tiny, random)`, () => {
    const wrong: string[] = [];
    for (const [bits, digits, text] of fixture.fixed) {
      const got = formatFixed(fromBits(bits), digits);
      if (got !== text) wrong.push(`${bits} .${digits}f: got ${got}, want ${text}`);
    }
    expect(wrong).toEqual([]);
  });

  test.each<[number, number, string]>([
    [0.0625, 3, '0.062'], [0.125, 2, '0.12'], [0.375, 2, '0.38'], [2.5, 0, '2'], [3.5, 0, '4'], [-0.5, 0, '-0'],
    [2.675, 2, '2.67'], [1e22, 3, '10000000000000000000000.000'], [-0.0004, 3, '-0.000'], [0.0005, 3, '0.001'],
    [Infinity, 3, 'inf'], [NaN, 3, 'nan'],
  ])('formatFixed(%s, %s) = %s', (x, digits, text) => {
    expect(formatFixed(x, digits)).toBe(text);
  });

  test('formatTime3 is %.3f', () => {
    expect(formatTime3(0.0625)).toBe('0.062');
    expect(formatTime3(1.0005)).toBe('1.000'); // 1.0005 is below the tie in binary
    expect(formatTime3(12)).toBe('12.000');
  });

  /**
   * Whether x is exactly halfway between two multiples of 10**-d (toFixed then rounds away from
   * zero, Python to even). A double's decimal expansion ends within 1074 places, so 1080 is exact.
   */
  function isTie(x: number, d: number): boolean {
    const frac = formatFixed(x, 1080).split('.')[1]!;
    return frac.slice(d).replace(/0+$/, '') === '5';
  }

  test('property: agrees with toFixed(3) except on exact ties', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e20, max: 1e20, noNaN: true }), (x) => {
        if (isTie(x, 3)) return;
        const js = x.toFixed(3);
        // toFixed drops the sign of values that round to zero; Python keeps it ('-0.000').
        const expected = isNegativeZeroResult(x, js) ? '-' + js : js;
        expect(formatFixed(x, 3)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  function isNegativeZeroResult(x: number, js: string): boolean {
    return (x < 0 || Object.is(x, -0)) && !js.startsWith('-');
  }

  test('property: agrees with toFixed on non-ties for other digit counts', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 12 }), (x, d) => {
        if (isTie(x, d)) return;
        const js = x.toFixed(d);
        expect(formatFixed(x, d)).toBe(isNegativeZeroResult(x, js) ? '-' + js : js);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('intRepr', () => {
  test('fixture values, as bigint and (when exact) as number', () => {
    for (const s of fixture.intRepr) {
      expect(intRepr(BigInt(s))).toBe(s);
      const n = Number(s);
      if (Number.isFinite(n) && BigInt(n) === BigInt(s)) expect(intRepr(n)).toBe(s);
    }
  });

  test('-0 is 0; 1e21 as an int has all its digits', () => {
    expect(intRepr(-0)).toBe('0');
    expect(intRepr(1e21)).toBe('1000000000000000000000');
    expect(() => intRepr(1.5)).toThrow(TypeError);
  });
});

function toFormatValue(kind: SpecCase[0], value: string | boolean): FormatValue {
  switch (kind) {
    case 'int': {
      const big = BigInt(value as string);
      // Small ints as numbers, big ones as bigints: the interpreter may hold either.
      return { kind: 'int', value: big >= -(2n ** 53n) && big <= 2n ** 53n ? Number(big) : big };
    }
    case 'float': return { kind: 'float', value: fromBits(value as string) };
    case 'bool': return value as boolean;
    case 'str': return value as string;
  }
}

describe('formatSpec = format(value, spec)', () => {
  for (const kind of ['int', 'bool', 'float', 'str'] as const) {
    const cases = fixture.specs.filter((c) => c[0] === kind);
    test(`${cases.length} ${kind} cases from the fixture`, () => {
      const wrong: string[] = [];
      for (const [, value, spec, status, text] of cases) {
        const expected = status === 'ok' ? text : `<${status}>: ${text}`;
        const got = outcome(() => formatSpec(toFormatValue(kind, value), spec));
        if (got !== expected) wrong.push(`format(${String(value)}, ${JSON.stringify(spec)}): got ${JSON.stringify(got)}, want ${JSON.stringify(expected)}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  test('ints held as bigint format like ints held as numbers', () => {
    for (const [kind, value, spec] of fixture.specs) {
      if (kind !== 'int') continue;
      const big = BigInt(value as string);
      if (big < -(2n ** 53n) || big > 2n ** 53n) continue;
      expect(outcome(() => formatInt(big, spec))).toBe(outcome(() => formatInt(Number(big), spec)));
    }
  });

  test.each<[FormatValue, string, string]>([
    [{ kind: 'float', value: 1 }, '', '1.0'],
    [{ kind: 'float', value: 1e20 }, '', '1e+20'],
    [{ kind: 'float', value: 0.5 }, '.3', '0.5'],
    [{ kind: 'float', value: 1234.5 }, '.3', '1.23e+03'],
    [{ kind: 'int', value: 1234 }, '010,', '00,001,234'],
    [{ kind: 'float', value: Infinity }, '010', '0000000inf'],
    [{ kind: 'float', value: -0 }, 'z.1f', '0.0'],
    [true, '', 'True'],
    [true, '>5', '    1'],
    [{ kind: 'int', value: 255 }, '#X', '0XFF'],
    ['🐍', '*^5', '**🐍**'],
  ])('format(%o, %j) = %j', (value, spec, text) => {
    expect(formatSpec(value, spec)).toBe(text);
  });

  test('the direct entry points', () => {
    expect(formatFloat(2.5, '.0f')).toBe('2');
    expect(formatStr('ab', '>4')).toBe('  ab');
    expect(formatBool(false, 'd')).toBe('0');
    expect(formatInt(65, 'c')).toBe('A');
    expect(doubleToString(0.5, 'e', 2, { sign: true })).toBe('+5.00e-01');
    expect(doubleToString(1e20, 'r', 0, { addDot0: true, alt: true })).toBe('1.e+20'); // format(1e20, '#')
  });

  test('errors carry the Python class and message', () => {
    expect(outcome(() => formatFloat(1, 'd'))).toBe("<ValueError>: Unknown format code 'd' for object of type 'float'");
    expect(outcome(() => formatInt(10n ** 400n, 'e'))).toBe('<OverflowError>: int too large to convert to float');
  });
});

describe('strRepr = repr(str)', () => {
  test(`${fixture.strRepr.length} strings from the fixture`, () => {
    const wrong: string[] = [];
    for (const [s, repr] of fixture.strRepr) {
      const got = strRepr(s);
      if (got !== repr) wrong.push(`${JSON.stringify(s)}: got ${got}, want ${repr}`);
    }
    expect(wrong).toEqual([]);
  });

  test.each<[string, string]>([
    ["it's", `"it's"`], ['say "hi"', `'say "hi"'`], [`both ' and "`, `'both \\' and "'`], ['\\', "'\\\\'"],
    ['\n\t\r', "'\\n\\t\\r'"], ['\x00\x7f\x80\xa0', "'\\x00\\x7f\\x80\\xa0'"], ['é🐍', "'é🐍'"], ['\u2028', "'\\u2028'"],
    ['\ud800', "'\\ud800'"], ['\u{e0001}', "'\\U000e0001'"],
  ])('strRepr(%j) = %s', (s, repr) => {
    expect(strRepr(s)).toBe(repr);
  });

  test("isPrintable matches Python 3.11's str.isprintable for every code point", () => {
    // Decode the fixture's table independently of format.ts and compare all 0x110000 answers.
    const nonPrintable = new Uint8Array(0x110000);
    let previousEnd = -1;
    for (const entry of fixture.nonPrintableTable.split(' ')) {
      const [gap, length] = entry.split('.') as [string, string];
      const start = previousEnd + 1 + parseInt(gap, 36);
      previousEnd = start + parseInt(length, 36);
      nonPrintable.fill(1, start, previousEnd + 1);
    }
    const wrong: number[] = [];
    for (let c = 0; c < 0x110000; c++) {
      if (isPrintable(c) === (nonPrintable[c] === 1)) wrong.push(c);
    }
    expect(wrong.slice(0, 20)).toEqual([]);
  });
});
