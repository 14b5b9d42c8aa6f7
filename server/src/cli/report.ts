/**
 * What every report format shares: paths relative to the scanned root, 1-based positions and one
 * deterministic order. Formatters are pure functions of (FileResult[], root, options) → string.
 */
import * as path from 'node:path';

import { maskPath, relativePath, type FileResult, type Finding, type IoError, type Notice, type Range, type Severity } from '../engine/index';

export { relativePath, type IoError };

/** 1-based start and end; `endColumn` is the column just after the last character (SARIF style). */
export interface Location {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ReportFinding extends Location {
  /** Path relative to the root, `/`-separated. */
  file: string;
  finding: Finding;
  /** The finding's related locations (Finding.related), in the engine's order, paths and positions as the finding's. */
  related?: ReportRelated[];
}

/** A related location of a finding: another place that explains it (the message is masked by the engine). */
export interface ReportRelated extends Location {
  file: string;
  message: string;
}

export interface ReportNotice extends Partial<Location> {
  file: string;
  notice: Notice;
}

/** A path for messages: relative to `cwd` when inside it, absolute otherwise. */
export function displayPath(cwd: string, file: string): string {
  const rel = relativePath(cwd, file);
  return maskPath(rel === '..' || rel.startsWith('../') || path.isAbsolute(rel) ? file : rel);
}

/** LSP range (0-based, end exclusive) → 1-based location, end column just after the last character. */
export function toLocation(range: Range): Location {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** Plain code-unit order: locale-independent, so reports are byte-identical everywhere. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareLocations(a: Partial<Location>, b: Partial<Location>): number {
  return (
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    (a.endLine ?? 0) - (b.endLine ?? 0) ||
    (a.endColumn ?? 0) - (b.endColumn ?? 0)
  );
}

/** A file's path in a report: relative to the root, credential-shaped names masked (maskPath). */
export function reportPath(root: string, file: string): string {
  return maskPath(relativePath(root, file));
}

/** Every finding, with relative path and 1-based location, ordered by file, line, column, rule id. */
export function collectFindings(results: readonly FileResult[], root: string): ReportFinding[] {
  const out: ReportFinding[] = [];
  for (const r of results) {
    const file = reportPath(root, r.file);
    for (const f of r.findings) {
      const related = f.related?.map((x) => ({ file: x.file === r.file ? file : reportPath(root, x.file), message: x.message, ...toLocation(x.range) }));
      out.push({ file, finding: f, ...toLocation(f.range), ...(related?.length ? { related } : {}) });
    }
  }
  return out.sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareStrings(a.finding.ruleId, b.finding.ruleId) ||
      compareLocations(a, b) ||
      compareStrings(a.finding.message, b.finding.message),
  );
}

/** Every notice, ordered by file, then position (notices without one first), then message. */
export function collectNotices(results: readonly FileResult[], root: string): ReportNotice[] {
  const out: ReportNotice[] = [];
  for (const r of results) {
    const file = reportPath(root, r.file);
    for (const n of r.notices) out.push({ file, notice: n, ...(n.range ? toLocation(n.range) : {}) });
  }
  return out.sort((a, b) => compareStrings(a.file, b.file) || compareLocations(a, b) || compareStrings(a.notice.message, b.notice.message));
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** Control characters and bidirectional overrides: a file name or message must not drive the terminal. */
const UNPRINTABLE = /[\0-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/** `s` with every control character written as an escape (`\u{1b}`), for terminal output. */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (ch) => `\\u{${ch.charCodeAt(0).toString(16)}}`);
}

/** Messages are printed on one line whatever the rule wrote (the engine's oneLine). */
export { oneLine } from '../engine/index';
