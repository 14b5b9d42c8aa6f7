/**
 * The engine's entry module (engine/index.ts) as its front ends use it: an injected rule list is
 * the one used everywhere, and everything returned carries complete positions.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { allRules, createEngine, defaultConfig, LineIndex, lintWorkspace, nodeFs, type Rule, type RuleMeta, type WorkspaceFs } from '../engine/index';

function meta(id: string, name: string): RuleMeta {
  return {
    id,
    name,
    category: 'secure-transport',
    defaultSeverity: 'warning',
    summary: 'A test rule.',
    description: 'A rule of the test: it flags the first character of every file and offers to replace it.',
    fix: 'safe',
    formats: ['iam-json', 'cloudformation', 'terraform', 'terraform-json'],
    examples: [],
  };
}

/** Reports every policy document at its anchor, with a fix appending a statement (computed lazily). */
const xRule: Rule = {
  meta: meta('DP299', 'test-x'),
  check(ctx) {
    for (const policy of ctx.model.policies) {
      ctx.report({
        file: policy.file,
        span: policy.anchor,
        message: 'a policy',
        fixes: () => [{ title: 'add a statement', applicability: 'safe', ops: [{ op: 'insertStatement', policy, statement: { Sid: 'X', Effect: 'Deny', Action: 's3:*', Resource: '*' } }] }],
      });
    }
  },
};

test('an injected rule list is what the engine runs, validates config and suppressions against', async () => {
  const engine = await createEngine({ rules: [xRule] });
  assert.deepEqual(engine.rules, [xRule]);
  assert.equal(engine.defaultRules, false);
  const text = '# awsdp-ignore-file DP201: not a rule of this engine\nresource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = jsonencode({ Statement = [] })\n}\n';
  const r = engine.analyzeDocument({ path: '/w/main.tf', text });
  assert.deepEqual(
    r.findings.map((f) => f.ruleId),
    ['DP299'],
    'only the injected rule runs',
  );
  assert.ok(
    r.notices.some((n) => n.kind === 'config' && /unknown rule "DP201"/.test(n.message)),
    `a suppression naming a registry rule this engine does not run is unknown to it: ${JSON.stringify(r.notices)}`,
  );
  assert.throws(() => engine.parseConfig('rules:\n  DP201: off\n'), /unknown rule "DP201"/);
  assert.deepEqual(engine.parseConfig('rules:\n  test-x: off\n').rules, { 'test-x': 'off' });
  assert.equal(engine.resolveConfig({ file: engine.parseConfig('rules:\n  test-x: off\n'), settings: { DP299: 'info' } }).rules.DP299, 'info');

  const registry = await createEngine();
  assert.equal(registry.rules, allRules);
  assert.equal(registry.defaultRules, true);
});

test('fix edits and notices leave the engine with ranges (CRLF, UTF-16), and each file with its first line', async () => {
  const engine = await createEngine({ rules: [xRule] });
  // "😀" is two UTF-16 code units; CRLF counts as one line break.
  const text = '{\r\n  "k": "😀",\r\n  "Statement": [\r\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\r\n  ]\r\n  "bad": \r\n}';
  const lines = new LineIndex(text);
  const [r] = engine.analyze([{ path: '/w/p.json', text }]);
  assert.equal(r.findings.length, 1);
  const [f] = r.findings;
  const [edit] = f.fixes[0].edits;
  assert.deepEqual(edit.range, lines.range(edit.span));
  assert.ok(edit.range!.start.line >= 2, JSON.stringify(edit));
  assert.ok(r.notices.some((n) => n.span), 'the JSON errors give notices with spans');
  for (const n of r.notices) if (n.span) assert.deepEqual(n.range, lines.range(n.span), n.message);
  assert.deepEqual(r.firstLine, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
});

test('module siblings: parsed once while their text is unchanged (cacheSiblings), parsed again when it changes', async () => {
  const engine = await createEngine();
  const parsed: string[] = [];
  const parse = engine.parse.bind(engine);
  engine.parse = (file, opts) => {
    parsed.push(file.path);
    return parse(file, opts);
  };
  const main = { path: '/m/main.tf', text: 'resource "aws_s3_bucket" "b" {\n  bucket = "logs"\n}\n' };
  const policy = {
    path: '/m/policy.tf',
    // A bucket of another module (a policy for the bucket of main.tf would be reported on that bucket, in main.tf).
    text: 'resource "aws_s3_bucket_policy" "p" {\n  bucket = "shared-logs"\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::shared-logs/*" }] })\n}\n',
  };
  const vars = { path: '/m/variables.tf', text: 'variable "v" {\n  default = "x"\n}\n' };
  const plain = engine.analyzeDocument(policy, [main, vars]);
  assert.equal(plain.findings.length, 1, 'the bucket policy gets its finding');
  parsed.length = 0;

  const first = engine.analyzeDocument(policy, [main, vars], { cacheSiblings: true });
  assert.deepEqual(parsed, ['/m/policy.tf', '/m/main.tf', '/m/variables.tf']);
  assert.equal(engine.cachedSiblings, 2);
  parsed.length = 0;
  // Keystrokes in policy.tf: only it is parsed again, with the same findings as without the cache.
  const again = engine.analyzeDocument({ ...policy, text: policy.text + '\n' }, [main, vars], { cacheSiblings: true });
  assert.deepEqual(parsed, ['/m/policy.tf']);
  assert.deepEqual(
    again.findings.map((f) => [f.ruleId, f.message, f.range]),
    first.findings.map((f) => [f.ruleId, f.message, f.range]),
  );
  assert.deepEqual(
    first.findings.map((f) => [f.ruleId, f.message, f.range]),
    plain.findings.map((f) => [f.ruleId, f.message, f.range]),
  );
  parsed.length = 0;
  // A sibling changed: it alone is parsed again.
  engine.analyzeDocument(policy, [main, { ...vars, text: vars.text.replace('"x"', '"y"') }], { cacheSiblings: true });
  assert.deepEqual(parsed, ['/m/policy.tf', '/m/variables.tf']);
  assert.equal(engine.cachedSiblings, 2);
  engine.forgetSiblings();
  assert.equal(engine.cachedSiblings, 0);
});

test('lintWorkspace reads files through the engine’s file system (an editor’s unsaved text wins over the disk)', async () => {
  const rule = allRules.find((r) => r.meta.examples.length > 0)!;
  const ex = rule.meta.examples[0];
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'awsdp-api-')));
  try {
    writeFileSync(join(dir, ex.fileName), ex.good);
    const file = join(dir, ex.fileName);
    const unsaved: WorkspaceFs = {
      ...nodeFs,
      readHead: (f, limit) => (f === file ? { bytes: Buffer.from(ex.bad), size: Buffer.byteLength(ex.bad) } : nodeFs.readHead(f, limit)),
    };
    const lint = async (fs?: WorkspaceFs) => {
      const engine = await createEngine({ fs });
      const out = await lintWorkspace(engine, { targets: [dir], config: defaultConfig(), root: dir });
      assert.deepEqual(out.files, [file]);
      return out.results.flatMap((r) => r.findings.filter((f) => f.ruleId === rule.meta.id));
    };
    assert.equal((await lint()).length, 0, 'the file on disk is the good example');
    assert.ok((await lint(unsaved)).length > 0, 'the text the file system gives is the bad example');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A file system held in memory: files by absolute path, directories implied by them. */
function memoryFs(files: Record<string, string>): WorkspaceFs {
  const enoent = (p: string) => Object.assign(new Error(`no such file: ${p}`), { code: 'ENOENT' });
  const isDir = (p: string) => Object.keys(files).some((f) => f.startsWith(p.endsWith('/') ? p : `${p}/`));
  const stat = (p: string) => {
    if (p in files) return { isFile: () => true, isDirectory: () => false, size: Buffer.byteLength(files[p]) };
    if (isDir(p)) return { isFile: () => false, isDirectory: () => true, size: 0 };
    throw enoent(p);
  };
  return {
    readHead: (f, limit) => {
      if (!(f in files)) throw isDir(f) ? Object.assign(new Error('is a directory'), { code: 'EISDIR' }) : enoent(f);
      const bytes = Buffer.from(files[f]);
      return { bytes: bytes.subarray(0, limit(bytes.length)), size: bytes.length };
    },
    readText: (f) => {
      if (!(f in files)) throw enoent(f);
      return files[f];
    },
    stat,
    readdir: (dir) => {
      if (!isDir(dir)) throw enoent(dir);
      const names = new Set(Object.keys(files).filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1).split('/')[0]));
      return [...names].map((name) => {
        const st = stat(`${dir}/${name}`);
        return { name, isFile: st.isFile, isDirectory: st.isDirectory, isSymbolicLink: () => false };
      });
    },
    realpath: (p) => (stat(p), p),
    exists: (p) => p in files || isDir(p),
  };
}

test('lintWorkspace walks and reads a file system in memory: .gitignore, include/exclude, Terraform modules', async () => {
  const rule = allRules.find((r) => r.meta.examples.some((e) => e.format === 'iam-json'))!;
  const json = rule.meta.examples.find((e) => e.format === 'iam-json')!;
  const tf = allRules.flatMap((r) => r.meta.examples).find((e) => e.format === 'terraform')!;
  const root = '/virtual';
  const fs = memoryFs({
    [`${root}/.gitignore`]: 'ignored/\n',
    [`${root}/a/${json.fileName}`]: json.bad,
    [`${root}/ignored/${json.fileName}`]: json.bad,
    [`${root}/legacy/${json.fileName}`]: json.bad,
    [`${root}/mod/main.tf`]: tf.bad,
    [`${root}/mod/README.md`]: '# not analysed',
  });
  const engine = await createEngine({ fs });
  const config = { ...defaultConfig(), exclude: ['legacy/**'] };
  const out = await lintWorkspace(engine, { targets: [root], config, root });
  assert.deepEqual(out.files, [`${root}/a/${json.fileName}`, `${root}/mod/main.tf`]);
  assert.deepEqual(out.ioErrors, []);
  const withFindings = out.results.filter((r) => r.findings.length).map((r) => r.file);
  assert.deepEqual(withFindings, out.files, 'both bad examples give findings, read from memory');
  // A target that does not exist is an I/O error, as on disk.
  const missing = await lintWorkspace(engine, { targets: [`${root}/nope`], config, root });
  assert.deepEqual(missing.ioErrors.map((e) => [e.file, e.reason]), [[`${root}/nope`, 'no such file or directory']]);
});

test('the sibling parse cache is bounded: least recently used parses are dropped first', async () => {
  const engine = await createEngine({ siblingCache: { files: 2, chars: 1000 } });
  const parsed: string[] = [];
  const parse = engine.parse.bind(engine);
  engine.parse = (file, opts) => {
    parsed.push(file.path);
    return parse(file, opts);
  };
  const tf = (name: string, size = 0) => ({ path: `/m/${name}.tf`, text: `locals {\n  ${name} = "${'x'.repeat(size)}"\n}\n` });
  const [cur, a, b, c] = [tf('cur'), tf('a'), tf('b'), tf('c')];
  engine.analyzeDocument(cur, [a, b], { cacheSiblings: true });
  engine.analyzeDocument(cur, [c], { cacheSiblings: true }); // c in, a (least recently used) out
  assert.equal(engine.cachedSiblings, 2);
  parsed.length = 0;
  engine.analyzeDocument(cur, [b, c], { cacheSiblings: true });
  assert.deepEqual(parsed, ['/m/cur.tf'], 'b and c kept');
  parsed.length = 0;
  engine.analyzeDocument(cur, [a], { cacheSiblings: true }); // a in, b (used before c) out
  engine.analyzeDocument(cur, [c], { cacheSiblings: true });
  engine.analyzeDocument(cur, [b], { cacheSiblings: true });
  assert.deepEqual(parsed, ['/m/cur.tf', '/m/a.tf', '/m/cur.tf', '/m/cur.tf', '/m/b.tf'], 'a parsed again, c kept, b dropped');
  // Text bound: a file larger than the whole cache is never kept.
  const big = tf('big', 2000);
  engine.analyzeDocument(cur, [big], { cacheSiblings: true });
  parsed.length = 0;
  engine.analyzeDocument(cur, [big], { cacheSiblings: true });
  assert.deepEqual(parsed, ['/m/cur.tf', '/m/big.tf']);
});
