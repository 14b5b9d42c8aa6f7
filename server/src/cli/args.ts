/**
 * Command-line parsing with node's util.parseArgs. Parsing is tokenised (not strict) so that every
 * mistake gets its own one-line message; anything unexpected is a UsageError (exit 2).
 */
import { parseArgs } from 'node:util';
import type { RuleSetting, Severity } from '../engine/index';
import type { RulesFormat } from './format-rules';

export type ScanFormat = 'text' | 'json' | 'sarif';
export type FailOn = Severity | 'none';

export interface ScanOptions {
  paths: string[];
  format: ScanFormat;
  output?: string;
  config?: string;
  failOn: FailOn;
  /** `--rule DP201=off` overrides, applied over the config file. */
  rules: Record<string, RuleSetting>;
  quiet: boolean;
  /** Explicit --color / --no-color; undefined = decide from the terminal. */
  color?: boolean;
  progress: boolean;
  /** --baseline FILE: report only findings not in it. */
  baseline?: string;
  /** --write-baseline FILE: record every finding of this scan. */
  writeBaseline?: string;
  /** --changed-since REF: scan only what changed since this git ref. */
  changedSince?: string;
  /** --root DIR: what report paths, config globs and the config file are relative to. */
  root?: string;
  /** --fix: apply the safe fixes to the files; --fix-dry-run: print them as a unified diff (wins over --fix). */
  fix?: 'write' | 'dry-run';
  /** --allow-incomplete: a file a limit stopped (size, depth, tokens, time) does not make the exit status 2. */
  allowIncomplete: boolean;
}

export type Command =
  | { kind: 'help'; topic: 'main' | 'scan' | 'rules' }
  | { kind: 'version' }
  | { kind: 'scan'; options: ScanOptions }
  | { kind: 'rules'; format: RulesFormat; output?: string };

export class UsageError extends Error {}

export const SCAN_FORMATS: readonly ScanFormat[] = ['text', 'json', 'sarif'];
export const RULES_FORMATS: readonly RulesFormat[] = ['text', 'json', 'markdown'];
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'none'];
const SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  'fail-on': { type: 'string' },
  rule: { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'changed-since': { type: 'string' },
  root: { type: 'string' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  'allow-incomplete': { type: 'boolean' },
} as const;
type OptionName = keyof typeof OPTIONS;

const ALLOWED: Record<'scan' | 'rules' | 'none', ReadonlySet<OptionName>> = {
  scan: new Set<OptionName>(['help', 'version', 'format', 'output', 'config', 'fail-on', 'rule', 'quiet', 'color', 'no-color', 'no-progress', 'baseline', 'write-baseline', 'changed-since', 'root', 'fix', 'fix-dry-run', 'allow-incomplete']),
  rules: new Set<OptionName>(['help', 'version', 'format', 'output']),
  none: new Set<OptionName>(['help', 'version']),
};

const COMMANDS = new Set(['scan', 'rules', 'help']);

function list(values: readonly string[]): string {
  return values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}` : values.join('');
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`invalid value '${value}' for ${option} (expected ${list(allowed)})`);
  return value as T;
}

/**
 * Parses `argv` (without node and the script). `knownRules` (ids and names), when given, lets
 * `--rule` reject unknown rules.
 */
export function parseCommandLine(argv: readonly string[], knownRules?: ReadonlySet<string>): Command {
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const positionals: string[] = [];
  const opts: { name: OptionName; raw: string; value?: string; inline?: boolean }[] = [];
  let unknown: string | undefined;
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    else if (t.kind === 'option') {
      if (!Object.hasOwn(OPTIONS, t.name)) {
        unknown ??= t.rawName;
        continue;
      }
      opts.push({ name: t.name as OptionName, raw: t.rawName, value: t.value, inline: t.inlineValue });
    }
  }
  const has = (n: OptionName) => opts.some((o) => o.name === n);

  let command: 'scan' | 'rules' | 'help' | undefined;
  if (positionals.length) {
    const first = positionals.shift()!;
    if (!COMMANDS.has(first)) {
      const hint = /[./\\]/.test(first) ? ` (to scan it: awsdp scan ${first})` : '';
      throw new UsageError(`unknown command '${first}'${hint}`);
    }
    command = first as typeof command;
  }
  if (command === 'help') {
    const topic = positionals[0];
    if (topic === undefined) return { kind: 'help', topic: 'main' };
    if (topic === 'scan' || topic === 'rules') return { kind: 'help', topic };
    throw new UsageError(`no help for '${topic}' (commands: scan, rules)`);
  }
  if (has('help')) return { kind: 'help', topic: command ?? 'main' };
  if (unknown) throw new UsageError(`unknown option '${unknown}'`);
  if (has('version')) return { kind: 'version' };
  if (!command) {
    if (opts.length) throw new UsageError(`option '${opts[0].raw}' needs a command (scan or rules)`);
    return { kind: 'help', topic: 'main' };
  }

  const allowed = ALLOWED[command];
  for (const o of opts) {
    if (!allowed.has(o.name)) throw new UsageError(`option '${o.raw}' is not valid for 'awsdp ${command}'`);
    const type = OPTIONS[o.name].type;
    if (type === 'boolean' && o.value !== undefined) throw new UsageError(`option '${o.raw}' takes no value`);
    if (type === 'string') {
      // `--format --quiet`: a forgotten value, not a format called "--quiet".
      if (o.value === undefined || (!o.inline && o.value.length > 1 && o.value.startsWith('-'))) throw new UsageError(`option '${o.raw}' needs a value`);
      if (o.value === '') throw new UsageError(`option '${o.raw}' needs a non-empty value`);
    }
  }
  const last = (n: OptionName) => {
    const all = opts.filter((o) => o.name === n);
    return all.length ? all[all.length - 1].value : undefined;
  };

  if (command === 'rules') {
    if (positionals.length) throw new UsageError(`'awsdp rules' takes no arguments (got '${positionals[0]}')`);
    const format = oneOf('--format', last('format') ?? 'text', RULES_FORMATS);
    return { kind: 'rules', format, output: last('output') };
  }

  const rules: Record<string, RuleSetting> = {};
  for (const o of opts.filter((x) => x.name === 'rule')) {
    const m = /^([^=\s]+)\s*=\s*(\S+)$/.exec(o.value!);
    if (!m) throw new UsageError(`invalid value '${o.value}' for --rule (expected RULE=error|warning|info|off, e.g. --rule DP201=off)`);
    if (knownRules && !knownRules.has(m[1])) throw new UsageError(`unknown rule '${m[1]}' in --rule (list them with awsdp rules)`);
    rules[m[1]] = oneOf(`--rule ${m[1]}`, m[2], SETTINGS);
  }
  // The last of --color / --no-color wins.
  const colorOpt = opts.filter((o) => o.name === 'color' || o.name === 'no-color').pop();
  return {
    kind: 'scan',
    options: {
      paths: positionals.length ? positionals : ['.'],
      format: oneOf('--format', last('format') ?? 'text', SCAN_FORMATS),
      output: last('output'),
      config: last('config'),
      failOn: oneOf('--fail-on', last('fail-on') ?? 'error', FAIL_ON),
      rules,
      quiet: has('quiet'),
      color: colorOpt ? colorOpt.name === 'color' : undefined,
      progress: !has('no-progress'),
      baseline: last('baseline'),
      writeBaseline: last('write-baseline'),
      changedSince: last('changed-since'),
      root: last('root'),
      allowIncomplete: has('allow-incomplete'),
      ...(has('fix-dry-run') ? { fix: 'dry-run' as const } : has('fix') ? { fix: 'write' as const } : {}),
    },
  };
}

export const MAIN_HELP = `awsdp — data-protection linter for AWS IAM policies, CloudFormation and Terraform

Usage:
  awsdp scan [options] [paths...]   analyse files and directories (default: .)
  awsdp rules [--format text|json|markdown]
                                    list the rule catalogue
  awsdp help [scan|rules]           show help

Options:
  -h, --help       show help (awsdp scan --help for the scan options)
  -v, --version    print the version

Exit status: 0 no finding at or above --fail-on, 1 findings at or above it,
2 usage, configuration or I/O error, or a file not (fully) analysed.
Documentation: https://github.com/awsdp/aws-data-protection/blob/main/docs/rules/README.md
`;

export const SCAN_HELP = `Usage: awsdp scan [options] [paths...]

Analyses IAM policy JSON, CloudFormation (YAML/JSON) and Terraform (.tf, .tf.json) files.
Directories are walked recursively, honouring .gitignore files and skipping .git, node_modules
and .terraform; cdk.out is always analysed. Files named explicitly are always analysed; a
Terraform file named explicitly brings the other Terraform files of its directory (its module).
The scan root is --root, else the first path if it is a directory, else the current directory. The
configuration is read from .awsdp.yaml (or .awsdp.yml) in the scan root, and its include,
exclude and ignore globs are relative to it, as are the paths in JSON and SARIF reports (text
reports show paths relative to the current directory).

Options:
  -f, --format <fmt>     text (default), json or sarif
  -o, --output <file>    write the report to <file> instead of standard output
  -c, --config <file>    configuration file (default: <root>/.awsdp.yaml)
      --root <dir>       the scan root (default: the first path if it is a directory, else
                         the current directory); use the repository root for code scanning
      --fail-on <level>  error (default), warning, info or none: exit 1 when a finding
                         has at least this severity
      --rule <id=level>  override a rule's severity: --rule DP201=off (repeatable)
  -q, --quiet            report errors only (the exit status still counts every finding)
      --color, --no-color
                         force or disable colours (default: on for a terminal unless NO_COLOR)
      --no-progress      never show the progress line
      --baseline <file>  report and fail only on findings not in this baseline; say how
                         many of its entries no longer occur
      --write-baseline <file>
                         record every finding of this scan in <file> (sorted JSON, no
                         code in clear) and exit 0 unless a file could not be analysed
      --changed-since <ref>
                         scan only the files changed since the git ref (since its merge base
                         with HEAD: committed, staged, unstaged, untracked), plus the
                         Terraform modules they belong to
      --fix              apply the safe fixes (only those: unsafe ones are left to you) to
                         the files, each written once and atomically in its own encoding and
                         line endings, then report what remains; a file whose fixes fail or
                         would not parse is left alone. Prints "fixed N problems in M files"
      --fix-dry-run      print the safe fixes as a unified diff (the report's place, or
                         --output) and write nothing; exit status as after --fix
      --allow-incomplete accept files a limit stopped (over 10 MB, too deep, too many
                         tokens, out of time): exit 0 instead of 2 when nothing else failed
                         (their notes are still reported)
  -h, --help             show this help

Exit status:
  0  no finding at or above --fail-on
  1  at least one finding at or above --fail-on
  2  usage or configuration error; or, when no finding reached --fail-on: a file could not be
     read, its analysis failed, or a limit stopped it (analysis incomplete; see
     --allow-incomplete)
`;

export const RULES_HELP = `Usage: awsdp rules [--format text|json|markdown] [--output <file>]

Lists every rule: id, name, category, default severity, fix availability and summary.
`;
