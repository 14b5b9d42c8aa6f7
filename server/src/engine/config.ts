import { parse as parseYaml } from 'yaml';
import type { Severity } from './types';
import { compileGlobs, expandBraces, GlobError } from './glob';
import { parseSensitivePatterns, type SensitivePattern } from './rules/lib/patterns';
import { redactSecrets } from './redact';

export type RuleSetting = Severity | 'off';

/** Rule id (`DP201`) or name → severity or off: one layer of rule settings (a file, editor settings, flags). */
export type RuleOverrides = Record<string, RuleSetting>;

/** Configuration shared by every front end (CLI, server, tests). */
export interface Config {
  /** Rule id (`DP201`) or name → severity or off. */
  rules: Record<string, RuleSetting>;
  /** Globs (relative to the workspace root, `/`-separated) of files to analyse; empty = all supported files. */
  include: string[];
  /** Globs of files never analysed (in addition to .gitignore for directory walks). */
  exclude: string[];
  /** Suppressions for files that cannot carry comments (plain policy JSON): glob + rule + reason. */
  ignore: { files: string; rules: string[]; reason: string }[];
  /**
   * `fips: required`: the project must use FIPS endpoints, and the FIPS rules (DP4xx) report at
   * warning level instead of information. Absent: `optional`.
   */
  fips?: 'required' | 'optional';
  /**
   * `minimumTls: "1.3"`: the project requires TLS 1.3 where AWS offers a TLS 1.3-only setting (load
   * balancer SSL policies, CloudFront minimum protocol versions): DP301 then also reports TLS 1.2
   * minimums there. Absent: `"1.2"`, what AWS requires.
   */
  minimumTls?: '1.2' | '1.3';
  /**
   * `sensitiveData.patterns`: the project's own identifying data (employee ids, customer numbers...),
   * each `{name, pattern}` with an RE2 pattern (patterns.ts), reported by DP501 like the built-in
   * detectors. The editor setting `awsdp.sensitiveData.patterns` adds to the file's.
   */
  sensitiveData?: { patterns: SensitivePattern[] };
}

export const CONFIG_FILE_NAMES = ['.awsdp.yaml', '.awsdp.yml'];

export function defaultConfig(): Config {
  return { rules: {}, include: [], exclude: [], ignore: [] };
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    // The message may quote the config file (a key, a YAML error): credential shapes are masked.
    super(redactSecrets(file ? `${file}: ${message}` : message));
  }
}

const SETTINGS = new Set(['error', 'warning', 'info', 'off']);

/** Wildcards (`*`, `?`) allowed in one path segment of a glob; longest glob. */
export const MAX_GLOB_WILDCARDS_PER_SEGMENT = 2;
export const MAX_GLOB_LENGTH = 1000;

/**
 * Globs are matched in time linear in the path (glob.ts); a configuration file may come with the
 * repository scanned, so its globs are bounded anyway: length, wildcards per segment, brace alternatives.
 */
function checkGlob(glob: string, where: string, file: string): void {
  if (glob.length > MAX_GLOB_LENGTH) throw new ConfigError(`${where}: glob longer than ${MAX_GLOB_LENGTH} characters`, file);
  try {
    expandBraces(glob);
  } catch (e) {
    if (e instanceof GlobError) throw new ConfigError(`${where}: ${e.message}`, file);
    throw e;
  }
  for (const segment of glob.split('/')) {
    if (segment === '**') continue;
    let wildcards = 0;
    for (const c of segment) if (c === '*' || c === '?') wildcards++;
    if (wildcards > MAX_GLOB_WILDCARDS_PER_SEGMENT) {
      throw new ConfigError(`${where}: a glob may have at most ${MAX_GLOB_WILDCARDS_PER_SEGMENT} wildcards (* or ?) in one path segment, got ${wildcards}`, file);
    }
  }
}

/** Parses and validates `.awsdp.yaml`. Throws ConfigError with a message that names the bad key. */
export function parseConfig(text: string, file = '.awsdp.yaml', knownRules?: Set<string>): Config {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new ConfigError(`not valid YAML: ${(e as Error).message.split('\n')[0]}`, file);
  }
  const cfg = defaultConfig();
  if (raw === null || raw === undefined) return cfg;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('expected a mapping at the top level', file);
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    switch (k) {
      case 'rules': {
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError('"rules" must map rule ids to error|warning|info|off', file);
        for (const [rule, setting] of Object.entries(v as Record<string, unknown>)) {
          if (knownRules && !knownRules.has(rule)) throw new ConfigError(`unknown rule "${rule}" in "rules"`, file);
          if (typeof setting !== 'string' || !SETTINGS.has(setting))
            throw new ConfigError(`rule "${rule}": expected error, warning, info or off, got ${JSON.stringify(setting)}`, file);
          cfg.rules[rule] = setting as RuleSetting;
        }
        break;
      }
      case 'include':
      case 'exclude': {
        const list = typeof v === 'string' ? [v] : v;
        if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) throw new ConfigError(`"${k}" must be a list of glob patterns`, file);
        for (const g of list as string[]) checkGlob(g, `"${k}"`, file);
        cfg[k] = list as string[];
        break;
      }
      case 'ignore': {
        if (!Array.isArray(v)) throw new ConfigError('"ignore" must be a list of {files, rules, reason}', file);
        v.forEach((item, i) => {
          const it = item as Record<string, unknown>;
          if (!it || typeof it !== 'object') throw new ConfigError(`ignore[${i}]: expected a mapping`, file);
          const rules = typeof it.rules === 'string' ? [it.rules] : it.rules;
          if (typeof it.files !== 'string') throw new ConfigError(`ignore[${i}]: "files" (a glob) is required`, file);
          checkGlob(it.files, `ignore[${i}].files`, file);
          if (!Array.isArray(rules) || rules.some((r) => typeof r !== 'string')) throw new ConfigError(`ignore[${i}]: "rules" must list rule ids`, file);
          if (knownRules) for (const r of rules as string[]) if (!knownRules.has(r)) throw new ConfigError(`ignore[${i}]: unknown rule "${r}"`, file);
          if (typeof it.reason !== 'string' || !it.reason.trim()) throw new ConfigError(`ignore[${i}]: a "reason" is required`, file);
          cfg.ignore.push({ files: it.files, rules: rules as string[], reason: it.reason });
        });
        break;
      }
      case 'fips': {
        if (v !== 'required' && v !== 'optional') throw new ConfigError(`"fips" must be required or optional, got ${JSON.stringify(v)}`, file);
        cfg.fips = v;
        break;
      }
      case 'minimumTls': {
        const t = typeof v === 'number' ? v.toFixed(1) : v;
        if (t !== '1.2' && t !== '1.3') throw new ConfigError(`"minimumTls" must be "1.2" or "1.3", got ${JSON.stringify(v)}`, file);
        cfg.minimumTls = t;
        break;
      }
      case 'sensitiveData': {
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ConfigError('"sensitiveData" must be a mapping with "patterns"', file);
        for (const [sk, sv] of Object.entries(v as Record<string, unknown>)) {
          if (sk !== 'patterns') throw new ConfigError(`unknown key "sensitiveData.${sk}" (expected patterns)`, file);
          try {
            cfg.sensitiveData = { patterns: parseSensitivePatterns(sv) };
          } catch (e) {
            throw new ConfigError((e as Error).message, file);
          }
        }
        break;
      }
      default:
        throw new ConfigError(`unknown key "${k}" (expected rules, include, exclude, ignore, fips, minimumTls, sensitiveData)`, file);
    }
  }
  return cfg;
}

/** Compiled matchers for include/exclude/ignore globs. Paths are relative to the root, `/`-separated. */
export class FileFilter {
  private readonly inc?: (p: string) => boolean;
  private readonly exc?: (p: string) => boolean;
  private readonly ign: { match: (p: string) => boolean; rules: Set<string> }[];
  constructor(cfg: Config) {
    // Matched in time linear in the path (glob.ts): a regular-expression matcher backtracks on `**/a/**/a/…`.
    if (cfg.include.length) this.inc = compileGlobs(cfg.include);
    if (cfg.exclude.length) this.exc = compileGlobs(cfg.exclude);
    this.ign = cfg.ignore.map((i) => ({ match: compileGlobs([i.files]), rules: new Set(i.rules) }));
  }
  /** Whether a file (relative path) is to be analysed. */
  accepts(rel: string): boolean {
    if (this.exc?.(rel)) return false;
    return this.inc ? this.inc(rel) : true;
  }
  /** Whether the config file suppresses this rule (id or name) in this file. */
  ignores(rel: string, ruleId: string, ruleName: string): boolean {
    return this.ign.some((i) => (i.rules.has(ruleId) || i.rules.has(ruleName)) && i.match(rel));
  }
}

/** What config resolution needs to know of a rule: its id and name. */
export interface RuleKey {
  meta: { id: string; name: string };
}

/**
 * The layers of configuration, lowest precedence first:
 *
 *   1. each rule's default severity (its metadata);
 *   2. the configuration file (`.awsdp.yaml`): rules, include, exclude, ignore;
 *   3. editor settings (`awsdp.rules` in the language server);
 *   4. command-line flags (`--rule ID=SEVERITY` in the CLI).
 *
 * A higher layer wins for a rule whether it names the rule by id or by name; within one layer, an
 * entry by id wins over one by name. Only the file sets include/exclude/ignore.
 */
export interface ConfigLayers {
  file?: Config;
  settings?: RuleOverrides;
  flags?: RuleOverrides;
  /** The `awsdp.fips.required` editor setting: true makes FIPS required whatever the file says (false leaves the file's word). */
  fipsRequired?: boolean;
  /**
   * The `awsdp.sensitiveData.patterns` editor setting: added to the file's patterns. Entries that are
   * not valid (see `parseSensitivePatterns`, which says why) are left out here.
   */
  sensitivePatterns?: readonly unknown[];
}

/**
 * One layer's rule entries keyed by rule id. Entries naming no rule of `rules` are kept as written
 * (they match nothing, and config validation reports them where it applies).
 */
export function rulesById(layer: RuleOverrides, rules: readonly RuleKey[]): RuleOverrides {
  const byName = new Map<string, string>();
  for (const r of rules) {
    byName.set(r.meta.id, r.meta.id);
    byName.set(r.meta.name, r.meta.id);
  }
  const out: RuleOverrides = {};
  // Names first, then ids: an id entry wins over a name entry of the same layer.
  const entries = Object.entries(layer);
  for (const [k, v] of entries) if (byName.get(k) !== k) out[byName.get(k) ?? k] = v;
  for (const [k, v] of entries) if (byName.get(k) === k) out[k] = v;
  return out;
}

/** Resolves the configuration layers into the one Config the engine analyses with (see ConfigLayers). */
export function resolveConfig(layers: ConfigLayers, rules: readonly RuleKey[]): Config {
  const base = layers.file ?? defaultConfig();
  const merged: RuleOverrides = {};
  for (const layer of [base.rules, layers.settings, layers.flags]) if (layer) Object.assign(merged, rulesById(layer, rules));
  const out: Config = { ...base, rules: merged, ...(layers.fipsRequired ? { fips: 'required' as const } : {}) };
  const extra = validPatterns(layers.sensitivePatterns);
  if (extra.length) out.sensitiveData = { patterns: [...(base.sensitiveData?.patterns ?? []), ...extra] };
  return out;
}

/** The entries of an editor setting that are valid patterns (each checked on its own). */
function validPatterns(raw: readonly unknown[] | undefined): SensitivePattern[] {
  if (!Array.isArray(raw)) return [];
  const out: SensitivePattern[] = [];
  for (const it of raw) {
    try {
      for (const p of parseSensitivePatterns([it])) out.push(p);
    } catch {
      // Left out; parseSensitivePatterns gives the reason to a front end that asks.
    }
  }
  return out;
}
