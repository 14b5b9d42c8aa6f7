/**
 * Extension-host tests: the real VS Code API, the real language client and the bundled server over
 * IPC. The workspace is a copy of samples/ (see runTest.ts). Every wait listens to
 * `onDidChangeDiagnostics` with a bounded timeout; nothing sleeps.
 *
 * didClose is covered by the server tests: VS Code keeps documents opened through the API alive
 * for minutes after their editor closes, so it cannot be observed promptly from here.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export interface TestCase {
  name: string;
  timeoutMs?: number;
  run(): Promise<void>;
}

const EXTENSION_ID = 'awsdp.aws-data-protection';

const IAM_SAMPLE = 'samples/iam/shared-reports-bucket-policy.json';
const CFN_SAMPLE = 'samples/cloudformation/bucket-policy-missing-tls.yaml';
const TF_SAMPLE = 'samples/terraform/logs-bucket.tf';

function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (runTest.ts opens a copy of samples/)');
  return vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
}

function awsdpDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'awsdp');
}

/** The rule id of a diagnostic (LSP code + codeDescription arrive as `{ value, target }`). */
function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function describe(ds: readonly vscode.Diagnostic[]): string {
  return JSON.stringify(ds.map((d) => ({ code: codeOf(d), line: d.range.start.line, message: d.message })));
}

/** Resolves with the awsdp diagnostics of `uri` once they satisfy `pred` (now or on a later change). */
function waitForDiagnostics(uri: vscode.Uri, pred: (ds: vscode.Diagnostic[]) => boolean, timeoutMs = 90_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let sub: vscode.Disposable | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (ds: vscode.Diagnostic[]) => {
      sub?.dispose();
      clearTimeout(timer);
      resolve(ds);
    };
    const check = (): boolean => {
      const ds = awsdpDiagnostics(uri);
      if (!pred(ds)) return false;
      finish(ds);
      return true;
    };
    if (check()) return;
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    timer = setTimeout(() => {
      sub?.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics of ${uri.fsPath}; current: ${describe(awsdpDiagnostics(uri))}`));
    }, timeoutMs);
  });
}

const hasRule = (id: string) => (ds: vscode.Diagnostic[]) => ds.some((d) => codeOf(d) === id);
const lacksRule = (id: string) => (ds: vscode.Diagnostic[]) => !ds.some((d) => codeOf(d) === id);

async function openInEditor(uri: vscode.Uri): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

/**
 * Reverts `doc` to its file and closes its editor. The document's own editor is made active first: on a
 * busy machine the active editor can lag behind, and reverting another one would leave this document
 * edited in memory for the next test (which would then see the fixed text).
 */
async function closeWithoutSaving(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc, { preview: false });
  if (doc.isDirty) await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(doc.isDirty, false, `${doc.uri.fsPath} was reverted`);
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}

/** Open a sample → DP201 → run its quick fix → the DP201 diagnostic goes away. */
async function fixDp201(rel: string): Promise<void> {
  const uri = workspaceFile(rel);
  const doc = await openInEditor(uri);
  try {
    const diags = await waitForDiagnostics(uri, hasRule('DP201'));
    const d = diags.find((x) => codeOf(x) === 'DP201')!;
    assert.ok(typeof d.code === 'object' && /DP201/.test(d.code.target.toString()), 'the diagnostic links to the rule documentation');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);

    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    // vscode.executeCodeActionProvider returns actions without their `diagnostics`: pick the DP201 fix by its title.
    const fixes = (actions ?? []).filter((a): a is vscode.CodeAction => 'edit' in a && !!a.edit && /aws:SecureTransport/.test(a.title));
    assert.ok(fixes.length > 0, `no DP201 quick fix; got ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
    assert.ok(fixes[0].kind && vscode.CodeActionKind.QuickFix.contains(fixes[0].kind));

    assert.equal(await vscode.workspace.applyEdit(fixes[0].edit!), true, 'the workspace edit applies');
    assert.match(doc.getText(), /aws:SecureTransport/);
    await waitForDiagnostics(uri, lacksRule('DP201'));
  } finally {
    await closeWithoutSaving(doc);
  }
}

/** One sample per format, each with the rule it must report (see samples/; the CLI reports the same). */
const FORMATS: { format: string; file: string; languageId: string; rule: string }[] = [
  { format: 'IAM policy JSON', file: IAM_SAMPLE, languageId: 'json', rule: 'DP201' },
  { format: 'CloudFormation YAML', file: CFN_SAMPLE, languageId: 'yaml', rule: 'DP201' },
  { format: 'CloudFormation JSON', file: 'samples/cloudformation/data-lake.template.json', languageId: 'json', rule: 'DP201' },
  { format: 'Terraform (.tf)', file: TF_SAMPLE, languageId: 'terraform', rule: 'DP201' },
  { format: 'Terraform JSON (.tf.json)', file: 'samples/terraform-json/main.tf.json', languageId: 'json', rule: 'DP201' },
];

async function withSetting<T>(section: string, value: unknown, fn: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('awsdp');
  await config.update(section, value, vscode.ConfigurationTarget.Workspace);
  try {
    return await fn();
  } finally {
    await vscode.workspace.getConfiguration('awsdp').update(section, undefined, vscode.ConfigurationTarget.Workspace);
  }
}

export const tests: TestCase[] = [
  {
    name: 'the extension activates and contributes its commands',
    async run() {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext, `extension ${EXTENSION_ID} not found`);
      await ext.activate();
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes('awsdp.restartServer'));
      assert.ok(commands.includes('awsdp.showOutput'));
    },
  },
  {
    name: 'workspace scan (awsdp.scanWorkspace): Problems holds findings of files that were never opened',
    timeoutMs: 400_000,
    async run() {
      const files = [
        { rel: 'samples/terraform/tls-dp301/main.tf', rule: 'DP301' },
        { rel: 'samples/cloudformation/tls-dp301-policies.yaml', rule: 'DP301' },
        { rel: 'samples/iam/mfa-dp102-sensitive-actions.json', rule: 'DP102' },
      ];
      const isOpen = (uri: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
      for (const f of files) assert.ok(!isOpen(workspaceFile(f.rel)), `${f.rel} is not open`);
      await vscode.commands.executeCommand('awsdp.scanWorkspace');
      for (const f of files) {
        const uri = workspaceFile(f.rel);
        const d = (await waitForDiagnostics(uri, hasRule(f.rule))).find((x) => codeOf(x) === f.rule)!;
        assert.ok(typeof d.code === 'object' && d.code.target.toString().endsWith(`/${f.rule}.md`));
        assert.ok(!isOpen(uri), `${f.rel} was not opened by the scan`);
      }
    },
  },
  ...FORMATS.map(
    (f): TestCase => ({
      name: `${f.format}: ${f.file} opens as ${f.languageId} and gets a ${f.rule} diagnostic with its rule link`,
      async run() {
        const uri = workspaceFile(f.file);
        const doc = await openInEditor(uri);
        try {
          assert.equal(doc.languageId, f.languageId);
          const d = (await waitForDiagnostics(uri, hasRule(f.rule))).find((x) => codeOf(x) === f.rule)!;
          assert.ok(typeof d.code === 'object', 'the code carries a link (codeDescription)');
          assert.equal(d.code.target.toString(), `https://github.com/awsdp/aws-data-protection/blob/main/docs/rules/${f.rule}.md`);
          assert.ok(d.message.length > 20 && !d.message.includes('\n'), `one-sentence message: ${d.message}`);
          // On the exact token: a non-empty range inside the document.
          assert.ok(!d.range.isEmpty && d.range.end.line < doc.lineCount, `range ${JSON.stringify(d.range)}`);
        } finally {
          await closeWithoutSaving(doc);
        }
      },
    }),
  ),
  {
    name: 'IAM bucket policy JSON: DP201 diagnostic, quick fix, diagnostic cleared',
    run: () => fixDp201(IAM_SAMPLE),
  },
  {
    name: 'CloudFormation YAML bucket policy: DP201 diagnostic, quick fix, diagnostic cleared',
    run: () => fixDp201(CFN_SAMPLE),
  },
  {
    name: 'Terraform .tf bucket policy: DP201 diagnostic, quick fix, diagnostic cleared',
    run: () => fixDp201(TF_SAMPLE),
  },
  {
    name: 'a settings change takes effect without a restart: awsdp.rules DP201 → warning, then off',
    timeoutMs: 400_000,
    async run() {
      // A file no other test edits (see closeWithoutSaving).
      const uri = workspaceFile('samples/terraform-json/main.tf.json');
      const doc = await openInEditor(uri);
      try {
        const isDp201 = (d: vscode.Diagnostic) => codeOf(d) === 'DP201';
        const before = (await waitForDiagnostics(uri, hasRule('DP201'))).find(isDp201)!;
        assert.equal(before.severity, vscode.DiagnosticSeverity.Error);
        await withSetting('rules', { DP201: 'warning' }, async () => {
          await waitForDiagnostics(uri, (ds) => ds.some((d) => isDp201(d) && d.severity === vscode.DiagnosticSeverity.Warning));
          await vscode.workspace.getConfiguration('awsdp').update('rules', { DP201: 'off' }, vscode.ConfigurationTarget.Workspace);
          await waitForDiagnostics(uri, lacksRule('DP201'));
        });
        // Setting removed: back to the default severity.
        await waitForDiagnostics(uri, (ds) => ds.some((d) => isDp201(d) && d.severity === vscode.DiagnosticSeverity.Error));
      } finally {
        await closeWithoutSaving(doc);
      }
    },
  },
  {
    name: 'Fix all (source.fixAll.awsdp) applies the safe fixes only: DP202 fixed, DP204 (no safe fix) kept',
    async run() {
      const uri = workspaceFile('samples/cloudformation/cloudfront-site.yaml');
      const doc = await openInEditor(uri);
      try {
        await waitForDiagnostics(uri, (ds) => hasRule('DP202')(ds) && hasRule('DP204')(ds));
        const whole = new vscode.Range(0, 0, doc.lineCount, 0);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, 'source.fixAll.awsdp');
        const fixAll = (actions ?? []).filter((a) => a.kind && vscode.CodeActionKind.SourceFixAll.append('awsdp').contains(a.kind));
        assert.equal(fixAll.length, 1, `one fix-all action; got ${JSON.stringify((actions ?? []).map((a) => [a.title, a.kind?.value]))}`);
        assert.ok(fixAll[0].edit, 'the fix-all action carries its edit');
        assert.equal(await vscode.workspace.applyEdit(fixAll[0].edit!), true);
        assert.doesNotMatch(doc.getText(), /ViewerProtocolPolicy:\s*allow-all/);
        await waitForDiagnostics(uri, (ds) => lacksRule('DP202')(ds) && hasRule('DP204')(ds));
      } finally {
        await closeWithoutSaving(doc);
      }
    },
  },
  {
    name: 'hover on a condition key (aws:SecureTransport) explains it',
    async run() {
      const uri = workspaceFile('samples/cloudformation/bucket-policy-tls-enforced.yaml');
      const doc = await openInEditor(uri);
      try {
        const offset = doc.getText().indexOf('aws:SecureTransport');
        assert.ok(offset > 0);
        const pos = doc.positionAt(offset + 6);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
        const text = (hovers ?? [])
          .flatMap((h) => h.contents)
          .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
          .join('\n');
        assert.match(text, /SecureTransport/, `hover: ${text}`);
        assert.match(text, /TLS|HTTPS|encrypt/i, `the hover says what the key means: ${text}`);
      } finally {
        await closeWithoutSaving(doc);
      }
    },
  },
  {
    name: '.tf files open as Terraform and reach the server',
    async run() {
      const uri = workspaceFile(TF_SAMPLE);
      const doc = await openInEditor(uri);
      try {
        assert.equal(doc.languageId, 'terraform');
      } finally {
        await closeWithoutSaving(doc);
      }
    },
  },
  {
    name: 'awsdp.restartServer restarts the server and diagnostics come back',
    timeoutMs: 300_000,
    async run() {
      const uri = workspaceFile('samples/cloudformation/data-lake.template.json');
      const doc = await openInEditor(uri);
      try {
        const before = (await waitForDiagnostics(uri, hasRule('DP201'))).find((d) => codeOf(d) === 'DP201')!;
        await vscode.commands.executeCommand('awsdp.restartServer');
        // Edit after the restart: only the new server can answer for the new version.
        const edit = new vscode.WorkspaceEdit();
        edit.insert(uri, new vscode.Position(0, 0), '\n');
        assert.equal(await vscode.workspace.applyEdit(edit), true);
        await waitForDiagnostics(uri, (x) => x.some((d) => codeOf(d) === 'DP201' && d.range.start.line === before.range.start.line + 1));
      } finally {
        await closeWithoutSaving(doc);
      }
    },
  },
];
