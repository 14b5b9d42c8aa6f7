/**
 * `--format text` (default), in the manner of ESLint's "stylish": findings grouped under their
 * file, columns aligned, then one summary line.
 *
 *   samples/bucket.tf
 *      3:5   error    Bucket policy allows plain HTTP  DP201
 *     12:1   note     parse error: …                   parse-error
 *
 *   ✖ 1 problem (1 error, 0 warnings, 0 infos)
 */
import type { FileResult } from '../engine/index';
import { collectFindings, collectNotices, compareStrings, oneLine, printable, type Location } from './report';

export interface TextOptions {
  /** ANSI colours (the CLI decides: TTY, NO_COLOR, --color/--no-color). */
  color?: boolean;
  /** Whether to print the "no problems" line when there is nothing to report (off for --quiet). */
  reportClean?: boolean;
  /** How many files a limit stopped (said after the summary, even with reportClean off). */
  incomplete?: number;
  /** --allow-incomplete: those files do not fail the scan (said so). */
  allowIncomplete?: boolean;
}

type Style = (s: string) => string;
const sgr = (open: number, close: number): Style => (s) => (s ? `\x1b[${open}m${s}\x1b[${close}m` : s);
const STYLES = {
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  blue: sgr(34, 39),
  cyan: sgr(36, 39),
  green: sgr(32, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
  underline: sgr(4, 24),
};
const PLAIN: typeof STYLES = Object.fromEntries(Object.keys(STYLES).map((k) => [k, (s: string) => s])) as typeof STYLES;

interface Row {
  loc?: Partial<Location>;
  label: 'error' | 'warning' | 'info' | 'note';
  message: string;
  code: string;
  /** Related locations, one indented line each under the row: `related: file:line:column message`. */
  related?: string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatText(results: readonly FileResult[], root: string, opts: TextOptions = {}): string {
  const c = opts.color ? STYLES : PLAIN;
  const byFile = new Map<string, Row[]>();
  const rowsOf = (file: string) => {
    let rows = byFile.get(file);
    if (!rows) byFile.set(file, (rows = []));
    return rows;
  };
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of collectFindings(results, root)) {
    counts[f.finding.severity]++;
    const related = f.related?.map((x) => `${x.file === f.file ? '' : `${printable(x.file)}:`}${x.line}:${x.column}  ${printable(oneLine(x.message))}`);
    rowsOf(f.file).push({ loc: f, label: f.finding.severity, message: printable(oneLine(f.finding.message)), code: f.finding.ruleId, ...(related ? { related } : {}) });
  }
  let notes = 0;
  for (const n of collectNotices(results, root)) {
    notes++;
    rowsOf(n.file).push({ loc: n, label: 'note', message: printable(oneLine(n.notice.message)), code: n.notice.kind });
  }
  const suppressed = results.reduce((s, r) => s + r.suppressed, 0);

  const labelStyle: Record<Row['label'], Style> = { error: c.red, warning: c.yellow, info: c.blue, note: c.cyan };
  const out: string[] = [];
  for (const file of [...byFile.keys()].sort(compareStrings)) {
    const rows = byFile.get(file)!;
    rows.sort((a, b) => (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.column ?? 0) - (b.loc?.column ?? 0) || compareStrings(a.code, b.code));
    const lineW = rows.reduce((w, r) => Math.max(w, String(r.loc?.line ?? '').length), -Infinity);
    const colW = rows.reduce((w, r) => Math.max(w, String(r.loc?.column ?? '').length), -Infinity);
    const labelW = rows.reduce((w, r) => Math.max(w, r.label.length), -Infinity);
    const msgW = rows.reduce((w, r) => Math.max(w, r.message.length), -Infinity);
    out.push(c.underline(printable(file)));
    for (const r of rows) {
      const loc = r.loc?.line !== undefined ? `${String(r.loc.line).padStart(lineW)}:${String(r.loc.column).padEnd(colW)}` : '-'.padStart(lineW).padEnd(lineW + 1 + colW);
      const label = labelStyle[r.label](r.label) + ' '.repeat(labelW - r.label.length);
      const message = r.message + ' '.repeat(msgW - r.message.length);
      out.push(`  ${c.dim(loc)}  ${label}  ${message}  ${c.dim(r.code)}`.trimEnd());
      // Under the message column: where else to look (same file: line:column only).
      for (const rel of r.related ?? []) out.push(`${' '.repeat(2 + lineW + 1 + colW + 2 + labelW + 2)}${c.dim(`related: ${rel}`)}`);
    }
    out.push('');
  }

  const problems = counts.error + counts.warning + counts.info;
  const extras: string[] = [];
  if (notes) extras.push(plural(notes, 'note'));
  if (suppressed) extras.push(`${suppressed} suppressed`);
  if (problems) {
    const style = counts.error ? c.red : counts.warning ? c.yellow : c.blue;
    out.push(
      style(
        c.bold(
          `✖ ${plural(problems, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')})`,
        ),
      ),
    );
  } else if (results.some((r) => r.notices.some((n) => n.kind === 'internal'))) {
    // An internal error is never reported as a clean result.
    const failed = results.filter((r) => r.notices.some((n) => n.kind === 'internal')).length;
    out.push(c.red(c.bold(`✖ ${plural(failed, 'file')} not analysed: internal error`)));
  } else if (opts.incomplete && !opts.allowIncomplete) {
    // A file a limit stopped is not a clean file: the scan is not reported as passing.
    out.push(c.red(c.bold(`✖ No problems found, but the analysis is incomplete (${plural(opts.incomplete, 'file')} stopped by a limit)`)));
  } else if (opts.reportClean !== false) {
    const analysed = results.filter((r) => r.format !== undefined).length;
    out.push(c.green(`✔ No problems found (${plural(analysed, 'file')} analysed)`));
  }
  if (extras.length && (problems || opts.reportClean !== false)) out.push(c.dim(`  ${extras.join(', ')}`));
  if (opts.incomplete) {
    const stopped = `${plural(opts.incomplete, 'file')} not fully analysed: stopped by a limit (see ${opts.incomplete === 1 ? 'its note' : 'their notes'})`;
    out.push(opts.allowIncomplete ? c.yellow(`  ${stopped}; accepted by --allow-incomplete`) : c.red(`  ${stopped}; exit status 2 unless a finding fails the scan (--allow-incomplete accepts this)`));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
