/**
 * The engine's one entry module. The CLI (cli/), the language server (server/), the scripts
 * (through server/out/engine/index.js or a bundle) and the front ends' tests import the engine
 * from here and from nowhere else (architecture.test.ts holds that).
 *
 *   const engine = await createEngine({ rules?, fs?, wasmDir? });
 *   engine.analyzeDocument(file, moduleSiblings, { config, previous, keep, cacheSiblings })   one open document
 *   engine.analyze(files, { config })                                          files already read
 *   lintWorkspace(engine, { targets, config, root })                           walk + read + analyse
 *   engine.resolveConfig({ file, settings, flags })                            one precedence
 *
 * Everything that leaves the engine carries complete positions: findings, fix edits and notices
 * with a span have a `range` (0-based, UTF-16, as LSP), and each analysed file its `firstLine`.
 */
import { parseConfig, type Config } from './config';
export { parseSensitivePatterns, type SensitivePattern } from './rules/lib/patterns';
import { Engine, type EngineOptions } from './engine';
import { allRules } from './rules/index';
import type { Rule } from './rules/rule';
import type { EngineSource } from './workspace/lint';

// ---- the engine ---------------------------------------------------------------------------------

export { Engine, type AnalyzeOptions, type EngineOptions, type FileResult, type ParseOptions } from './engine';
export type { ParseHandle, ParsedDocument } from './documents/document';
export type * from './types';
export { codeFingerprint } from './identity';

/** Creates an engine (loads the Terraform grammar). Its rule list is the one used everywhere: analysis, suppressions, config validation, catalogues. */
export function createEngine(opts: EngineOptions = {}): Promise<Engine> {
  return Engine.create(opts);
}

/**
 * An engine started on first use, for front ends that may not need one (a scan that finds no
 * file, or runs in worker threads). `create` replaces createEngine (tests).
 */
export function lazyEngine(opts: EngineOptions = {}, create: () => Promise<Engine> = () => createEngine(opts)): EngineSource {
  let started: Promise<Engine> | undefined;
  return {
    engine: () => (started ??= create()),
    sameAsWorkers: !opts.rules || opts.rules === allRules,
    wasmDir: opts.wasmDir,
    fs: opts.fs,
  };
}

// ---- rules --------------------------------------------------------------------------------------

export { allRules } from './rules/index';
export { docsUrl, DOCS_BASE, type Rule, type RuleMeta } from './rules/rule';

/** Rule ids and names of a rule list (what config files and suppressions may name). */
export function ruleNames(rules: readonly Rule[]): Set<string> {
  return new Set(rules.flatMap((r) => [r.meta.id, r.meta.name]));
}

// ---- configuration ------------------------------------------------------------------------------

export {
  CONFIG_FILE_NAMES,
  ConfigError,
  defaultConfig,
  FileFilter,
  MAX_GLOB_LENGTH,
  MAX_GLOB_WILDCARDS_PER_SEGMENT,
  parseConfig,
  resolveConfig,
  rulesById,
  type Config,
  type ConfigLayers,
  type RuleOverrides,
  type RuleSetting,
} from './config';

/** Parses `.awsdp.yaml` text, validating rule names against `rules` (none given: not checked). */
export function parseConfigFor(text: string, file: string, rules: readonly Rule[]): Config {
  return parseConfig(text, file, rules.length ? ruleNames(rules) : undefined);
}

// ---- files and formats --------------------------------------------------------------------------

export { detectFormat, isCandidatePath, isTerraformPath, isYamlSyntax, moduleKey } from './documents/detect';
export { CLI_BUDGET_MS, DEFAULT_BUDGET_MS, MAX_FILE_BYTES } from './documents/limits';
export { decodeText, LineIndex } from './text';

// ---- workspaces ---------------------------------------------------------------------------------

export { lintWorkspace, type EngineSource, type WorkspaceHooks, type WorkspaceOutcome, type WorkspaceRequest } from './workspace/lint';
export { batchFiles, CHUNK, fileBudgetMs, ioReason, relativePath, scanBatch, scanFiles, scanFilesAsync, type AsyncScanHooks, type FixDetail, type IoError, type ScanHooks, type ScanOutcome, type ScanRequest } from './workspace/scan';
export { POOL_CHUNK, POOL_MAX_WORKERS, POOL_MIN_BYTES, POOL_MIN_FILES, POOL_MIN_FILES_ALONE, poolSize, scanFilesInPool, workerScript, type PoolRequest } from './workspace/pool';
export { ALWAYS_WALK_DIRS, collectFiles, isWalked, SKIP_DIRS, type WalkOptions } from './workspace/walk';
export { nodeFs, type DirEntry, type FileStat, type WorkspaceFs } from './workspace/fs';

// ---- messages and documentation -----------------------------------------------------------------

export { containsSecret, maskPath, MAX_MESSAGE_LENGTH, quoteSource, redactSecrets, sanitizeMessage } from './redact';
export { CATEGORY_TITLES, codeBlock, fenceLanguage, FIX_LABEL, FORMAT_TITLES, formatRulesMarkdown, GENERATED_NOTE, mdCell, oneLine, renderRulePage, renderRulesIndex } from './docs/rule-docs';

// ---- editor services: fix-all, suppression edits, hover -------------------------------------------

export { applyEdits, fixAll, minimalEdit, selectFixes, type FixAllOptions, type FixAllResult, type SpanEdit } from './fixes/apply';
export { cleanReason, REASON_TO_WRITE, suppressionEdit, type SuppressionEdit, type SuppressOptions } from './suppress-edit';
export { conditionKeyDoc, hoverAt, tlsPolicyDoc, tokenAt, type HoverDoc } from './docs/hover';
