/**
 * The highlighting the extension contributes (syntaxes/, wired in package.json contributes.grammars):
 * sample lines tokenized with vscode-textmate + vscode-oniguruma (the engine VS Code itself uses), and
 * the scopes of chosen tokens asserted. The injection grammar is tested inside the real host grammars
 * it is injected into: VS Code's JSON and YAML grammars and HashiCorp's Terraform grammar,
 * and our own Terraform grammar. language-configuration.json is checked for what Ctrl+/ and
 * auto-closing need.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { REPO_ROOT } from './server-lsp-client';

interface GrammarContribution {
  language?: string;
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { grammars: GrammarContribution[]; languages: { id: string; extensions?: string[]; configuration?: string }[] };
};
const contributed = manifest.contributes.grammars;
const TF = 'source.terraform.awsdp';
const INJECTION = 'source.awsdp.iam.injection';

/** Host grammars: VS Code's YAML (fixtures/grammars), JSON and HashiCorp's Terraform (tm-grammars); ours from the manifest. */
function grammarFile(scopeName: string): string | undefined {
  const ours = contributed.find((g) => g.scopeName === scopeName);
  if (ours) return path.join(REPO_ROOT, ours.path);
  const yaml = /^source\.yaml(?:\.(1\.[0-3]|embedded))?$/.exec(scopeName);
  if (yaml) return path.join(REPO_ROOT, 'server/src/test/fixtures/grammars/vscode-yaml', yaml[1] ? `yaml-${yaml[1]}.tmLanguage.json` : 'yaml.tmLanguage.json');
  const hosts: Record<string, string> = { 'source.json': 'json', 'source.hcl.terraform': 'terraform' };
  return hosts[scopeName] ? require.resolve(`tm-grammars/grammars/${hosts[scopeName]}.json`) : undefined;
}

let registry: vsctm.Registry;
before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      const file = grammarFile(scopeName);
      return file ? vsctm.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
    },
    // As VS Code does with `injectTo`: the injection grammar for every scope the manifest names.
    getInjections: (scopeName) => contributed.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName),
  });
});

interface Token {
  text: string;
  scopes: string[];
}

async function tokenize(scopeName: string, text: string): Promise<Token[][]> {
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar, `grammar ${scopeName} loads`);
  let state = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the (first) token whose text is exactly `text` on line `line` (0-based). */
function scopesOf(lines: Token[][], line: number, text: string): string[] {
  const t = lines[line].find((x) => x.text === text);
  assert.ok(t, `no token ${JSON.stringify(text)} on line ${line}: ${JSON.stringify(lines[line].map((x) => x.text))}`);
  return t.scopes;
}

function has(scopes: string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(`${scope}.`) || s.split(' ').includes(scope));
}

function assertScope(lines: Token[][], line: number, text: string, scope: string): void {
  const scopes = scopesOf(lines, line, text);
  assert.ok(has(scopes, scope), `${JSON.stringify(text)} on line ${line} should have ${scope}; has ${scopes.join(', ')}`);
}

function assertNoScope(lines: Token[][], line: number, scope: string): void {
  for (const t of lines[line]) assert.ok(!has(t.scopes, scope), `${JSON.stringify(t.text)} on line ${line} should not have ${scope}; has ${t.scopes.join(', ')}`);
}

describe('manifest: language and grammar contributions', () => {
  test('.tf is the terraform language with our language configuration and grammar; the injection reaches JSON, YAML and both Terraform grammars', () => {
    const tf = manifest.contributes.languages.find((l) => l.id === 'terraform');
    assert.ok(tf && tf.extensions?.includes('.tf') && tf.configuration === './language-configuration.json');
    const g = contributed.find((x) => x.language === 'terraform');
    assert.equal(g?.scopeName, TF, 'our own scope name: HashiCorp uses source.hcl.terraform, and a shared scope name would overwrite one grammar file with the other');
    const inj = contributed.find((x) => x.scopeName === INJECTION);
    for (const host of ['source.json', 'source.yaml', 'source.hcl.terraform', TF]) assert.ok(inj?.injectTo?.includes(host), `injected into ${host}`);
    for (const c of contributed) {
      const raw = JSON.parse(readFileSync(path.join(REPO_ROOT, c.path), 'utf8')) as { scopeName: string };
      assert.equal(raw.scopeName, c.scopeName, `${c.path} declares the scope the manifest names`);
    }
  });

  test('language-configuration.json: # line comments, /* */ blocks, brackets and auto-closing quotes', () => {
    const lc = JSON.parse(readFileSync(path.join(REPO_ROOT, 'language-configuration.json'), 'utf8')) as {
      comments: { lineComment: string; blockComment: [string, string] };
      brackets: [string, string][];
      autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
      surroundingPairs: [string, string][];
      indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
    };
    assert.equal(lc.comments.lineComment, '#');
    assert.deepEqual(lc.comments.blockComment, ['/*', '*/']);
    assert.deepEqual(lc.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
    const quote = lc.autoClosingPairs.find((p) => p.open === '"');
    assert.ok(quote && quote.close === '"' && quote.notIn?.includes('string'), 'a quote closes itself, but not inside a string');
    for (const open of ['{', '[', '(']) assert.ok(lc.autoClosingPairs.some((p) => p.open === open));
    const inc = new RegExp(lc.indentationRules.increaseIndentPattern);
    const dec = new RegExp(lc.indentationRules.decreaseIndentPattern);
    assert.ok(inc.test('resource "aws_s3_bucket" "logs" {') && inc.test('  tags = {') && !inc.test('  bucket = "x"'));
    assert.ok(dec.test('  }') && !dec.test('  bucket = "x"'));
  });
});

describe('Terraform grammar (source.terraform.awsdp)', () => {
  test('blocks, labels, attribute names and references', async () => {
    const l = await tokenize(
      TF,
      [
        'resource "aws_s3_bucket_policy" "logs" {',
        '  bucket = aws_s3_bucket.logs.id',
        '  count  = var.enabled ? 1 : 0',
        '  dynamic "statement" {',
        '    for_each = local.statements',
        '  }',
        '}',
      ].join('\n'),
    );
    assertScope(l, 0, 'resource', 'storage.type.block.terraform');
    assert.ok(has(scopesOf(l, 0, 'aws_s3_bucket_policy'), 'entity.name.label.terraform'));
    assertScope(l, 0, '{', 'punctuation.section.block.begin.terraform');
    assertScope(l, 1, 'bucket', 'variable.other.member.terraform');
    assertScope(l, 1, '=', 'keyword.operator.assignment.terraform');
    assertScope(l, 1, 'aws_s3_bucket', 'variable.other.object.terraform');
    assertScope(l, 1, 'logs', 'variable.other.property.terraform');
    assertScope(l, 1, 'id', 'variable.other.property.terraform');
    assertScope(l, 2, 'var', 'variable.language.terraform');
    assertScope(l, 2, 'enabled', 'variable.other.property.terraform');
    assertScope(l, 2, '1', 'constant.numeric.terraform');
    assertScope(l, 3, 'dynamic', 'entity.name.type.block.terraform');
    assertScope(l, 4, 'for_each', 'variable.other.member.terraform');
    assertScope(l, 4, 'local', 'variable.language.terraform');
    assertScope(l, 6, '}', 'punctuation.section.block.end.terraform');
  });

  test('strings with ${} interpolation and %{} directives; "/*" inside a string is not a comment', async () => {
    const l = await tokenize(TF, ['  resources = ["${aws_s3_bucket.logs.arn}/*"]', '  tags = { Name = "x" } # trailing', '  s = "%{ if var.on }on%{ endif }$${literal}"'].join('\n'));
    assertScope(l, 0, '${', 'punctuation.section.interpolation.begin.terraform');
    assertScope(l, 0, 'aws_s3_bucket', 'meta.interpolation.terraform');
    assertScope(l, 0, 'arn', 'variable.other.property.terraform');
    assertScope(l, 0, '}', 'punctuation.section.interpolation.end.terraform');
    assertScope(l, 0, '/*', 'string.quoted.double.terraform');
    assertNoScope(l, 0, 'comment');
    assertScope(l, 1, 'Name', 'variable.other.member.terraform');
    assertScope(l, 1, ' trailing', 'comment.line.number-sign.terraform');
    assertScope(l, 2, 'if', 'keyword.control.directive.terraform');
    assertScope(l, 2, 'endif', 'keyword.control.directive.terraform');
    assertScope(l, 2, '$${', 'constant.character.escape.terraform');
  });

  test('comments: #, // and /* */', async () => {
    const l = await tokenize(TF, ['# hash', '// slashes', '/* block', 'still block */ x = 1'].join('\n'));
    assertScope(l, 0, ' hash', 'comment.line.number-sign.terraform');
    assertScope(l, 1, ' slashes', 'comment.line.double-slash.terraform');
    assertScope(l, 2, ' block', 'comment.block.terraform');
    assertScope(l, 3, 'still block ', 'comment.block.terraform');
    assertNoScope([l[3].filter((t) => t.text.includes('x'))], 0, 'comment');
  });

  test('a heredoc holding a JSON policy: JSON tokens, interpolation, and the end marker ends it', async () => {
    const l = await tokenize(
      TF,
      [
        '  policy = <<EOF',
        '{',
        '  "Effect": "Deny",',
        '  "Resource": "${aws_s3_bucket.logs.arn}/*",',
        '  "Condition": {"Bool": {"aws:SecureTransport": "false"}},',
        '  "Count": 3',
        '}',
        'EOF',
        '  tags = {}',
      ].join('\n'),
    );
    assertScope(l, 0, '<<', 'keyword.operator.heredoc.terraform');
    assertScope(l, 0, 'EOF', 'keyword.control.heredoc.terraform');
    assertScope(l, 2, 'Effect', 'support.type.property-name.json');
    assertScope(l, 2, 'Deny', 'string.quoted.double.json');
    assertScope(l, 3, '${', 'punctuation.section.interpolation.begin.terraform');
    assertScope(l, 3, 'aws_s3_bucket', 'variable.other.object.terraform');
    assertScope(l, 4, 'SecureTransport', 'support.variable.condition-key.global.iam');
    assertScope(l, 4, 'SecureTransport', 'support.type.property-name.json');
    assertScope(l, 5, '3', 'constant.numeric.json');
    assertScope(l, 7, 'EOF', 'keyword.control.heredoc.terraform');
    assertScope(l, 8, 'tags', 'variable.other.member.terraform');
    assertNoScope(l, 8, 'string.unquoted.heredoc.terraform');
  });

  test('a heredoc that is not JSON (unbalanced brackets, quotes) does not leak past its end marker', async () => {
    const l = await tokenize(TF, ['  user_data = <<-EOT', '    if [ -f "/etc/x ]; then {', '    EOT', '  ami = "ami-123"'].join('\n'));
    assertScope(l, 2, 'EOT', 'keyword.control.heredoc.terraform');
    assertScope(l, 3, 'ami', 'variable.other.member.terraform');
    assertNoScope(l, 3, 'string.unquoted.heredoc.terraform');
  });

  test('jsonencode objects: keys are attributes, quoted condition keys and actions are highlighted', async () => {
    const l = await tokenize(
      TF,
      [
        '  policy = jsonencode({',
        '    Statement = [{',
        '      Effect    = "Deny"',
        '      Action    = "s3:*"',
        '      Resource  = ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"]',
        '      Condition = { Bool = { "aws:SecureTransport" = "false" } }',
        '    }]',
        '  })',
      ].join('\n'),
    );
    assertScope(l, 0, 'jsonencode', 'support.function.terraform');
    assertScope(l, 1, 'Statement', 'variable.other.member.terraform');
    assertScope(l, 2, 'Effect', 'variable.other.member.terraform');
    assertScope(l, 3, 's3', 'support.function.action.iam');
    assertScope(l, 3, '*', 'support.function.action.iam');
    assertNoScope(l, 4, 'support.function.action.iam');
    assertNoScope(l, 4, 'support.variable.condition-key');
    assertScope(l, 5, 'Bool', 'variable.other.member.terraform');
    assertScope(l, 5, 'SecureTransport', 'support.variable.condition-key.global.iam');
  });
});

describe('IAM injection (source.awsdp.iam.injection)', () => {
  test('JSON policy: condition keys (global and service), actions; ARNs and comments untouched', async () => {
    const l = await tokenize(
      'source.json',
      [
        '{"Statement": [{',
        '  "Action": ["s3:GetObject", "s3:Put*", "kms:*"],',
        '  "Resource": "arn:aws:s3:::bucket/*",',
        '  "Condition": {"Bool": {"aws:SecureTransport": "false"}, "NumericLessThan": {"s3:TlsVersion": "1.2"}},',
        '  "Sid": "aws:SecureTransport is a key, not an action"',
        '}]}',
      ].join('\n'),
    );
    assertScope(l, 1, 'GetObject', 'support.function.action.iam');
    assertScope(l, 1, 's3', 'entity.name.namespace.iam');
    assertScope(l, 1, 'Put*', 'support.function.action.iam');
    assertScope(l, 1, 'kms', 'support.function.action.iam');
    assertNoScope(l, 2, 'support.function.action.iam');
    assertNoScope(l, 2, 'support.variable.condition-key');
    assertScope(l, 3, 'SecureTransport', 'support.variable.condition-key.global.iam');
    assertScope(l, 3, 'SecureTransport', 'support.type.property-name.json');
    assertScope(l, 3, 'TlsVersion', 'support.variable.condition-key.service.iam');
    assertNoScope(l, 3, 'support.function.action.iam');
    // A sentence in a string is not an action, even when it starts with a key.
    assertNoScope(l, 4, 'support.function.action.iam');
  });

  test('CloudFormation YAML: plain and quoted keys and values', async () => {
    const l = await tokenize(
      'source.yaml',
      [
        'Statement:',
        '  - Effect: Deny',
        '    Action: s3:*',
        '    Resource: !Sub "arn:aws:s3:::${Bucket}/*"',
        '    Condition:',
        '      Bool:',
        '        aws:SecureTransport: false',
        '      NumericLessThan:',
        "        's3:TlsVersion': 1.2",
        '  - Action:',
        '      - iam:CreateAccessKey',
        '# aws:SecureTransport in a comment',
      ].join('\n'),
    );
    assertScope(l, 2, 's3', 'support.function.action.iam');
    assertNoScope(l, 3, 'support.function.action.iam');
    assertNoScope(l, 3, 'support.variable.condition-key');
    assertScope(l, 6, 'SecureTransport', 'support.variable.condition-key.global.iam');
    assertScope(l, 8, 'TlsVersion', 'support.variable.condition-key.service.iam');
    assertScope(l, 10, 'CreateAccessKey', 'support.function.action.iam');
    assertNoScope(l, 11, 'support.variable.condition-key');
  });

  test("HashiCorp's Terraform grammar (source.hcl.terraform): aws_iam_policy_document condition and actions", async () => {
    const l = await tokenize(
      'source.hcl.terraform',
      [
        'data "aws_iam_policy_document" "tls" {',
        '  statement {',
        '    actions = ["s3:*"]',
        '    condition {',
        '      test     = "Bool"',
        '      variable = "aws:SecureTransport"',
        '      values   = ["false"]',
        '    }',
        '    condition {',
        '      variable = "s3:TlsVersion"',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
    assertScope(l, 2, 's3', 'support.function.action.iam');
    assertScope(l, 5, 'SecureTransport', 'support.variable.condition-key.global.iam');
    assertNoScope(l, 6, 'support.variable.condition-key');
    assertScope(l, 9, 'TlsVersion', 'support.variable.condition-key.service.iam');
  });
});
