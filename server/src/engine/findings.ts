import type { Fix, Finding } from './types';

/**
 * What writes a finding's fixes when they are first read: a function, or an object with a
 * `write()` method (the engine's: one small object per finding rather than a closure and its context).
 */
export type FixWriter = (() => Fix[]) | { write(): Fix[] };

/** Returns the object it is given: a class extending it adds its private fields to that object. */
class Given {
  constructor(o: object) {
    return o;
  }
}

/**
 * Where a lazy finding keeps its fix writer (until first read), then its fixes: a private field,
 * which spreads, JSON, structured clones and comparisons do not see, added to the finding (an
 * ordinary object) by `new LazyFixes(finding, writer)` as a constructor adds a field: a property
 * store, not a call of Object.defineProperty per finding.
 */
class LazyFixes extends Given {
  #state: FixWriter | Fix[] | undefined;

  constructor(finding: object, writer: FixWriter) {
    super(finding);
    this.#state = writer;
  }

  /**
   * One accessor for every lazy finding: the same getter and setter functions keep all findings on
   * one hidden class (a closure per finding would give each its own, and make every property read
   * on findings slow).
   */
  static readonly property: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: object): Fix[] {
      if (!(#state in this)) return [];
      const self = this as LazyFixes;
      const state = self.#state;
      if (state === undefined) return [];
      if (Array.isArray(state)) return state;
      self.#state = undefined; // a writer that reads `fixes` itself must not loop
      let fixes: Fix[];
      try {
        fixes = (typeof state === 'function' ? state() : state.write()) ?? [];
      } catch {
        fixes = [];
      }
      self.#state = fixes;
      return fixes;
    },
    set(this: object, v: Fix[]) {
      if (#state in this) (this as LazyFixes).#state = v;
      else Object.defineProperty(this, 'fixes', { value: v, writable: true, enumerable: true, configurable: true });
    },
  };
}

/**
 * Gives a finding a `fixes` property computed on first read, then kept. It is an ordinary
 * enumerable property for every caller (`finding.fixes`, spreading, JSON.stringify,
 * structured clone). Once computed, the writer (which holds the parsed document) is dropped.
 * A fix writer that throws yields no fixes rather than breaking the front end reading them.
 */
export function withLazyFixes(finding: Omit<Finding, 'fixes'>, compute: FixWriter): Finding {
  new LazyFixes(finding, compute);
  Object.defineProperty(finding, 'fixes', LazyFixes.property);
  return finding as Finding;
}

/** Computes every lazy fix now, so that nothing keeps the parsed documents alive afterwards. */
export function materializeFixes(findings: readonly Finding[]): void {
  for (const f of findings) void f.fixes;
}
