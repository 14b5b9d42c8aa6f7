import { detectFormat, isTerraformPath, isYamlSyntax, moduleKey } from './documents/detect';
import type { ParsedDocument, ParseHandle } from './documents/document';
import { HclRuntime, parseHclDocument } from './documents/hcl';
import { parseJson } from './documents/json';
import { parseAwsConfig } from './documents/aws-config';
import { DEFAULT_BUDGET_MS, MAX_FILE_BYTES } from './documents/limits';
import { parseYamlDocument } from './documents/yaml';
import { compilePatterns } from './rules/lib/patterns';
import { defaultConfig, FileFilter, parseConfig, resolveConfig, type Config, type ConfigLayers } from './config';
import { buildModel } from './model/build';
import type { Model } from './model/model';
import { allRules } from './rules/index';
import { docsUrl, type Report, type Rule, type RuleContext } from './rules/rule';
import { withLazyFixes } from './findings';
import { Identities } from './identity';
import type { FixSpec } from './fixes/ops';
import { FixRenderer } from './fixes/render';
import { Budget, DeadlinePassed } from './budget';
import { isPlainMessage, maskPath, sanitizeFully, sanitizeMessage, type Sentence } from './redact';
import { Suppressions } from './suppress';
import { LineIndex } from './text';
import type { Finding, Fix, Format, Notice, Range, RelatedLocation, SourceFile, Span } from './types';
import type { LineIndex as Lines } from './text';
import type { WorkspaceFs } from './workspace/fs';

export interface FileResult {
  file: string;
  /** Undefined when the file is not one awsdp analyses (ignored quietly). */
  format?: Format;
  findings: Finding[];
  notices: Notice[];
  /** Findings silenced by inline comments or the config file. */
  suppressed: number;
  /** analyzeDocument with `keep`: what a later incremental re-parse of this file needs (see ParseOptions). */
  handle?: ParseHandle;
  /**
   * The range of the file's first line: where a front end that needs a position shows a notice
   * about the whole file (one without `range`). Set for every file the engine parsed.
   */
  firstLine?: Range;
}

export interface EngineOptions {
  /** The rules this engine runs, validates config and suppressions against, and lists. Default: the registry (allRules). */
  rules?: readonly Rule[];
  /** Folder holding the tree-sitter wasm files (dist/ in the bundle); by default they are found in node_modules. */
  wasmDir?: string;
  /** Where lintWorkspace reads files (default: the real file system). */
  fs?: WorkspaceFs;
  /** WebAssembly memory (bytes) past which a Terraform parse is stopped; default MAX_PARSER_MEMORY (tests set a lower one). */
  maxParserMemory?: number;
  /** Bounds of the sibling parse cache (ParseOptions.cacheSiblings); default SIBLING_CACHE_FILES and SIBLING_CACHE_CHARS. */
  siblingCache?: { files?: number; chars?: number };
}

/**
 * Incremental re-parsing, for editors: parse with `keep`, hold on to the returned handle, and pass
 * it as `previous` when the same file changes. Terraform files then re-parse only what the edit
 * touched (tree-sitter's incremental parsing) and reuse the unchanged blocks. Other formats
 * ignore both options. The caller owns the handle: `previous` is consumed (disposed) by the call,
 * and a kept handle must be disposed when the file is closed.
 */
export interface ParseOptions {
  previous?: ParseHandle;
  keep?: boolean;
  /** Time budget: parsing stops when it is used up, and the document gets a notice (see Budget). */
  budget?: Budget;
  /**
   * analyzeDocument: keep the parses of the module's other files, and reuse one while the file's
   * text is unchanged (editors, where every keystroke analyses the module again). Bounded: at most
   * SIBLING_CACHE_FILES files and SIBLING_CACHE_CHARS characters of text, least recently used dropped.
   */
  cacheSiblings?: boolean;
}

/** Bounds of the sibling parse cache (ParseOptions.cacheSiblings). */
export const SIBLING_CACHE_FILES = 500;
export const SIBLING_CACHE_CHARS = 16 * 1024 * 1024;

export interface AnalyzeOptions {
  config?: Config;
  /** Maps a file path to the path used for config globs (relative to the workspace root). */
  relativePath?: (file: string) => string;
  /** Profiling hook: called after each rule's check with its time in milliseconds (once per model: a template, or a Terraform module). */
  onRuleTiming?: (ruleId: string, ms: number) => void;
  /**
   * Profiling hook: called with the time in milliseconds of each stage of the pipeline: `parse` (per
   * file), `model` (building the model), `report` (turning rules' reports into findings: suppressions,
   * config filters, ranges, masking; included in the rules' own times above), `finish` (sorting,
   * notices). Rules' time without `report` is the rules' own work.
   */
  onPhaseTiming?: (phase: 'parse' | 'model' | 'report' | 'finish', ms: number) => void;
  /**
   * Time budget per file in milliseconds (default DEFAULT_BUDGET_MS): parsing, model and rules.
   * When it is used up the rest is skipped and the file gets a notice "analysis stopped after N ms".
   * A Terraform module's files are parsed each within the budget, then its rules run within one more.
   */
  budgetMs?: number;
  /** Give each finding its `identity` (baselines, SARIF fingerprints: the CLI). */
  identities?: boolean;
}

/**
 * The language service facade: pure functions from text to findings. The CLI, the language
 * server and the tests all call this. Create it once (it loads the Terraform grammar).
 */
export class Engine {
  /** Rule ids and names of `rules`, for suppressions and config validation. */
  readonly ruleNames: ReadonlySet<string>;
  /** Whether the rule list is the registry's (worker threads can then build the same engine). */
  readonly defaultRules: boolean;
  /** Sibling parses by path, least recently used first (ParseOptions.cacheSiblings). */
  private readonly siblingParses = new Map<string, { source: string; doc: ParsedDocument }>();
  private siblingChars = 0;
  private siblingLimits = { files: SIBLING_CACHE_FILES, chars: SIBLING_CACHE_CHARS };

  private constructor(
    readonly rules: readonly Rule[],
    readonly wasmDir: string | undefined,
    /** This engine's Terraform parser (tree-sitter): its state is the engine's, not the module's. */
    private readonly hcl: HclRuntime,
    /** Where lintWorkspace reads files; undefined: the real file system. */
    readonly fs?: WorkspaceFs,
  ) {
    this.ruleNames = new Set(rules.flatMap((r) => [r.meta.id, r.meta.name]));
    this.defaultRules = rules === allRules;
  }

  /** `rules`: the rules to run (default: every registered rule); the rule tester runs one. */
  static async create(opts: EngineOptions = {}): Promise<Engine> {
    const hcl = await HclRuntime.create({ wasmDir: opts.wasmDir, maxMemory: opts.maxParserMemory });
    const engine = new Engine(opts.rules ?? allRules, opts.wasmDir, hcl, opts.fs);
    engine.siblingLimits = { files: opts.siblingCache?.files ?? SIBLING_CACHE_FILES, chars: opts.siblingCache?.chars ?? SIBLING_CACHE_CHARS };
    return engine;
  }

  /**
   * The configuration to analyse with, from the file, editor settings and command-line flags (in
   * that order of precedence, rule ids and names alike: see ConfigLayers).
   */
  resolveConfig(layers: ConfigLayers): Config {
    return resolveConfig(layers, this.rules);
  }

  /** Parses and validates `.awsdp.yaml` text against this engine's rules. Throws ConfigError. */
  parseConfig(text: string, file?: string): Config {
    return parseConfig(text, file, this.rules.length ? new Set(this.ruleNames) : undefined);
  }

  /** Parses one file once. Returns a document with format undefined for files awsdp does not analyse. */
  parse(file: SourceFile, opts: ParseOptions = {}): ParsedDocument | undefined {
    const { path } = file;
    const previous = opts.previous?.path === path ? opts.previous : (opts.previous?.dispose(), undefined);
    let { text } = file;
    const bom = text.charCodeAt(0) === 0xfeff;
    if (bom) text = ' ' + text.slice(1); // BOM: keep offsets, drop the mark
    const format = detectFormat(path, text);
    // YAML reads a leading BOM itself (offsets kept); a space there would indent the first key.
    if (bom && format && isYamlSyntax(path, text)) text = file.text;
    if (!format) {
      previous?.dispose();
      return undefined;
    }
    const lines = new LineIndex(text);
    const base: ParsedDocument = { path, text, format, lines, comments: [], notices: [] };
    if (text.length > MAX_FILE_BYTES || format !== 'terraform') previous?.dispose();
    if (text.length > MAX_FILE_BYTES) {
      base.notices.push({ file: path, kind: 'limit', message: `file skipped: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` });
      return base;
    }
    const budget = opts.budget;
    const stopped: Notice[] = [];
    const onDeadline = (what: string) => void stopped.push(budget!.notice(path, `${what} did not finish in time; the file is not analysed`));
    const deadline = budget?.deadline;
    const withStop = (d: ParsedDocument): ParsedDocument => {
      if (stopped.length) {
        for (const n of stopped) d.notices.push(n);
        d.stopped = true;
      }
      return d;
    };
    if (format === 'terraform') return withStop(parseHclDocument(this.hcl, path, text, lines, { previous, keep: opts.keep, deadline, onDeadline }));
    if (format === 'aws-config') {
      const a = parseAwsConfig(path, text, { deadline });
      if (a.stopped) onDeadline('parsing the AWS config file');
      return withStop({ ...base, root: a.root, comments: a.comments, notices: a.notices });
    }
    if (isYamlSyntax(path, text)) {
      const y = parseYamlDocument(path, text, lines, { deadline, onDeadline });
      return withStop({ ...base, root: y.roots[0], roots: y.roots, comments: y.comments, notices: y.notices });
    }
    const cfn = format === 'cloudformation';
    let j;
    try {
      // The clock is looked at while parsing (every few thousand values), as for the other formats.
      j = parseJson(text, path, lines, { cfnIntrinsics: cfn, deadline });
    } catch (e) {
      if (!(e instanceof DeadlinePassed)) throw e;
      onDeadline('parsing JSON');
      return withStop(base);
    }
    if (cfn) base.intrinsicsResolved = true;
    return withStop({ ...base, root: j.root, comments: j.comments, notices: j.notices });
  }

  /** Builds the shared model from parsed documents (all files of one Terraform module, or one template). */
  buildModel(docs: ParsedDocument[], deadline?: number): Model {
    return buildModel(docs, deadline);
  }

  /**
   * Analyses files. Terraform files are grouped by directory (a module is a directory) so that
   * references across the module's files resolve; each other file stands alone.
   */
  analyze(files: SourceFile[], opts: AnalyzeOptions = {}): FileResult[] {
    const results: FileResult[] = [];
    const modules = new Map<string, ParsedDocument[]>();
    const ms = opts.budgetMs ?? DEFAULT_BUDGET_MS;
    const onPhase = opts.onPhaseTiming;
    for (const f of files) {
      const budget = new Budget(ms);
      const t0 = onPhase ? performance.now() : 0;
      const doc = this.safeParse(f, results, { budget });
      if (onPhase) onPhase('parse', performance.now() - t0);
      if (!doc) continue;
      if (isTerraformPath(doc.path)) {
        const dir = moduleKey(doc.path);
        let m = modules.get(dir);
        if (!m) modules.set(dir, (m = []));
        m.push(doc);
      } else for (const r of this.analyzeDocs([doc], opts, budget)) results.push(r);
    }
    for (const docs of modules.values()) for (const r of this.analyzeDocs(docs, opts, new Budget(ms))) results.push(r);
    return results;
  }

  /**
   * Analyses one document (the one open in an editor), with the other files of its Terraform
   * module as context. Only the findings of `file` are returned.
   */
  analyzeDocument(file: SourceFile, moduleFiles: SourceFile[] = [], opts: AnalyzeOptions & ParseOptions = {}): FileResult {
    const pre: FileResult[] = [];
    const budget = opts.budget ?? new Budget(opts.budgetMs ?? DEFAULT_BUDGET_MS);
    const doc = this.safeParse(file, pre, { ...opts, budget });
    if (!doc) return pre[0] ?? { file: file.path, findings: [], notices: [], suppressed: 0 };
    const docs = [doc];
    const left: string[] = [];
    // What the opened file's own parse used of its budget; the siblings' parses below do not count.
    const used = performance.now() - budget.start;
    if (doc.format === 'terraform' || doc.format === 'terraform-json') {
      for (const m of moduleFiles) {
        if (m.path === file.path) continue;
        // Each module file has its own budget: a large or hostile sibling (not even open) must not use
        // up the opened file's. One the budget stops is left out of the module, and the file says so.
        const own = new Budget(budget.ms);
        const d = opts.cacheSiblings ? this.cachedSiblingParse(m, own) : this.safeParse(m, [], { budget: own });
        if (d?.stopped) left.push(m.path);
        else if (d && (d.format === 'terraform' || d.format === 'terraform-json')) docs.push(d);
      }
    }
    const own = docs.length > 1 || left.length ? new Budget(budget.ms, performance.now() - used) : budget;
    const result = this.analyzeDocs(docs, opts, own).find((r) => r.file === file.path)!;
    for (const p of left) {
      result.notices.push({ file: file.path, kind: 'limit', timedOut: true, message: `module file ${maskPath(p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1))} was not parsed within its time budget (${budget.ms} ms); the module is analysed without it` });
    }
    if (doc.handle) result.handle = doc.handle;
    return result;
  }

  /** How many sibling parses the cache holds (for tests and diagnostics). */
  get cachedSiblings(): number {
    return this.siblingParses.size;
  }

  /** A module sibling's parse: the kept one while its text is unchanged, else a fresh one (kept when complete). */
  private cachedSiblingParse(f: SourceFile, budget: Budget): ParsedDocument | undefined {
    const hit = this.siblingParses.get(f.path);
    if (hit) {
      this.siblingParses.delete(f.path);
      if (hit.source === f.text) {
        this.siblingParses.set(f.path, hit); // most recently used
        return hit.doc;
      }
      this.siblingChars -= hit.source.length;
    }
    const doc = this.safeParse(f, [], { budget });
    // Only complete parses are kept: one the budget stopped, or that hit a limit, is parsed again next time.
    if (!doc || doc.stopped || doc.notices.some((n) => n.kind === 'limit' || n.kind === 'internal')) return doc;
    const limits = this.siblingLimits;
    if (f.text.length > limits.chars) return doc;
    this.siblingParses.set(f.path, { source: f.text, doc });
    this.siblingChars += f.text.length;
    for (const [path, e] of this.siblingParses) {
      if (this.siblingParses.size <= limits.files && this.siblingChars <= limits.chars) break;
      this.siblingParses.delete(path);
      this.siblingChars -= e.source.length;
    }
    return doc;
  }

  /** Forgets kept sibling parses (all, or those of one file). */
  forgetSiblings(path?: string): void {
    if (path === undefined) {
      this.siblingParses.clear();
      this.siblingChars = 0;
      return;
    }
    const e = this.siblingParses.get(path);
    if (e) {
      this.siblingParses.delete(path);
      this.siblingChars -= e.source.length;
    }
  }

  private safeParse(f: SourceFile, results: FileResult[], opts?: ParseOptions): ParsedDocument | undefined {
    try {
      const doc = this.parse(f, opts);
      if (!doc) results.push({ file: f.path, findings: [], notices: [], suppressed: 0 });
      return doc;
    } catch (e) {
      results.push({ file: f.path, findings: [], notices: [internalNotice(f.path, e)], suppressed: 0 });
      return undefined;
    }
  }

  private analyzeDocs(docs: ParsedDocument[], opts: AnalyzeOptions, budget: Budget): FileResult[] {
    const byFile = new Map<string, FileResult>();
    for (const d of docs) byFile.set(d.path, { file: d.path, format: d.format, findings: [], notices: [...d.notices], suppressed: 0, firstLine: firstLineOf(d.lines) });
    const stoppedFiles = new Set(docs.filter((d) => d.stopped).map((d) => d.path));
    const stop = (what: string) => {
      for (const r of byFile.values()) if (!stoppedFiles.has(r.file)) r.notices.push(budget.notice(r.file, what));
    };
    if (budget.expired()) {
      stop('the time budget was used up before the rules ran; the file is not analysed');
      return finish(byFile, docs);
    }
    const onPhase = opts.onPhaseTiming;
    let model: Model;
    const tModel = onPhase ? performance.now() : 0;
    try {
      model = this.buildModel(docs, budget.deadline);
    } catch (e) {
      if (e instanceof DeadlinePassed) stop('reading policies written as JSON text did not finish in time; the file is not analysed');
      else for (const r of byFile.values()) r.notices.push(internalNotice(r.file, e));
      return finish(byFile, docs);
    }
    if (onPhase) onPhase('model', performance.now() - tModel);
    const config = opts.config ?? defaultConfig();
    const docByPath = new Map(docs.map((d) => [d.path, d]));
    // One renderer per analysis: fixes of one file share what is learnt about its style.
    let fixRenderer: FixRenderer | undefined;
    const renderFixes = (specs: FixSpec[], file: string) => (fixRenderer ??= new FixRenderer((f) => docByPath.get(f))).render(specs, file);
    // Fix edits leave the engine with their range, like findings: no front end builds a line table.
    const withRanges = (fixes: Fix[], file: string): Fix[] => {
      for (const fix of fixes) {
        for (const e of fix.edits) {
          const lines = docByPath.get(e.file ?? file)?.lines;
          if (lines && !e.range) e.range = lines.range(e.span);
        }
      }
      return fixes;
    };
    // What writes a finding's fixes when a front end reads them (one per analysis; each finding holds
    // a small PendingFixes, not a closure and its context).
    const fixWriter = { fixesOf: (fixes: () => FixSpec[], file: string): Fix[] => withRanges(renderFixes(fixes(), file), file) };
    const reporter = new Reporter(byFile, docByPath, model, this.ruleNames, config, opts, fixWriter, opts.identities ? new Identities(model, (f) => docByPath.get(f)?.text) : undefined);
    const onTiming = opts.onRuleTiming;
    const project = { fipsRequired: config.fips === 'required', sensitivePatterns: compilePatterns(config.sensitiveData?.patterns), minimumTls: config.minimumTls ?? ('1.2' as const) };
    let enabled = this.rules.filter((rule) => (config.rules[rule.meta.id] ?? config.rules[rule.meta.name] ?? rule.meta.defaultSeverity) !== 'off');
    // AWS config files (one per model) hold no resources or policies: only rules written for them run there
    // (rules that read every string of every file, DP502/DP503, were not designed or tested for them).
    if (docs[0]?.format === 'aws-config') enabled = enabled.filter((rule) => rule.meta.formats.includes('aws-config'));
    for (const [i, rule] of enabled.entries()) {
      if (budget.expired()) {
        stop(`the time budget was used up; rules not run: ${enabled.slice(i).map((r) => r.meta.id).join(', ')}`);
        break;
      }
      const configured = config.rules[rule.meta.id] ?? config.rules[rule.meta.name];
      const setting = configured ?? rule.meta.defaultSeverity;
      if (setting === 'off') continue;
      const t0 = onTiming ? performance.now() : 0;
      reporter.startRule(rule.meta, configured, setting);
      try {
        rule.check(new RuleRun(model, project, reporter));
      } catch (e) {
        for (const r of byFile.values()) r.notices.push(internalNotice(r.file, e, rule.meta.id));
      }
      if (onTiming) onTiming(rule.meta.id, performance.now() - t0);
    }
    if (onPhase) onPhase('report', reporter.reportMs);
    const tFinish = onPhase ? performance.now() : 0;
    for (const r of byFile.values()) {
      reporter.supp(r.file);
      r.findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
    }
    const out = finish(byFile, docs);
    if (onPhase) onPhase('finish', performance.now() - tFinish);
    return out;
  }
}

/**
 * The context a rule runs with: `report` is a method, the engine's work on each report is done by
 * the analysis' Reporter.
 */
class RuleRun implements RuleContext {
  constructor(
    readonly model: Model,
    readonly project: NonNullable<RuleContext['project']>,
    private readonly reporter: Reporter,
  ) {}

  report(r: Report): void {
    this.reporter.reportTimed(r);
  }
}

/**
 * Turns the rules' reports into findings, for one analysis: suppressions, config filters, ranges,
 * masking. Methods of one class rather than closures made per analysis, for the garbage collector's
 * sake: V8 optimises a hot closure for the context it was made in when it is the only closure made
 * there so far, and the optimised code then holds that context (this analysis' documents, model and
 * trees) until a full collection; minor collections copy and promote all of it.
 */
class Reporter {
  reportMs = 0;
  private readonly filter: FileFilter;
  private readonly rel: (file: string) => string;
  private readonly onPhase: AnalyzeOptions['onPhaseTiming'];
  private readonly suppressions = new Map<string, Suppressions>();
  // Most messages are plain sentences naming resources: one pass over them says so (isPlainMessage),
  // with no allocation. The others are masked, each distinct one once (rules repeat their messages).
  private readonly sanitized = new Map<string, string>();
  // The rule running now (startRule).
  private ruleId = '';
  private ruleName = '';
  private category: Finding['category'] = 'mfa';
  private url = '';
  private configured: Finding['severity'] | undefined;
  private setting: Finding['severity'] = 'error';
  /** Whether the config ignores the rule in a file: asked once per rule and file, not per finding. */
  private ignoredIn = new Map<string, boolean>();
  // The file of the last report (a rule reports a file's findings one after the other): its result,
  // document and suppressions, and whether the config ignores the rule there (undefined: not asked yet).
  private lastFile: string | undefined = undefined;
  private lastRes: FileResult | undefined = undefined;
  private lastDoc: ParsedDocument | undefined = undefined;
  private lastSupp: Suppressions | undefined = undefined;
  private lastIgnored: boolean | undefined = undefined;

  constructor(
    private readonly byFile: Map<string, FileResult>,
    private readonly docByPath: Map<string, ParsedDocument>,
    private readonly model: Model,
    private readonly ruleNames: ReadonlySet<string>,
    config: Config,
    opts: AnalyzeOptions,
    private readonly fixWriter: { fixesOf(fixes: () => FixSpec[], file: string): Fix[] },
    private readonly identities: Identities | undefined,
  ) {
    this.filter = new FileFilter(config);
    this.rel = opts.relativePath ?? identity;
    this.onPhase = opts.onPhaseTiming;
  }

  startRule(meta: Rule['meta'], configured: Finding['severity'] | 'off' | undefined, setting: Finding['severity'] | 'off'): void {
    this.ruleId = meta.id;
    this.ruleName = meta.name;
    this.category = meta.category;
    this.url = docsUrl(meta);
    // (`off` never gets here: the rule does not run.)
    this.configured = configured as Finding['severity'] | undefined;
    this.setting = setting as Finding['severity'];
    this.ignoredIn = new Map();
    this.lastFile = undefined;
  }

  /** Makes `file` the file of the last report: its result, document and suppressions (read now, if not yet) at hand. */
  private enter(file: string): void {
    this.lastFile = file;
    this.lastRes = this.byFile.get(file);
    this.lastDoc = this.docByPath.get(file);
    this.lastSupp = this.lastDoc && this.supp(file);
    this.lastIgnored = undefined;
  }

  /** The file's suppressions, read when first needed (their notices join the file's). */
  supp(file: string): Suppressions {
    let s = this.suppressions.get(file);
    if (!s) {
      s = new Suppressions(this.docByPath.get(file)!, this.model, this.ruleNames);
      this.suppressions.set(file, s);
      for (const n of s.notices) this.byFile.get(file)?.notices.push(n);
    }
    return s;
  }

  private sanitize(message: string | Sentence): string {
    let m: string;
    if (typeof message === 'string') {
      if (isPlainMessage(message)) return message;
      m = message;
    } else {
      // A tagged template (redact.ts `sentence`): what isPlainMessage says of it, from its values alone.
      m = message.text;
      if (message.plain ?? isPlainMessage(m)) return m;
    }
    let v = this.sanitized.get(m);
    if (v === undefined) this.sanitized.set(m, (v = sanitizeFully(m)));
    return v;
  }

  private suppressedAt(file: string, span: Span): boolean {
    // (The file of the last report, whose suppressions are at hand, first.)
    if (file === this.lastFile && this.lastSupp) return this.lastSupp.isSuppressed(this.ruleId, this.ruleName, span);
    return this.docByPath.has(file) && this.supp(file).isSuppressed(this.ruleId, this.ruleName, span);
  }

  private alsoSuppressed(at: NonNullable<Report['alsoSuppressedAt']>): boolean {
    for (let i = 0; i < at.length; i++) if (this.suppressedAt(at[i].file, at[i].span)) return true;
    return false;
  }

  private ignored(file: string): boolean {
    if (file === this.lastFile && this.lastIgnored !== undefined) return this.lastIgnored;
    let v = this.ignoredIn.get(file);
    if (v === undefined) this.ignoredIn.set(file, (v = this.filter.ignores(this.rel(file), this.ruleId, this.ruleName)));
    if (file === this.lastFile) this.lastIgnored = v;
    return v;
  }

  /** A related location in a file of this analysis, with its range and masked message. */
  private relatedOne(x: NonNullable<Report['related']>[number]): RelatedLocation | undefined {
    const lines = (x.file === this.lastFile ? this.lastDoc : this.docByPath.get(x.file))?.lines;
    return lines && { file: x.file, span: x.span, range: lines.range(x.span), message: this.sanitize(x.message) };
  }

  private relatedOf(related: NonNullable<Report['related']>): RelatedLocation[] {
    // Most findings have one related location: a list of exactly one (one grown by `push` holds room for 17).
    if (related.length === 1) {
      const one = this.relatedOne(related[0]);
      return one ? [one] : [];
    }
    const out: RelatedLocation[] = [];
    for (let i = 0; i < related.length; i++) {
      const one = this.relatedOne(related[i]);
      if (one) out.push(one);
    }
    return out;
  }

  reportTimed(r: Report): void {
    if (!this.onPhase) return this.report(r);
    const t1 = performance.now();
    this.report(r);
    this.reportMs += performance.now() - t1;
  }

  private report(r: Report): void {
    if (r.file !== this.lastFile) this.enter(r.file);
    const res = this.lastRes;
    const doc = this.lastDoc;
    if (!res || !doc) return;
    if (this.suppressedAt(r.file, r.span) || (r.alsoSuppressedAt && this.alsoSuppressed(r.alsoSuppressedAt)) || this.ignored(r.file)) {
      res.suppressed++;
      return;
    }
    const finding: Omit<Finding, 'fixes'> & { fixes?: Fix[] } = new (FindingObject as unknown as FindingConstructor)(
      this.ruleId,
      this.ruleName,
      this.category,
      this.configured === undefined && r.severity ? r.severity : this.setting,
      // Rules may quote the file: what leaves the engine is masked and bounded (redact.ts).
      this.sanitize(r.message),
      r.file,
      r.span,
      doc.lines.range(r.span),
      this.url,
    );
    if (r.related?.length) finding.related = this.relatedOf(r.related);
    if (this.identities) finding.identity = this.identities.of(r.file, r.span);
    // The report itself is not kept (only its fix writer): see FindingObject.
    if (r.fixes) res.findings.push(withLazyFixes(finding, new PendingFixes(r.fixes, r.file, this.fixWriter)));
    else {
      finding.fixes = [];
      res.findings.push(finding as Finding);
    }
  }
}

const identity = (p: string) => p;

/** A finding's fixes not written yet: the rule's fix writer, its file, and the analysis that renders them. */
class PendingFixes {
  constructor(
    private readonly fixes: () => FixSpec[],
    private readonly file: string,
    private readonly writer: { fixesOf(fixes: () => FixSpec[], file: string): Fix[] },
  ) {}

  write(): Fix[] {
    return this.writer.fixesOf(this.fixes, this.file);
  }
}

type FindingConstructor = new (
  ruleId: string,
  ruleName: string,
  category: Finding['category'],
  severity: Finding['severity'],
  message: string,
  file: string,
  span: Span,
  range: Range,
  docsUrl: string,
) => Omit<Finding, 'fixes'> & { fixes?: Fix[] };

/**
 * Makes the engine's findings: plain objects (their prototype is Object.prototype, as for a literal),
 * properties always in this order (one hidden class for the findings of every rule), made by `new`
 * for the garbage collector's sake. V8 moves the objects of an object literal that keeps surviving
 * minor collections (findings are the analysis' result) straight to the old generation; a finding
 * there holds its fix writer, and through it the model and the young value tree, which then survive
 * every minor collection (copied, then promoted: megabytes per analysis) until the next full one,
 * long after the caller dropped the finding. Objects made by `new` start young.
 */
function FindingObject(
  this: Omit<Finding, 'fixes'>,
  ruleId: string,
  ruleName: string,
  category: Finding['category'],
  severity: Finding['severity'],
  message: string,
  file: string,
  span: Span,
  range: Range,
  docsUrl: string,
): void {
  this.ruleId = ruleId;
  this.ruleName = ruleName;
  this.category = category;
  this.severity = severity;
  this.message = message;
  this.file = file;
  this.span = span;
  this.range = range;
  this.docsUrl = docsUrl;
}
FindingObject.prototype = Object.prototype;

function firstLineOf(lines: Lines): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: lines.lineText(0).length } };
}

/**
 * The results as they leave the engine: every notice message masked and bounded (redact.ts), and
 * every notice with a span given its range.
 */
function finish(byFile: Map<string, FileResult>, docs: readonly ParsedDocument[]): FileResult[] {
  const lines = new Map(docs.map((d) => [d.path, d.lines]));
  for (const r of byFile.values()) {
    r.notices = r.notices.map((n) => {
      const range = n.range ?? (n.span && lines.get(r.file)?.range(n.span));
      return range ? { ...n, range, message: sanitizeMessage(n.message) } : { ...n, message: sanitizeMessage(n.message) };
    });
  }
  return [...byFile.values()];
}

function internalNotice(file: string, e: unknown, ruleId?: string): Notice {
  const msg = e instanceof Error ? e.message : String(e);
  return { file, kind: 'internal', message: sanitizeMessage(`${ruleId ? `rule ${ruleId} ` : ''}failed on this file: ${msg.split('\n')[0]}`) };
}
