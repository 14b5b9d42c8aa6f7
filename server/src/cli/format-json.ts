/**
 * `--format json`: the findings contract of the evaluation corpus (see its README):
 * `{"version":1,"findings":[{file, ruleId, category, severity, line, column, endLine, endColumn, message, …}]}`.
 * Extra fields: ruleName, docsUrl, fixes (titles), related (other places that explain the finding:
 * file, line, column, endLine, endColumn, message; only when the rule gives any). A `notices` array is added only when there are
 * notices, so an empty scan is exactly `{"version":1,"findings":[]}`. When a limit stopped files,
 * `"incomplete": {"files": [...], "allowed": false}` lists them (allowed: --allow-incomplete).
 */
import type { FileResult } from '../engine/index';
import type { BaselineEntry } from './baseline';
import { collectFindings, collectNotices, compareStrings, reportPath, type IoError } from './report';

export interface JsonFinding {
  file: string;
  ruleId: string;
  ruleName: string;
  category: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  docsUrl: string;
  fixes: string[];
  /** Other places that explain the finding (Finding.related), positions and paths as the finding's. */
  related?: JsonRelated[];
}

export interface JsonRelated {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export interface JsonNotice {
  file: string;
  kind: string;
  message: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface JsonReport {
  version: 1;
  findings: JsonFinding[];
  notices?: JsonNotice[];
  /** With --baseline: how many known findings were not reported, and the entries that no longer occur. */
  baseline?: { matched: number; gone: BaselineEntry[] };
  /** Files a limit stopped (the analysis is incomplete; exit status 2 unless `allowed`: --allow-incomplete). */
  incomplete?: { files: string[]; allowed: boolean };
}

export interface JsonOptions {
  /** Files that could not be read; listed as notices of kind `io-error`. */
  ioErrors?: readonly IoError[];
  /** With --baseline (see JsonReport.baseline). */
  baseline?: { matched: number; gone: readonly BaselineEntry[] };
  /** Files a limit stopped (absolute paths; see JsonReport.incomplete). */
  incomplete?: readonly string[];
  allowIncomplete?: boolean;
}

export function buildJsonReport(results: readonly FileResult[], root: string, opts: JsonOptions = {}): JsonReport {
  const findings: JsonFinding[] = collectFindings(results, root).map(({ file, finding: f, line, column, endLine, endColumn, related }) => ({
    file,
    ruleId: f.ruleId,
    ruleName: f.ruleName,
    category: f.category,
    severity: f.severity,
    line,
    column,
    endLine,
    endColumn,
    message: f.message,
    docsUrl: f.docsUrl,
    fixes: f.fixes.map((x) => x.title),
    ...(related ? { related: related.map((x) => ({ file: x.file, line: x.line, column: x.column, endLine: x.endLine, endColumn: x.endColumn, message: x.message })) } : {}),
  }));
  const notices: JsonNotice[] = collectNotices(results, root).map(({ file, notice, line, column, endLine, endColumn }) => ({
    file,
    kind: notice.kind,
    message: notice.message,
    ...(line !== undefined ? { line, column, endLine, endColumn } : {}),
  }));
  const io = [...(opts.ioErrors ?? [])]
    .map((e) => ({ file: reportPath(root, e.file), kind: 'io-error', message: `cannot read: ${e.reason}` }))
    .sort((a, b) => compareStrings(a.file, b.file));
  for (const n of io) notices.push(n);
  const report: JsonReport = notices.length ? { version: 1, findings, notices } : { version: 1, findings };
  if (opts.baseline) report.baseline = { matched: opts.baseline.matched, gone: [...opts.baseline.gone] };
  if (opts.incomplete?.length) report.incomplete = { files: opts.incomplete.map((f) => reportPath(root, f)).sort(compareStrings), allowed: !!opts.allowIncomplete };
  return report;
}

/** One finding per line: valid JSON that still diffs and greps well. Ends with a newline. */
export function formatJson(results: readonly FileResult[], root: string, opts: JsonOptions = {}): string {
  return [...jsonChunks(results, root, opts)].join('');
}

/** formatJson's text in pieces, one per finding: the report is never held whole. */
export function* jsonChunks(results: readonly FileResult[], root: string, opts: JsonOptions = {}): Generator<string> {
  const report = buildJsonReport(results, root, opts);
  function* list(items: readonly object[]): Generator<string> {
    if (!items.length) {
      yield '[]';
      return;
    }
    for (let i = 0; i < items.length; i++) yield `${i ? ',\n' : '[\n'}${JSON.stringify(items[i])}`;
    yield '\n]';
  }
  yield '{"version":1,"findings":';
  yield* list(report.findings);
  if (report.notices) {
    yield ',"notices":';
    yield* list(report.notices);
  }
  if (report.baseline) {
    yield `,"baseline":{"matched":${report.baseline.matched},"gone":`;
    yield* list(report.baseline.gone);
    yield '}';
  }
  if (report.incomplete) yield `,"incomplete":${JSON.stringify(report.incomplete)}`;
  yield '}\n';
}
