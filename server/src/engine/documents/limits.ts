/** Budgets that keep every analysis bounded, whatever the input. */

/** Files larger than this are skipped with a notice. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Nesting deeper than this is not analysed (no stack overflow on hostile input). */
export const MAX_DEPTH = 500;
/** YAML alias expansion budget (alias bombs). */
export const MAX_ALIAS_COUNT = 1000;
