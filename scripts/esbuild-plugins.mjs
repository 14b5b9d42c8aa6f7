// esbuild plugins shared by the bundles (scripts/build.mjs) and the bench's parse-only process
// (scripts/bench.mjs), so that both load the same code.
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * web-tree-sitter's ESM build locates its wasm through import.meta.url, which a CommonJS bundle
 * does not have; bundle its CommonJS build instead. `require`: resolving from the checkout built.
 */
export function cjsTreeSitter(require) {
  return {
    name: 'web-tree-sitter-cjs',
    setup(b) {
      b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
    },
  };
}

/**
 * yaml reads two debugging switches of its own (LOG_TOKENS: print every lexeme; LOG_STREAM: every
 * CST token) from the environment for every lexeme and token it handles; each read of
 * `process.env` is a call into the C++ runtime. ../shared/realworld's 162 YAML templates have
 * 181,000 lexemes: the reads alone took about 100 ms on the bench machine (2 cores, loaded). The
 * switches are for yaml's own developers; in the bundles they are off.
 */
export const yamlDebugSwitches = {
  name: 'yaml-debug-switches',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
      const src = await readFile(args.path, 'utf8');
      const contents = src.replace(/\bnode_process\.env\.LOG_(TOKENS|STREAM)\b/g, 'false');
      const warnings = contents === src ? [{ text: `yaml-debug-switches: no LOG_TOKENS/LOG_STREAM read in ${args.path}; update or drop this plugin (scripts/esbuild-plugins.mjs)` }] : [];
      return { contents, loader: 'js', warnings };
    });
  },
};

/**
 * The engine's data tables (server/src/engine/data/*.json and the rules' data/*.json, 400 KB) as
 * `JSON.parse('…')` of their text instead of esbuild's object literals: V8 reads JSON text faster
 * than the same object as JavaScript, and the literals are compiled when the bundle is loaded, before
 * every command (`awsdp --version` included). Same objects; the text is re-serialised, so its
 * validity is checked at build time.
 */
export const jsonAsParse = {
  name: 'json-as-parse',
  setup(b) {
    b.onLoad({ filter: /[\\/]server[\\/]src[\\/]engine[\\/].*\.json$/ }, async (args) => {
      const value = JSON.parse(await readFile(args.path, 'utf8'));
      return { contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`, loader: 'js' };
    });
  },
};

/**
 * esbuild escapes non-ASCII characters in code (charset ascii) but keeps them in comments: four in
 * dist/cli.js (`…`, `—`). One is enough for node to read the whole 2 MB bundle as a two-byte string
 * (UTF-8 decoding, then twice the bytes to scan and compile, at every start). Measured in one
 * process (2 cores, loaded): reading dist/cli.js 28 -> 14 ms, compiling it 62 -> 55 ms. Each such
 * character is written as a \u escape: in a comment, more text; in a string or a regular
 * expression, the same character. A line only grows after it: the source map is unchanged before.
 */
export const asciiOutput = {
  name: 'ascii-output',
  setup(b) {
    b.onEnd((result) => {
      const file = b.initialOptions.outfile;
      if (result.errors.length || !file || b.initialOptions.write === false) return;
      const text = readFileSync(file, 'utf8');
      const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      if (ascii !== text) writeFileSync(file, ascii);
    });
  },
};

/** Every plugin of the bundles. */
export function bundlePlugins(require) {
  return [cjsTreeSitter(require), yamlDebugSwitches, jsonAsParse, asciiOutput];
}
