/** Budgets that keep every analysis bounded, whatever the input. */

/** Files larger than this are skipped with a notice. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Nesting deeper than this is not analysed (no stack overflow on hostile input). */
export const MAX_DEPTH = 500;
/** YAML alias expansion budget (alias bombs). */
export const MAX_ALIAS_COUNT = 1000;
/**
 * Time budget of one file's analysis, in milliseconds, when the caller gives none (the language
 * server: an editor must stay responsive). Checked while parsing (tree-sitter's progress
 * callback, between YAML lexemes), between the pipeline stages and between rules; when it is used
 * up the rest is skipped with a notice "analysis stopped after N ms: …".
 */
export const DEFAULT_BUDGET_MS = 2000;
/** The CLI's budget per file: batch runs can afford to wait longer, but never forever. */
export const CLI_BUDGET_MS = 20_000;
/**
 * Memory bounds. Parsing takes memory in proportion to the tokens of a file, not its bytes (a 10 MB
 * YAML flow list of one-letter items holds five times the tokens of a 10 MB template), so the
 * bounds count tokens. A file over one is not analysed, with a notice. CloudFormation accepts
 * templates up to 1 MB: the densest 1 MB of YAML is about 1,000,000 lexemes (one a character), of
 * JSON 500,000 values.
 */
/** YAML lexemes (yaml's Lexer: scalars, indicators, spaces, line breaks) per file: about 260 bytes of memory each while parsing. */
export const MAX_YAML_TOKENS = 1_500_000;
/** JSON values (scalars, objects, arrays) per file: about 100 bytes of memory each. */
export const MAX_JSON_VALUES = 2_000_000;
