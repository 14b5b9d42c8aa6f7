/**
 * The CLI proper, testable in-process: `run(argv, io)` returns the exit status.
 *
 * Exit status:
 *   0  nothing at or above --fail-on (default error)
 *   1  at least one finding at or above --fail-on — this wins over an I/O error
 *   2  usage error, invalid configuration, report cannot be written, internal error; or a file
 *      or directory could not be read, or a file's analysis failed with an internal error
 *      (reported on stderr, the scan goes on), or a limit stopped a file's analysis (size,
 *      nesting, tokens, time: "analysis incomplete", unless --allow-incomplete), and no finding
 *      reached --fail-on
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  allRules,
  CONFIG_FILE_NAMES,
  ConfigError,
  createEngine,
  defaultConfig,
  fileBudgetMs,
  ioReason,
  lazyEngine,
  lintWorkspace,
  parseConfigFor,
  relativePath,
  resolveConfig,
  sanitizeMessage,
  type Config,
  type Engine,
  type FileResult,
  type FixDetail,
  type Rule,
  type RuleOverrides,
} from '../engine/index';
import { applyBaseline, BaselineError, buildBaseline, formatBaseline, parseBaseline, type Baseline, type BaselineEntry } from './baseline';
import { ChangedError, changedFiles, withModules, type ChangedFiles } from './changed';
import { MAIN_HELP, parseCommandLine, RULES_HELP, SCAN_HELP, UsageError, type Command, type FailOn, type ScanOptions } from './args';
import { applyFixes } from './fix';
import { jsonChunks } from './format-json';
import { formatRulesJson, formatRulesMarkdown, formatRulesText } from './format-rules';
import { sarifChunks } from './format-sarif';
import { formatText } from './format-text';
import { inChunks, OutputError, writeReport, type ReportText } from './output';
import { Progress } from './progress';
import { collectFindings, displayPath, printable, SEVERITY_RANK, type IoError } from './report';
import { packageVersion } from './version';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface CliStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: CliStream;
  stderr: CliStream;
  /**
   * For tests: how to create the engine (by default createEngine with `rules` and the wasm files
   * next to the bundle). It must run the same `rules`.
   */
  createEngine?: () => Promise<Engine>;
  /** The rules of the engine, and so of help, SARIF and config validation; defaults to the registry. */
  rules?: readonly Rule[];
}

/** Thrown for a condition that ends the run with a one-line message and exit 2. */
class Fatal extends Error {}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const rules = io.rules ?? allRules;
  const say = (msg: string) => io.stderr.write(`awsdp: ${msg}\n`);
  let cmd: Command;
  try {
    cmd = parseCommandLine(argv, knownRuleNames(rules));
  } catch (e) {
    if (e instanceof UsageError) {
      say(`${e.message}. Run 'awsdp --help' for usage.`);
      return EXIT_ERROR;
    }
    throw e;
  }
  try {
    switch (cmd.kind) {
      case 'help':
        io.stdout.write(cmd.topic === 'scan' ? SCAN_HELP : cmd.topic === 'rules' ? RULES_HELP : MAIN_HELP);
        return EXIT_OK;
      case 'version':
        io.stdout.write(`${packageVersion()}\n`);
        return EXIT_OK;
      case 'rules': {
        const metas = rules.map((r) => r.meta);
        const text = cmd.format === 'json' ? formatRulesJson(metas) : cmd.format === 'markdown' ? formatRulesMarkdown(metas) : formatRulesText(metas);
        emit(io, text, cmd.output);
        return EXIT_OK;
      }
      case 'scan':
        return await runScan(cmd.options, io, rules);
    }
  } catch (e) {
    if (e instanceof Fatal || e instanceof ConfigError || e instanceof BaselineError || e instanceof ChangedError) {
      say(e.message);
      return EXIT_ERROR;
    }
    const err = e as Error;
    say(sanitizeMessage(`internal error: ${err?.message?.split('\n')[0] ?? String(e)}`));
    if (io.env.AWSDP_DEBUG && err?.stack) io.stderr.write(`${err.stack}\n`);
    return EXIT_ERROR;
  }
}

function knownRuleNames(rules: readonly Rule[]): Set<string> | undefined {
  if (!rules.length) return undefined; // no registry yet: nothing to check against
  return new Set(rules.flatMap((r) => [r.meta.id, r.meta.name]));
}

/** Standard output is written in chunks of about this many characters (a pipe's buffer): a report streams, in few writes. */
const STDOUT_CHUNK = 64 * 1024;

function emit(io: CliIo, text: ReportText, output: string | undefined, what = ''): void {
  if (!output) {
    if (typeof text === 'string') {
      if (text) io.stdout.write(text);
    } else for (const chunk of inChunks(text, STDOUT_CHUNK)) io.stdout.write(chunk);
    return;
  }
  const file = path.resolve(io.cwd, output);
  try {
    writeReport(file, text);
  } catch (e) {
    throw new Fatal(`cannot write ${what ? `${what} ` : ''}${printable(output)}: ${e instanceof OutputError ? e.message : ioReason(e)}`);
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The root that report paths, config globs and the config file are relative to. */
export function scanRoot(paths: readonly string[], cwd: string): string {
  const first = path.resolve(cwd, paths[0] ?? '.');
  return isDirectory(first) ? first : cwd;
}

export function loadConfig(root: string, cwd: string, explicit: string | undefined, rules: readonly Rule[]): Config {
  let file: string | undefined;
  if (explicit) file = path.resolve(cwd, explicit);
  else file = CONFIG_FILE_NAMES.map((n) => path.join(root, n)).find((f) => fs.existsSync(f));
  if (!file) return defaultConfig();
  const display = displayPath(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Fatal(`cannot read config ${display}: ${ioReason(e)}`);
  }
  return parseConfigFor(text, display, rules);
}

/** --rule flags over the config file: the engine's one precedence (resolveConfig), by rule id or name alike. */
export function applyOverrides(config: Config, overrides: RuleOverrides, rules: readonly Rule[]): Config {
  return resolveConfig({ file: config, flags: overrides }, rules);
}

/** Whether the analysis of this file failed (an internal error): it must never pass as clean. */
export function failedAnalysis(r: FileResult): boolean {
  return r.notices.some((n) => n.kind === 'internal');
}

/** Whether a limit (size, nesting, tokens, parser memory, time budget) stopped this file's analysis, or part of it. */
export function incompleteAnalysis(r: FileResult): boolean {
  return r.notices.some((n) => n.kind === 'limit');
}

/**
 * The exit status of a scan. A file a limit stopped is an unanalysed file: in CI it must not pass
 * as clean, so it counts as an error (2) unless `allowIncomplete` (--allow-incomplete) accepts it.
 */
export function exitCode(results: readonly FileResult[], ioErrors: number, failOn: FailOn, allowIncomplete = false): number {
  if (failOn !== 'none') {
    const threshold = SEVERITY_RANK[failOn];
    if (results.some((r) => r.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold))) return EXIT_FINDINGS;
  }
  // A file whose analysis failed counts as an error, like a file that cannot be read.
  if (ioErrors || results.some(failedAnalysis)) return EXIT_ERROR;
  return !allowIncomplete && results.some(incompleteAnalysis) ? EXIT_ERROR : EXIT_OK;
}

/** --quiet: errors only, no notices. */
export function errorsOnly(results: readonly FileResult[]): FileResult[] {
  return results.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error'), notices: [] }));
}

/** The bundle (dist/cli.js) sits next to the tree-sitter wasm files; elsewhere the engine finds its own. */
function bundledWasmDir(): string | undefined {
  return fs.existsSync(path.join(__dirname, 'tree-sitter-terraform.wasm')) ? __dirname : undefined;
}

async function runScan(opts: ScanOptions, io: CliIo, rules: readonly Rule[]): Promise<number> {
  const cwd = io.cwd;
  const root = opts.root ? path.resolve(cwd, opts.root) : scanRoot(opts.paths, cwd);
  if (opts.root && !isDirectory(root)) throw new Fatal(`--root ${printable(opts.root)} is not a directory`);
  const config = applyOverrides(loadConfig(root, cwd, opts.config, rules), opts.rules, rules);
  const say = (msg: string) => io.stderr.write(`awsdp: ${msg}\n`);
  // Read before scanning: a wrong baseline path fails at once, not after a long scan.
  const baseline = opts.baseline ? readBaseline(cwd, opts.baseline) : undefined;

  const given = opts.paths.map((p) => path.resolve(cwd, p));
  let targets = withModules(given, root, config);
  let changed: ChangedFiles | undefined;
  if (opts.changedSince) {
    changed = changedFiles(opts.changedSince, root, given, root, config);
    if (changed.configChanged) {
      say(`the configuration file changed since ${printable(opts.changedSince)}: scanning every file`);
      changed = undefined;
    } else {
      targets = changed.files;
      if (!targets.length && !opts.quiet) say(`no file to scan changed since ${printable(opts.changedSince)}`);
    }
  }

  const ioErrors: IoError[] = [];
  const reportIo = (e: IoError) => io.stderr.write(`awsdp: cannot read ${printable(displayPath(cwd, e.file))}: ${e.reason}\n`);
  const progress = new Progress(io.stderr, opts.progress);
  const onIoError = (e: IoError) => {
    progress.end();
    ioErrors.push(e);
    reportIo(e);
  };

  const engineOptions = { rules, wasmDir: bundledWasmDir() };
  const source = lazyEngine(engineOptions, async () => {
    try {
      return await (io.createEngine ?? (() => createEngine(engineOptions)))();
    } catch (e) {
      throw new Fatal(`cannot start the analysis engine: ${(e as Error)?.message ?? String(e)}`);
    }
  });
  // An engine brought by the caller stays in the main thread: worker threads could not build it.
  if (io.createEngine) source.sameAsWorkers = false;
  // What the report needs of each finding, and no more (memory grows with the findings): identities
  // for SARIF fingerprints and baselines, fix edits for SARIF fixes and --fix; JSON prints fix titles
  // only, text no fix (its fixes are never written).
  const identities = opts.format === 'sarif' || !!opts.baseline || !!opts.writeBaseline;
  const fixes: FixDetail = opts.format === 'sarif' || opts.fix ? 'edits' : opts.format === 'json' ? 'titles' : 'none';
  const outcome = await lintWorkspace(
    source,
    { targets, config, root, env: io.env, identities, fixes },
    { onIoError, onProgress: (d: number, t: number) => progress.update(d, t) },
  );
  let results = outcome.results;
  progress.end();
  for (const r of results) {
    if (failedAnalysis(r)) io.stderr.write(`awsdp: ${printable(displayPath(cwd, r.file))} was not analysed: internal error (see the report)\n`);
  }
  const allowIncomplete = opts.allowIncomplete;
  let fixDiff: string | undefined;
  if (opts.fix) {
    const dryRun = opts.fix === 'dry-run';
    const fixed = applyFixes(await source.engine(), {
      results,
      files: outcome.files,
      options: { config, relativePath: (f: string) => relativePath(root, f), budgetMs: fileBudgetMs(io.env), identities: true },
      dryRun,
      display: (f: string) => displayPath(cwd, f),
    });
    for (const s of fixed.skipped) say(`${printable(displayPath(cwd, s.file))} not fixed: ${s.reason}`);
    const n = fixed.fixed.reduce((sum, f) => sum + f.applied, 0);
    const m = fixed.fixed.length;
    say(`${dryRun ? 'would fix' : 'fixed'} ${n} problem${n === 1 ? '' : 's'} in ${m} file${m === 1 ? '' : 's'} (safe fixes only)`);
    if (dryRun) {
      // What would remain: the fixed files' findings as fixAll left them.
      const left = new Map(fixed.fixed.map((f) => [f.file, f.remaining]));
      results = results.map((r) => (left.has(r.file) ? { ...r, findings: left.get(r.file)! } : r));
      fixDiff = fixed.diff;
    } else if (m) {
      // What remains, from the files as now written (a module's other files included).
      results = (await lintWorkspace(source, { targets, config, root, env: io.env, identities, fixes })).results;
    }
  }

  if (opts.writeBaseline) {
    const b = buildBaseline(collectFindings(results, root));
    emit(io, formatBaseline(b), opts.writeBaseline, 'baseline');
    const n = b.entries.reduce((sum, e) => sum + (e.count ?? 1), 0);
    say(`baseline ${printable(opts.writeBaseline)}: ${n} finding${n === 1 ? '' : 's'} recorded (${b.entries.length} entr${b.entries.length === 1 ? 'y' : 'ies'})`);
  }

  let reported = results;
  let baselineSummary: BaselineSummary | undefined;
  if (baseline) {
    const scanned = new Set(outcome.files);
    const inScope = (rel: string) => {
      const abs = path.resolve(root, rel);
      if (scanned.has(abs)) return true;
      if (changed) return changed.changed.has(abs);
      return given.some((t) => abs === t || abs.startsWith(t.endsWith(path.sep) ? t : t + path.sep));
    };
    const match = applyBaseline(collectFindings(results, root), baseline, inScope);
    const fresh = new Set(match.fresh.map((x) => x.finding));
    reported = results.map((r) => (r.findings.every((f) => fresh.has(f)) ? r : { ...r, findings: r.findings.filter((f) => fresh.has(f)) }));
    baselineSummary = { matched: match.matched, gone: match.gone };
    reportBaseline(io, opts, baselineSummary);
  }

  const shown = opts.quiet ? errorsOnly(reported) : reported;
  if (fixDiff !== undefined) {
    // --fix-dry-run: the diff takes the report's place.
    emit(io, fixDiff, opts.output);
    reportIncomplete(io, cwd, reported, allowIncomplete);
    return exitCode(reported, ioErrors.length, opts.failOn, allowIncomplete);
  }
  // JSON and SARIF are streamed: written piece by piece, never held whole (20,000-file scans).
  let report: ReportText;
  // Files a limit stopped, for the reports (--quiet drops the notes, not this).
  const incomplete = reported.filter(incompleteAnalysis).map((r) => r.file);
  if (opts.format === 'json') report = jsonChunks(shown, root, { ioErrors, baseline: baselineSummary, incomplete, allowIncomplete });
  else if (opts.format === 'sarif') report = sarifChunks(shown, root, { version: packageVersion(), rules: rules.map((r) => r.meta), ioErrors, baseline: baselineSummary, incomplete, allowIncomplete });
  else {
    const color = opts.color ?? (!!io.stdout.isTTY && !opts.output && !io.env.NO_COLOR);
    // Text paths are relative to the current directory, so that terminals can open them.
    report = formatText(shown, cwd, { color, reportClean: !opts.quiet, incomplete: incomplete.length, allowIncomplete });
  }
  emit(io, report, opts.output);
  // A text report on stdout says it in its last lines already.
  if (opts.format !== 'text' || opts.output) reportIncomplete(io, cwd, reported, allowIncomplete);
  // --write-baseline accepts every finding of this scan: only errors fail it.
  const counted = opts.writeBaseline ? reported.map((r) => ({ ...r, findings: [] })) : reported;
  return exitCode(counted, ioErrors.length, opts.failOn, allowIncomplete);
}

/** At most this many files a limit stopped are named on stderr (the report lists them all). */
const INCOMPLETE_LISTED = 10;

/**
 * One stderr line when a limit stopped files (whatever the format, so a CI log says why the exit
 * status is 2 even when the report went to a file), naming the first few.
 */
function reportIncomplete(io: CliIo, cwd: string, results: readonly FileResult[], allowed: boolean): void {
  const files = results.filter(incompleteAnalysis).map((r) => printable(displayPath(cwd, r.file)));
  if (!files.length) return;
  const named = files.slice(0, INCOMPLETE_LISTED).join(', ') + (files.length > INCOMPLETE_LISTED ? `, … (${files.length - INCOMPLETE_LISTED} more)` : '');
  const n = files.length === 1 ? '1 file' : `${files.length} files`;
  io.stderr.write(
    allowed
      ? `awsdp: analysis incomplete, accepted by --allow-incomplete: a limit stopped ${n} (${named}); see the notes\n`
      : `awsdp: analysis incomplete: a limit stopped ${n} (${named}); see the notes. Exit status 2 unless a finding fails the scan; --allow-incomplete accepts this\n`,
  );
}

export interface BaselineSummary {
  /** Findings the baseline accepted (not reported). */
  matched: number;
  /** Baseline entries no finding matched, among the files scanned. */
  gone: BaselineEntry[];
}

function readBaseline(cwd: string, file: string): Baseline {
  let text: string;
  try {
    const abs = path.resolve(cwd, file);
    if (!fs.statSync(abs).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREG' });
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    throw new Fatal(`cannot read baseline ${printable(file)}: ${ioReason(e)}`);
  }
  return parseBaseline(text, printable(file));
}

/** At most this many gone entries are listed on stderr (the JSON report lists them all). */
const GONE_LISTED = 50;

function reportBaseline(io: CliIo, opts: ScanOptions, s: BaselineSummary): void {
  const name = printable(opts.baseline!);
  const gone = s.gone.reduce((n, e) => n + (e.count ?? 1), 0);
  io.stderr.write(
    `awsdp: baseline ${name}: ${s.matched} known finding${s.matched === 1 ? '' : 's'} not reported; ${gone} baseline finding${gone === 1 ? '' : 's'} no longer occur${gone === 1 ? 's' : ''}` +
      (gone ? ` (shrink it: awsdp scan --write-baseline ${name})` : '') +
      '\n',
  );
  if (opts.quiet) return;
  for (const e of s.gone.slice(0, GONE_LISTED)) {
    io.stderr.write(`awsdp:   gone: ${e.rule} in ${printable(e.file)}${e.resource !== undefined ? ` (${printable(e.resource)})` : ''}${e.count && e.count > 1 ? ` ×${e.count}` : ''}\n`);
  }
  if (s.gone.length > GONE_LISTED) io.stderr.write(`awsdp:   … and ${s.gone.length - GONE_LISTED} more entries\n`);
}
