/** Unit tests of the language server's parts that need no process: queue, conversion, module files, config. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CodeActionKind, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { LineIndex, type Finding, type Notice } from '../engine/index';
import { ConfigStore, ruleOverrides, type ConfigStoreDeps } from '../server/configs';
import { codeActionsFor, findingToDiagnostic, noticesToDiagnostics, type FileResolver } from '../server/convert';
import { ModuleFiles } from '../server/modules';
import { isInside, pathToUri, relativePosix, uriToPath } from '../server/paths';
import { WorkQueue } from '../server/queue';

function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('WorkQueue', () => {
  test('coalesces repeated schedules of a key into one run', async () => {
    const runs: string[] = [];
    const q = new WorkQueue((k) => void runs.push(k), assert.fail);
    for (let i = 0; i < 5; i++) q.schedule('a', 20);
    q.schedule('b', 0);
    await q.idle();
    assert.deepEqual(runs.sort(), ['a', 'b']);
  });

  test('cancel drops pending work', async () => {
    const runs: string[] = [];
    const q = new WorkQueue((k) => void runs.push(k), assert.fail);
    q.schedule('a', 10);
    q.schedule('b', 0);
    q.cancel('a');
    q.cancel('b');
    await q.idle();
    assert.deepEqual(runs, []);
  });

  test('runs one key at a time, and a failing run does not stop the queue', async () => {
    let active = 0;
    let maxActive = 0;
    const errors: string[] = [];
    const runs: string[] = [];
    const q = new WorkQueue(
      async (k) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setImmediate(r));
        active--;
        runs.push(k);
        if (k === 'bad') throw new Error('boom');
      },
      (k) => errors.push(k),
    );
    for (const k of ['a', 'bad', 'b', 'c']) q.schedule(k, 0);
    await q.idle();
    assert.equal(maxActive, 1);
    assert.deepEqual(runs, ['a', 'bad', 'b', 'c']);
    assert.deepEqual(errors, ['bad']);
  });

  test('a key scheduled while it runs runs again afterwards', async () => {
    const gate = deferred();
    const started = deferred();
    let count = 0;
    const q = new WorkQueue(async () => {
      count++;
      if (count === 1) {
        started.resolve();
        await gate.promise;
      }
    }, assert.fail);
    q.schedule('a', 0);
    await started.promise;
    q.schedule('a', 0);
    gate.resolve();
    await q.idle();
    assert.equal(count, 2);
  });

  test('other keys are not blocked behind a debounced key', async () => {
    const runs: string[] = [];
    const bDone = deferred();
    const q = new WorkQueue((k) => {
      runs.push(k);
      if (k === 'b') bDone.resolve();
    }, assert.fail);
    q.schedule('a', 60_000);
    q.schedule('b', 0);
    await bDone.promise;
    assert.deepEqual(runs, ['b']);
    assert.ok(q.isPending('a'));
    q.dispose();
  });
});

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'DP201',
    ruleName: 'bucket-policy-without-secure-transport-deny',
    category: 'secure-transport',
    severity: 'error',
    message: 'msg',
    file: '/w/p.json',
    span: { start: 2, end: 5 },
    range: { start: { line: 0, character: 2 }, end: { line: 0, character: 5 } },
    docsUrl: 'https://example.invalid/DP201.md',
    fixes: [],
    ...over,
  };
}

describe('convert', () => {
  test('related locations become relatedInformation with file URIs', () => {
    const range = { start: { line: 3, character: 2 }, end: { line: 3, character: 7 } };
    const d = findingToDiagnostic(finding({ related: [{ file: '/w/users.yaml', span: { start: 40, end: 45 }, range, message: 'the user' }] }));
    assert.deepEqual(d.relatedInformation, [{ location: { uri: 'file:///w/users.yaml', range }, message: 'the user' }]);
    assert.equal('relatedInformation' in findingToDiagnostic(finding()), false);
  });

  test('findings become diagnostics with code, href, source and mapped severity', () => {
    const sev = (s: Finding['severity']) => findingToDiagnostic(finding({ severity: s })).severity;
    assert.equal(sev('error'), DiagnosticSeverity.Error);
    assert.equal(sev('warning'), DiagnosticSeverity.Warning);
    assert.equal(sev('info'), DiagnosticSeverity.Information);
    const d = findingToDiagnostic(finding());
    assert.deepEqual(d, {
      range: { start: { line: 0, character: 2 }, end: { line: 0, character: 5 } },
      severity: DiagnosticSeverity.Error,
      code: 'DP201',
      codeDescription: { href: 'https://example.invalid/DP201.md' },
      source: 'awsdp',
      message: 'msg',
    });
  });

  test('notices: one diagnostic per kind, parse errors Information, limits Warning on line 0', () => {
    const lines = new LineIndex('first line\nsecond\n');
    const pe = (start: number): Notice => ({
      file: 'f',
      kind: 'parse-error',
      message: 'bad',
      span: { start, end: start + 1 },
      range: lines.range({ start, end: start + 1 }),
    });
    const diags = noticesToDiagnostics(
      [pe(12), pe(13), pe(14), { file: 'f', kind: 'limit', message: 'too big' }, { file: 'f', kind: 'limit', message: 'too deep' }],
      { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } },
    );
    assert.equal(diags.length, 2);
    const [parse, limit] = diags;
    assert.equal(parse.severity, DiagnosticSeverity.Information);
    assert.equal(parse.code, undefined);
    assert.equal(parse.source, 'awsdp');
    assert.equal(parse.range.start.line, 1);
    assert.match(String(parse.message), /and 2 more/);
    assert.equal(limit.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(limit.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } });
  });

  test('code actions: matched by code and range, edits placed at the ranges the engine gave (CRLF, UTF-16)', () => {
    // "😀" is two UTF-16 code units; CRLF line ends count as one line break.
    const text = '{\r\n  "a": "😀x"\r\n}';
    const lines = new LineIndex(text);
    const at = text.indexOf('x');
    const f = finding({
      span: { start: at, end: at + 1 },
      range: lines.range({ start: at, end: at + 1 }),
      fixes: [
        { title: 'unsafe first', applicability: 'unsafe', edits: [{ span: { start: at, end: at + 1 }, range: lines.range({ start: at, end: at + 1 }), newText: 'y' }] },
        { title: 'safe second', applicability: 'safe', edits: [{ span: { start: text.length, end: text.length }, range: lines.range({ start: text.length, end: text.length }), newText: '\r\n' }] },
      ],
    });
    const resolve: FileResolver = (file) => (file === f.file ? 'file:///w/p.json' : undefined);
    const d: Diagnostic = { ...findingToDiagnostic(f), message: 'localised text' };
    const actions = codeActionsFor([d], [f], resolve);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred]),
      [
        ['unsafe first', CodeActionKind.QuickFix, false],
        ['safe second', CodeActionKind.QuickFix, false],
      ],
    );
    assert.deepEqual(actions[0].edit?.changes?.['file:///w/p.json'], [{ range: { start: { line: 1, character: 10 }, end: { line: 1, character: 11 } }, newText: 'y' }]);
    assert.deepEqual(actions[1].edit?.changes?.['file:///w/p.json']?.[0].range.start, { line: 2, character: 1 });
    assert.deepEqual(actions[0].diagnostics, [d]);

    const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const safeFirst = finding({ fixes: [{ title: 's', applicability: 'safe', edits: [{ span: { start: 0, end: 0 }, range: zero, newText: '' }] }] });
    assert.equal(codeActionsFor([findingToDiagnostic(safeFirst)], [safeFirst], () => 'u')[0].isPreferred, true);
    // An edit without a range (the engine did not analyse its file) drops that fix.
    const noRange = finding({ fixes: [{ title: 'n', applicability: 'safe', edits: [{ span: { start: 0, end: 0 }, newText: '' }] }] });
    assert.deepEqual(codeActionsFor([findingToDiagnostic(noRange)], [noRange], () => 'u'), []);

    assert.deepEqual(codeActionsFor([{ ...d, code: 'DP101' }], [f], resolve), []);
    assert.deepEqual(codeActionsFor([{ ...d, range: { ...d.range, end: { line: 1, character: 12 } } }], [f], resolve), []);
    assert.deepEqual(codeActionsFor([{ ...d, source: 'yaml' }], [f], resolve), []);
    // An edit into a file the analysis did not see drops that fix only.
    const elsewhere = finding({ fixes: [{ title: 'x', applicability: 'safe', edits: [{ file: '/w/other.tf', span: { start: 0, end: 0 }, range: zero, newText: '' }] }] });
    assert.deepEqual(codeActionsFor([findingToDiagnostic(elsewhere)], [elsewhere], resolve), []);
  });
});

describe('ModuleFiles', () => {
  test('siblings: .tf and .tf.json of the same directory, open text wins, disk cached by mtime', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'awsdp-mod-'));
    try {
      const p = (n: string) => path.join(dir, n);
      writeFileSync(p('main.tf'), 'main');
      writeFileSync(p('vars.tf'), 'vars on disk');
      writeFileSync(p('extra.tf.json'), '{}');
      writeFileSync(p('readme.md'), 'no');
      const m = new ModuleFiles();
      const open = new Map([
        [p('vars.tf'), 'vars in editor'],
        [p('new.tf'), 'unsaved'],
        [path.join(dir, 'sub', 'x.tf'), 'other module'],
      ]);
      const sib = await m.siblings(p('main.tf'), open);
      assert.deepEqual(
        sib.map((s) => [path.basename(s.path), s.text]).sort(),
        [
          ['extra.tf.json', '{}'],
          ['new.tf', 'unsaved'],
          ['vars.tf', 'vars in editor'],
        ],
      );
      // Changed on disk (new mtime and size): read again.
      writeFileSync(p('extra.tf.json'), '{"a": 1}');
      const later = new Date(Date.now() + 5000);
      utimesSync(p('extra.tf.json'), later, later);
      const again = await m.siblings(p('main.tf'), new Map());
      assert.equal(again.find((s) => s.path.endsWith('extra.tf.json'))?.text, '{"a": 1}');
      assert.equal(again.find((s) => s.path.endsWith('vars.tf'))?.text, 'vars on disk');
      // A directory that does not exist: open documents only.
      assert.deepEqual(await m.siblings(path.join(dir, 'nope', 'a.tf'), new Map()), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ConfigStore', () => {
  function store(files: Record<string, string>, extra: Partial<ConfigStoreDeps> = {}) {
    const shown: string[] = [];
    const s = new ConfigStore({
      readFile: async (p) => files[p],
      knownRules: () => new Set(['DP201', 'bucket-policy-without-secure-transport-deny']),
      showError: (m) => shown.push(m),
      log: () => {},
      ...extra,
    });
    return { s, shown };
  }
  const root = path.resolve('/ws');
  const folder = { uri: pathToUri(root), path: root };

  test('reads .awsdp.yaml of the folder; settings override the file', async () => {
    const files: Record<string, string> = { [path.join(root, '.awsdp.yaml')]: 'rules:\n  DP201: warning\nexclude: ["vendor/**"]\n' };
    let settings: unknown = { rules: { DP201: 'info', bogus: 'loud' } };
    const { s } = store(files, { fetchSettings: async () => settings });
    s.setFolders([folder]);
    assert.equal(await s.reload(), true);
    assert.equal(await s.reload(), false, 'unchanged text: nothing to do');
    const fc = await s.forFile(path.join(root, 'a', 'p.json'));
    assert.deepEqual(fc.config.rules, { DP201: 'info' });
    assert.equal(fc.relativePath(path.join(root, 'a', 'p.json')), 'a/p.json');
    assert.equal(fc.accepts, true);
    assert.equal((await s.forFile(path.join(root, 'vendor', 'p.json'))).accepts, false);
    settings = {};
    s.settingsChanged();
    assert.deepEqual((await s.forFile(path.join(root, 'p.json'))).config.rules, { DP201: 'warning' });
    // Outside every folder: defaults, accepted.
    const outside = await s.forFile(path.resolve('/elsewhere/p.json'));
    assert.equal(outside.accepts, true);
  });

  test('an invalid file is shown once, defaults apply, and a new problem is shown again', async () => {
    const cfg = path.join(root, '.awsdp.yaml');
    const files: Record<string, string> = { [cfg]: 'rules:\n  DP201: loud\n' };
    const { s, shown } = store(files);
    s.setFolders([folder]);
    await s.reload();
    await s.reload();
    assert.equal(shown.length, 1);
    assert.match(shown[0], /DP201/);
    assert.deepEqual((await s.forFile(path.join(root, 'p.json'))).config.rules, {});
    files[cfg] = 'rules:\n  DP201: loud  \n';
    await s.reload();
    assert.equal(shown.length, 1, 'the same problem is not shown twice');
    files[cfg] = 'nonsense: 1\n';
    await s.reload();
    assert.equal(shown.length, 2);
    files[cfg] = 'rules: {DP201: off}\n';
    await s.reload();
    assert.deepEqual((await s.forFile(path.join(root, 'p.json'))).config.rules, { DP201: 'off' });
  });

  test('clients without workspace/configuration push settings with didChangeConfiguration', async () => {
    const { s } = store({});
    s.setFolders([folder]);
    await s.reload();
    s.settingsChanged({ awsdp: { rules: { DP201: 'off' } } });
    assert.deepEqual((await s.forFile(path.join(root, 'p.json'))).config.rules, { DP201: 'off' });
  });

  test('ruleOverrides keeps valid entries only', () => {
    assert.deepEqual(ruleOverrides({ rules: { A: 'error', B: 'nope', C: 3, D: 'off' } }), { A: 'error', D: 'off' });
    assert.deepEqual(ruleOverrides(null), {});
    assert.deepEqual(ruleOverrides({ rules: ['x'] }), {});
  });
});

describe('paths', () => {
  test('file URIs round-trip; untitled buffers get an extension from their language', () => {
    const p = path.resolve('/tmp/a b/policy.json');
    assert.equal(uriToPath(pathToUri(p)), p);
    assert.equal(uriToPath('untitled:Untitled-1', 'terraform'), 'Untitled-1.tf');
    assert.equal(uriToPath('untitled:Untitled-2', 'yaml'), 'Untitled-2.yaml');
    assert.equal(uriToPath('untitled:/x/t.json', 'json'), '/x/t.json');
  });

  test('isInside and relativePosix', () => {
    const root = path.resolve('/ws');
    assert.equal(isInside(root, path.join(root, 'a', 'b.tf')), true);
    assert.equal(isInside(root, root), true);
    assert.equal(isInside(root, path.resolve('/ws2/a.tf')), false);
    assert.equal(relativePosix(root, path.join(root, 'a', 'b.tf')), 'a/b.tf');
  });
});
