/** Shared by the CLI tests: hand-built findings, temp directories, the findings-contract check. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Category, FileResult, Finding, Fix, Notice, RuleMeta, Severity } from '../engine/index';

export const ROOT = path.resolve(os.tmpdir(), 'awsdp-cli-fixture-root');

/** 0-based LSP positions, as the engine produces them. */
export function mkFinding(o: {
  file: string;
  ruleId?: string;
  severity?: Severity;
  category?: Category;
  start: [number, number];
  end: [number, number];
  message?: string;
  fixes?: Fix[];
}): Finding {
  const ruleId = o.ruleId ?? 'DP201';
  return {
    ruleId,
    ruleName: `name-of-${ruleId.toLowerCase()}`,
    category: o.category ?? 'secure-transport',
    severity: o.severity ?? 'error',
    message: o.message ?? `message of ${ruleId}`,
    file: o.file,
    span: { start: 0, end: 1 },
    range: { start: { line: o.start[0], character: o.start[1] }, end: { line: o.end[0], character: o.end[1] } },
    docsUrl: `https://example.test/docs/${ruleId}.md`,
    fixes: o.fixes ?? [],
  };
}

export function mkResult(file: string, findings: Finding[] = [], notices: Notice[] = [], suppressed = 0): FileResult {
  return { file, format: 'cloudformation', findings, notices, suppressed };
}

export function mkMeta(o: Partial<RuleMeta> & { id: string }): RuleMeta {
  return {
    name: `name-of-${o.id.toLowerCase()}`,
    category: 'secure-transport',
    defaultSeverity: 'error',
    summary: `Summary of ${o.id}.`,
    description: `Description of **${o.id}**, see [AWS](https://aws.amazon.com/).`,
    fix: 'none',
    formats: ['cloudformation'],
    examples: [],
    ...o,
  };
}

/** A fresh temporary directory (real path: macOS /tmp is a link), removed by `cleanup`. */
export function tempDir(prefix = 'awsdp-cli-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** Writes files (relative path → content) under `dir`, creating directories. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
  }
}

export function cleanup(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The repository root (package.json of the extension), from the test file or the working directory. */
export function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let d = start;
    for (;;) {
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(d, 'package.json'), 'utf8')) as { name?: string };
        if (pkg.name === 'aws-data-protection') return d;
      } catch {
        // keep looking
      }
      const up = path.dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  throw new Error('cannot find the repository root (package.json of aws-data-protection)');
}

const CATEGORIES = new Set(['mfa', 'secure-transport', 'tls-version', 'fips-endpoint', 'sensitive-data']);
const SEVERITIES = new Set(['error', 'warning', 'info']);

export interface ContractFinding {
  file: string;
  ruleId: string;
  category: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  [extra: string]: unknown;
}

/** Asserts that `doc` follows the corpus findings contract, in the deterministic order. */
export function assertContract(doc: unknown): ContractFinding[] {
  assert.ok(doc && typeof doc === 'object', 'report is an object');
  const d = doc as { version?: unknown; findings?: unknown };
  assert.equal(d.version, 1);
  assert.ok(Array.isArray(d.findings), 'findings is an array');
  const findings = d.findings as ContractFinding[];
  findings.forEach((f, i) => {
    const at = `findings[${i}]`;
    assert.equal(typeof f.file, 'string', `${at}.file`);
    assert.ok(f.file.length > 0 && !f.file.includes('\\') && !path.isAbsolute(f.file) && !f.file.startsWith('./'), `${at}.file is relative and /-separated: ${f.file}`);
    assert.equal(typeof f.ruleId, 'string', `${at}.ruleId`);
    assert.ok(CATEGORIES.has(f.category), `${at}.category ${f.category}`);
    assert.ok(SEVERITIES.has(f.severity), `${at}.severity ${f.severity}`);
    for (const k of ['line', 'column', 'endLine', 'endColumn'] as const) assert.ok(Number.isInteger(f[k]) && f[k] >= 1, `${at}.${k} is a 1-based integer: ${f[k]}`);
    assert.ok(f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column), `${at} ends after it starts`);
    assert.equal(typeof f.message, 'string', `${at}.message`);
    assert.ok(f.message.length > 0, `${at}.message is not empty`);
    if (i > 0) {
      const p = findings[i - 1];
      const order = p.file < f.file ? -1 : p.file > f.file ? 1 : p.line - f.line || p.column - f.column || (p.ruleId < f.ruleId ? -1 : p.ruleId > f.ruleId ? 1 : 0);
      assert.ok(order <= 0, `${at} is ordered by file, line, column, ruleId`);
    }
  });
  return findings;
}
