import type { Fix, Finding } from './types';

/** Where a lazy finding keeps its fix writer (until first read), then its fixes. Not enumerable. */
const FIXES = Symbol('awsdp.fixes');

interface LazyState {
  [FIXES]: (() => Fix[]) | Fix[] | undefined;
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
    let state = this[FIXES];
    if (typeof state === 'function') {
      this[FIXES] = undefined; // a writer that reads `fixes` itself must not loop
      try {
        state = state();
      } catch {
        state = [];
      }
      this[FIXES] = state;
    }
    return state ?? [];
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

export function withLazyFixes(finding: Omit<Finding, 'fixes'>, compute: () => Fix[]): Finding {
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
