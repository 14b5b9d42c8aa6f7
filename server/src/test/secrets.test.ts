/**
 * Secrets stay secret: files full of credentials — in values, keys, comments, tags, anchors,
 * labels, suppression comments, and broken syntax so that parse errors fire at them — are
 * scanned by the CLI (text, JSON and SARIF) and opened in the language server. No output, no
 * diagnostic and no log line may hold any of them in clear: no piece longer than 30% of a secret
 * (at least 6 characters) may appear.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver/node';
import { run } from '../cli/run';
import { isPlainMessage, mask, quoteSource, redactSecrets, sanitizeFully, sanitizeMessage } from '../engine/redact';
import { cleanup, tempDir, writeTree } from './cli-support';
import { pathToUri, TestClient } from './server-lsp-client';

const AKID = 'AKIAQ7XZ5W2N8TESTK3Y';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8sT3uVq2';
const PASSWORD = 'Sup3rS3cretPassw0rd';
const URL = `https://deploy:${PASSWORD}@db.internal.example.com/prod`;
const EMAIL = 'jane.doe.private@corp-mail.example.org';
const CARD = '4539 5787 6362 1486';
const CARD_PLAIN = '4539578763621486';
const PASSPHRASE = 'Tr0ub4dor&3xyzzyPlugh';
const TOKEN = 'ghp_R4nd0mT0k3nV4lu3Xx9Yy8Zz7Ww6Vv5Uu4Tt';

const SECRETS = [AKID, SECRET_KEY, PASSWORD, EMAIL, CARD, CARD_PLAIN, PASSPHRASE, TOKEN];

/** The pieces of `secret` that must never be seen: every window of 30% of it (6 characters at least). */
function windows(secret: string): string[] {
  const w = Math.max(6, Math.ceil(secret.length * 0.3));
  const out: string[] = [];
  for (let i = 0; i + w <= secret.length; i++) out.push(secret.slice(i, i + w));
  return out;
}

function assertNoSecret(output: string, where: string): void {
  for (const s of SECRETS) {
    const leaked = windows(s).find((w) => output.includes(w));
    assert.equal(leaked, undefined, `${where} shows "${leaked}" of a secret:\n${output.slice(Math.max(0, output.indexOf(leaked ?? '') - 300), output.indexOf(leaked ?? '') + 300)}`);
  }
}

/** Files with the secrets everywhere a user could put them, several broken on purpose. */
const FILES: Record<string, string> = {
  // IAM policy: values, keys, comments; a partial Deny whose message quotes its actions.
  'iam/policy.json': `// ${AKID} ${SECRET_KEY}
{
  /* ${URL} ${EMAIL} */
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "${AKID}", "Effect": "Allow", "Principal": {"AWS": "${EMAIL}"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${AKID}/*",
     "Condition": {"StringEquals": {"${SECRET_KEY}": "${URL}", "aws:x": "${CARD}"}}},
    {"Effect": "Deny", "Principal": "*", "Action": ["s3:PutObject", "${AKID}", "${PASSPHRASE}", "${TOKEN}", "${CARD_PLAIN}"], "Resource": "arn:aws:s3:::${AKID}/*",
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
  ]
}
`,
  // Broken JSON: errors at the secrets.
  'iam/broken.json': `{"Statement": [{"Sid": ${AKID} ${SECRET_KEY}, "${EMAIL}" ${URL}: ${CARD}, ${PASSPHRASE}`,
  // CloudFormation YAML: values, keys, comments, tags, anchors, aliases, bad escapes, directives.
  'cfn/template.yaml': `AWSTemplateFormatVersion: '2010-09-09'
# ${AKID} ${SECRET_KEY} ${URL}
Description: "${EMAIL} ${CARD}"
Metadata:
  ${AKID}: ${SECRET_KEY}
  ${PASSPHRASE}: ${TOKEN}
Resources:
  Policy: # awsdp-ignore ${AKID}, ${CARD_PLAIN}: ${URL}
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: ${EMAIL}
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: [s3:GetObject, ${AKID}, "${PASSPHRASE}", ${EMAIL}]
            Resource: arn:aws:s3:::${CARD_PLAIN}/*
            Condition: {Bool: {aws:SecureTransport: false}}
  Other:
    Type: AWS::S3::${AKID}
    Properties:
      A: !${AKID} x
      B: !${PASSPHRASE} y
      C: &${SECRET_KEY.replace(/\//g, '')} z
      D: *${TOKEN}
      E: "bad escape \\q ${AKID} \\z ${PASSWORD}"
      F: |${AKID}
        text
      G: [${URL}, ${EMAIL}
`,
  'cfn/broken.yaml': `AWSTemplateFormatVersion: '2010-09-09'
%${AKID} ${SECRET_KEY}
Resources: {A: ${AKID}: ${URL}: ${EMAIL}
  ]${SECRET_KEY} }${PASSPHRASE} ${CARD}
\t${TOKEN}: "${CARD_PLAIN}
`,
  'cfn/directives.yaml': `%${AKID} ${SECRET_KEY}
---
AWSTemplateFormatVersion: x
k: ${EMAIL}
`,
  // Terraform: values, attribute names, labels, comments, heredocs, broken syntax at the secrets.
  'tf/main.tf': `# ${AKID} ${SECRET_KEY}
// ${URL}
/* ${EMAIL} ${CARD} */
resource "aws_s3_bucket_policy" "${AKID}" { # awsdp-ignore ${AKID}, ${TOKEN}: ${URL}
  bucket = "${EMAIL}"
  policy = jsonencode({
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = ["s3:GetObject", "${AKID}", "${PASSPHRASE}", "${TOKEN}"]
      Resource  = "arn:aws:s3:::${CARD_PLAIN}/*"
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
  ${PASSPHRASE.replace(/[^A-Za-z0-9]/g, '')} = "${SECRET_KEY}"
}

resource "aws_db_instance" "${TOKEN}" {
  password = ${PASSWORD} ${AKID} }
  url      = "${URL}
  key = <<EOF
${SECRET_KEY}
EOF
}
${AKID} ${SECRET_KEY} ${CARD_PLAIN}
${URL} = ${EMAIL}
`,
  'tf/broken.tf': `resource "x" "y" {\n  a = ${AKID}${SECRET_KEY}${URL}${EMAIL}${CARD}\n  ${PASSPHRASE} ${TOKEN} = = =\n`,
  'tf/other.tf.json': `{"resource": {"aws_s3_bucket_policy": {"${AKID}": {"bucket": "${EMAIL}", "policy": "{\\"Statement\\": [{\\"Effect\\": \\"Deny\\", \\"Principal\\": \\"*\\", \\"Action\\": \\"${AKID}\\", \\"Resource\\": \\"${URL}\\", \\"Condition\\": {\\"Bool\\": {\\"aws:SecureTransport\\": \\"false\\"}}}]}"}}}, "${SECRET_KEY}": ${CARD}`,
};

test('mask() and quoteSource() never show more than a quarter of a value', () => {
  for (const s of SECRETS) {
    const m = mask(s);
    const shown = m.replace(/\*+$/, '');
    assert.ok(shown.length <= s.length / 4 && shown.length <= 4, `${m} shows at most 25% of the value`);
    assert.ok(!quoteSource(s).includes(s.slice(0, 6)), `quoteSource masks ${s}`);
  }
  // Credential shapes are masked wherever they appear in a message; a bare password has no shape
  // (quoteSource masks it as a token, above).
  for (const s of [AKID, SECRET_KEY, URL, EMAIL, CARD, CARD_PLAIN, TOKEN, `password=${PASSPHRASE}`, `"api_key": "${PASSWORD}"`]) {
    assertNoSecret(redactSecrets(`text ${s} text`), `redactSecrets of ${s}`);
    assertNoSecret(sanitizeMessage(`message: ${s}`), `sanitizeMessage of ${s}`);
  }
  assertNoSecret(redactSecrets(URL), 'a URL with credentials');
  assert.equal(mask('ab'), '***');
  assert.equal(mask(AKID), 'AKIA********');
  // Short code tokens stay readable in messages.
  assert.equal(quoteSource('}'), "'}'");
  assert.equal(quoteSource('resource "x" {'), "'resource…'");
  assert.equal(quoteSource('!GetAtt'), "'!GetAtt'");
});

test('the shortcut for plain messages gives what the full masking gives', () => {
  // Pieces that make a credential pattern match, or come just short of it, and rule-like sentences around them.
  const pieces = [
    ...SECRETS,
    URL,
    `password=${PASSPHRASE}`,
    `"api_key": "${PASSWORD}"`,
    'Token: abc',
    'PRIVATE_KEY=xyz',
    'Credentials: q',
    'pwd=1',
    'a'.repeat(19),
    'a'.repeat(20),
    'Ab1'.repeat(7),
    'x/Y+z='.repeat(6),
    '1234 5678 9012',
    '1234 5678 9012 3',
    '-----BEGIN RSA PRIVATE KEY-----',
    '-----BEGIN CERTIFICATE-----',
    'a@b',
    'tab\there',
    'line\nbreak',
    'cr\rhere',
    '\x1b[31m',
    '\u202eevil',
    '\x85next',
    'BucketPolicy0E7FB2A4C',
    'aws:SecureTransport = false',
    'x'.repeat(480),
  ];
  const sentences = (p: string) => [p, `This bucket ${p} accepts requests over plain HTTP.`, `${p}; add a Deny for aws:SecureTransport = false.`, `The policy of ${p}: the Deny statement goes here ${p}`];
  let plain = 0;
  for (const p of pieces) {
    for (const m of sentences(p)) {
      assert.equal(sanitizeMessage(m), sanitizeFully(m), `sanitizeMessage of ${JSON.stringify(m)}`);
      if (isPlainMessage(m)) {
        plain++;
        assert.equal(sanitizeFully(m), m, `a plain message is left as it is: ${JSON.stringify(m)}`);
      }
    }
  }
  // The shortcut is taken for ordinary messages, and not for anything the masking changes.
  assert.ok(isPlainMessage('This bucket accepts requests over plain HTTP: its bucket policy Bucket12Policy does not deny aws:SecureTransport = false.'));
  assert.ok(!isPlainMessage(`message: ${EMAIL}`) && !isPlainMessage('a'.repeat(501)) && !isPlainMessage('one\ntwo'));
  assert.ok(plain > 10, `${plain} plain messages among the cases`);
});

describe('secrets in scanned files never appear in clear', () => {
  let dir: string;

  before(() => {
    dir = tempDir('awsdp-secrets-');
    writeTree(dir, FILES);
  });
  after(() => cleanup(dir));

  for (const format of ['text', 'json', 'sarif']) {
    test(`CLI --format ${format}`, async () => {
      let stdout = '';
      let stderr = '';
      const code = await run(['scan', '--format', format, '--no-progress', '.'], {
        cwd: dir,
        env: { AWSDP_WORKERS: '0' },
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
      });
      assert.equal(code, 1, `findings expected; stderr: ${stderr}`);
      // The scan did reach the secrets: findings and parse errors in every file.
      for (const f of ['policy.json', 'broken.json', 'template.yaml', 'broken.yaml', 'main.tf', 'broken.tf']) assert.ok(stdout.includes(f), `${f} is reported`);
      assert.match(stdout, /covers only s3:PutObject, 'AKIA\*+'/);
      assertNoSecret(stdout, `--format ${format}`);
      assertNoSecret(stderr, `stderr of --format ${format}`);
    });
  }

  test('language server diagnostics, messages and logs', async () => {
    const client = await TestClient.start({ rootDir: dir });
    try {
      const languages: Record<string, string> = { '.json': 'json', '.yaml': 'yaml', '.tf': 'terraform' };
      let all = '';
      let count = 0;
      for (const [rel, text] of Object.entries(FILES)) {
        const uri = pathToUri(path.join(dir, rel));
        await client.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: languages[path.extname(rel)] ?? 'json', version: 1, text } });
        const d = await client.diagnosticsFor(uri, 1);
        count += d.diagnostics.length;
        all += JSON.stringify(d) + '\n';
      }
      assert.ok(count >= 8, `the secrets were reached: ${count} diagnostics`);
      all += client.logs.join('\n') + JSON.stringify(client.shown);
      assertNoSecret(all, 'the language server');
      assert.equal(await client.stop(), 0);
      assertNoSecret(client.stderr, 'the language server stderr');
    } finally {
      client.kill();
    }
  });
});
