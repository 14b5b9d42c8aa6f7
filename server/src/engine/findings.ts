import type { Fix, Finding } from './types';

/** Where a lazy finding keeps its fix writer (until first read), then its fixes. Not enumerable. */
const FIXES = Symbol('awsdp.fixes');

/**
 * What writes a finding's fixes when they are first read: a function, or an object with a
 * `write()` method (the engine's: one small object per finding rather than a closure and its context).
 */
export type FixWriter = (() => Fix[]) | { write(): Fix[] };

interface LazyState {
  [FIXES]: FixWriter | Fix[] | undefined;
}

/**
 * One accessor for every lazy finding: the same getter and setter functions keep all findings on
 * one hidden class (a closure per finding would give each its own, and make every property read
 * on findings slow).
 */
const FIXES_PROPERTY: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: LazyState): Fix[] {
    const state = this[FIXES];
    if (state === undefined) return [];
    if (Array.isArray(state)) return state;
    this[FIXES] = undefined; // a writer that reads `fixes` itself must not loop
    let fixes: Fix[];
    try {
      fixes = (typeof state === 'function' ? state() : state.write()) ?? [];
    } catch {
      fixes = [];
    }
    this[FIXES] = fixes;
    return fixes;
  },
  set(this: LazyState, v: Fix[]) {
    this[FIXES] = v;
  },
};

/**
 * Gives a finding a `fixes` property computed on first read, then kept. It is an ordinary
 * enumerable property for every caller (`finding.fixes`, spreading, JSON.stringify,
 * structured clone). Once computed, the writer (which holds the parsed document) is dropped.
 * A fix writer that throws yields no fixes rather than breaking the front end reading them.
 */
const HIDDEN: PropertyDescriptor = { value: undefined, writable: true, enumerable: false, configurable: true };

export function withLazyFixes(finding: Omit<Finding, 'fixes'>, compute: FixWriter): Finding {
  // One descriptor object for all findings (defineProperty copies it).
  HIDDEN.value = compute;
  Object.defineProperty(finding, FIXES, HIDDEN);
  HIDDEN.value = undefined;
  Object.defineProperty(finding, 'fixes', FIXES_PROPERTY);
  return finding as Finding;
}

/** Computes every lazy fix now, so that nothing keeps the parsed documents alive afterwards. */
export function materializeFixes(findings: readonly Finding[]): void {
  for (const f of findings) void f.fixes;
}
