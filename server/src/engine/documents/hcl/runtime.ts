/**
 * The tree-sitter runtime for Terraform: locating and loading the WebAssembly files, and one
 * parser with its memory guard. An `HclRuntime` is created by `Engine.create` and owned by that
 * engine: its parser and memory cap live on it, not in module variables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Language, Parser as TSParser, Tree as TSTree } from 'web-tree-sitter';

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const GRAMMAR_WASM = 'tree-sitter-terraform.wasm';

/**
 * Default cap on tree-sitter's WebAssembly memory. WebAssembly memory never shrinks, and at its
 * 2 GB maximum the module aborts for good; error recovery on pathological text takes about 7 KB a
 * character. So a parse that makes it grow past the cap is stopped. A tree takes about 110 bytes
 * a character: large files are parsed in 512 KB parts (hcl.ts parseInParts), and a file parsed
 * whole (a syntax error, a top-level block larger than the cap allows) up to about 4.5 MB fits.
 */
export const MAX_PARSER_MEMORY = 512 * 1024 * 1024;

/** A part of the text to parse on its own (HclRuntime.parse): offsets and line/column positions. */
export interface ParseRange {
  start: number;
  end: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
}

export interface HclRuntimeOptions {
  /** Folder holding the two wasm files (dist/ in the bundle); by default they are found next to the code or in node_modules. */
  wasmDir?: string;
  /** WebAssembly memory (bytes) past which a parse is stopped; default MAX_PARSER_MEMORY (tests set a lower one). */
  maxMemory?: number;
}

/** The WebAssembly global (the engine's TypeScript lib has no DOM or WebAssembly types). */
declare const WebAssembly: {
  Memory: new (d: { initial: number; maximum: number }) => WasmMemory;
  RuntimeError: new (message?: string) => Error;
};
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** Whether an exception is WebAssembly aborting (memory exhausted despite the guard): the module is then dead. */
export function isWasmAbort(e: unknown): boolean {
  return e instanceof WebAssembly.RuntimeError;
}

/**
 * The tree-cursor functions of web-tree-sitter's WebAssembly binding, called directly (syntax.ts).
 * web-tree-sitter's `TreeCursor` copies the cursor (4 words) into the binding's transfer buffer
 * before every call and back after every move, each word through emscripten's `setValue`/`getValue`;
 * reading a syntax tree node by node, that copying cost more than the calls. The functions read the
 * cursor from the transfer buffer and write it back there when they move it, so a walk that only
 * calls these leaves the cursor in the buffer from one call to the next: it is copied in once,
 * at the start, and out once, at the end. The binding's emscripten module is the options object
 * given to `Parser.init` (emscripten puts its exports on it); where any function is missing (another
 * version of web-tree-sitter), there is no binding and the walk goes through `TreeCursor`.
 */
export interface CursorBinding {
  memory: WasmMemory;
  /** Address (bytes) of the transfer buffer. */
  transfer: number;
  gotoFirstChild(tree: number): number;
  gotoNextSibling(tree: number): number;
  gotoParent(tree: number): number;
  typeId(tree: number): number;
  startIndex(tree: number): number;
  endIndex(tree: number): number;
  isMissing(tree: number): number;
  fieldId(tree: number): number;
  /**
   * Node calls (recovery.ts): the node is read from the transfer buffer (5 words: id, start index,
   * start row, start column, and a tree-sitter word), as web-tree-sitter's `marshalNode` writes it;
   * a call that returns a node writes it there (`unmarshalNode` reads it).
   */
  nodeSymbol(tree: number): number;
  nodeEndIndex(tree: number): number;
  /** The node's parent into the transfer buffer. */
  nodeParent(tree: number): void;
  /** The smallest node spanning [start, end) (words 5 and 6 of the buffer) into the transfer buffer. */
  descendantForIndex(tree: number): void;
  /** The descendants of the given symbols: count and address of their nodes (5 words each) into words 0 and 1. */
  descendantsOfType(tree: number, symbols: number, count: number, startRow: number, startColumn: number, endRow: number, endColumn: number): void;
  malloc(bytes: number): number;
  free(address: number): void;
}

type BindingFn = (tree: number) => number;

function cursorBinding(mod: Record<string, unknown>, memory: WasmMemory): CursorBinding | undefined {
  const get = (name: string) => (typeof mod[name] === 'function' ? (mod[name] as BindingFn) : undefined);
  const fn = (name: string) => get(`_ts_tree_cursor_${name}_wasm`);
  const init = mod._ts_init;
  const f = {
    gotoFirstChild: fn('goto_first_child'),
    gotoNextSibling: fn('goto_next_sibling'),
    gotoParent: fn('goto_parent'),
    typeId: fn('current_node_type_id'),
    startIndex: fn('start_index'),
    endIndex: fn('end_index'),
    isMissing: fn('current_node_is_missing'),
    fieldId: fn('current_field_id'),
    nodeSymbol: get('_ts_node_symbol_wasm'),
    nodeEndIndex: get('_ts_node_end_index_wasm'),
    nodeParent: get('_ts_node_parent_wasm'),
    descendantForIndex: get('_ts_node_descendant_for_index_wasm'),
    descendantsOfType: get('_ts_node_descendants_of_type_wasm'),
    malloc: get('_malloc'),
    free: get('_free'),
  };
  if (typeof init !== 'function' || Object.values(f).some((x) => x === undefined)) return undefined;
  // ts_init returns the address of the transfer buffer (and writes the ABI versions into it, as Parser.init did).
  const transfer = (init as () => number)();
  if (!Number.isInteger(transfer) || transfer <= 0 || transfer % 4 !== 0) return undefined;
  return { memory, transfer, ...(f as unknown as Omit<CursorBinding, 'memory' | 'transfer'>) };
}

/** The loaded WebAssembly module: its memory (watched while parsing) and the Terraform grammar. */
interface Wasm {
  memory: WasmMemory;
  language: Language;
  Parser: typeof TSParser;
  /** Direct cursor calls (CursorBinding), when the binding has them. */
  cursor?: CursorBinding;
  /**
   * Set when WebAssembly aborted (memory exhausted despite the guard). The instance is then dead
   * for the whole process, whichever runtime was parsing: a fact about the instance, kept with it.
   */
  aborted: boolean;
}

/**
 * web-tree-sitter holds one WebAssembly instance per process (a module-level variable inside the
 * library: a second `Parser.init` returns the first instance and ignores its options). So it is
 * loaded once, and this is that one load, shared by every runtime; parsers and their options are per runtime.
 */
let wasmLoad: Promise<Wasm> | undefined;

function locateWasm(wasmDir?: string): { runtime: string; grammar: string } {
  if (wasmDir) return { runtime: join(wasmDir, RUNTIME_WASM), grammar: join(wasmDir, GRAMMAR_WASM) };
  // The esbuild bundle ships both files next to dist/*.js.
  const local = { runtime: join(__dirname, RUNTIME_WASM), grammar: join(__dirname, GRAMMAR_WASM) };
  if (existsSync(local.runtime) && existsSync(local.grammar)) return local;
  // Unbundled (tsc output), or a bundle elsewhere run from the project directory: node_modules.
  for (const req of [require, createRequire(join(process.cwd(), 'package.json'))]) {
    try {
      return {
        runtime: req.resolve('web-tree-sitter/web-tree-sitter.wasm'),
        grammar: req.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
      };
    } catch {
      // try the next location
    }
  }
  throw new Error(`cannot find ${RUNTIME_WASM} and ${GRAMMAR_WASM}`);
}

async function loadWasm(wasmDir?: string): Promise<Wasm> {
  // `require`, not `import`: bundlers then pick the package's CommonJS build, which finds its
  // files without `import.meta`. The grammar package's own entry (a native binding) is never loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
  const { runtime, grammar } = locateWasm(wasmDir);
  // Created here so that its size can be watched while parsing: 32 MB, up to emscripten's 2 GB.
  const memory = new WebAssembly.Memory({ initial: 512, maximum: 32768 });
  // emscripten's module object: the binding's exports are put on it (CursorBinding).
  const mod: Record<string, unknown> = {
    locateFile: (name: string) => (name === RUNTIME_WASM ? runtime : join(dirname(runtime), name)),
    wasmMemory: memory,
    // emscripten prints "Aborted(…)" before throwing; the exception is what we report.
    printErr: (s: string) => void (/^Aborted\(/.test(s) || console.error(s)),
  };
  await Parser.init(mod as Parameters<typeof Parser.init>[0]);
  const language = await Language.load(readFileSync(grammar));
  return { memory, language, Parser, aborted: false, cursor: cursorBinding(mod, memory) };
}

function sharedWasm(wasmDir?: string): Promise<Wasm> {
  wasmLoad ??= loadWasm(wasmDir).catch((e: unknown) => {
    wasmLoad = undefined; // a failed load may be retried
    throw e;
  });
  return wasmLoad;
}

/** A tree-sitter parser for Terraform, its memory cap, and whether WebAssembly has aborted under it. */
export class HclRuntime {
  /** WebAssembly memory (bytes) past which a parse is stopped. */
  readonly maxMemory: number;

  private constructor(
    private readonly wasm: Wasm,
    private readonly parser: TSParser,
    maxMemory: number,
  ) {
    this.maxMemory = maxMemory;
  }

  /** Loads the tree-sitter runtime and the Terraform grammar (once per process) and makes a parser. */
  static async create(opts: HclRuntimeOptions = {}): Promise<HclRuntime> {
    const wasm = await sharedWasm(opts.wasmDir);
    const parser = new wasm.Parser();
    parser.setLanguage(wasm.language);
    return new HclRuntime(wasm, parser, opts.maxMemory ?? MAX_PARSER_MEMORY);
  }

  /** Direct calls for reading syntax trees (CursorBinding); undefined: through web-tree-sitter's TreeCursor. */
  get cursor(): CursorBinding | undefined {
    return this.wasm.cursor;
  }

  /** Set once WebAssembly aborted (out of memory all the same): no parse is attempted after that, until the process restarts. */
  get unusable(): boolean {
    return this.wasm.aborted;
  }

  markAborted(): void {
    this.wasm.aborted = true;
  }

  /** A check, for one parse, of whether the memory grew past the cap during it. */
  memoryGuard(): () => boolean {
    const memory = this.wasm.memory;
    const start = memory.buffer.byteLength;
    return () => {
      const now = memory.buffer.byteLength;
      return now > this.maxMemory && now > start;
    };
  }

  /**
   * tree-sitter's parse; `progress` is called every few hundred steps and cancels the parse by
   * returning true. With `range`, only text[start, end) is read (node offsets stay the text's).
   */
  parse(text: string, previous: TSTree | null | undefined, progress: () => boolean, range?: ParseRange): TSTree | null {
    if (!range) return this.parser.parse(text, previous, { progressCallback: progress });
    const includedRanges = [{ startIndex: range.start, endIndex: range.end, startPosition: range.startPosition, endPosition: range.endPosition }];
    return this.parser.parse(text, previous, { progressCallback: progress, includedRanges });
  }

  /** After a cancelled parse: else the next parse would resume it. */
  reset(): void {
    this.parser.reset();
  }
}
