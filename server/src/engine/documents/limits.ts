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
