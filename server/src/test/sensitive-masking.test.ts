/**
 * DP5xx findings never repeat the value they are about: every detector's value (e-mail, phone,
 * account, card, SSN, IBAN, secret-key shape, a project pattern, URL password, literal secrets,
 * private key, access key id, tokens) is written where the rules find it, the CLI reports in
 * text, JSON and SARIF (fixes included), and no output holds 30% of any of them (6 characters at
 * least). The findings are checked to be there, so that the test cannot pass by finding nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { run } from '../cli/run';
import { cleanup, tempDir, writeTree } from './cli-support';

const V = {
  email: 'jane.private@corp-mail.net',
  phone: '+44 20 7946 0958',
  account: '210987654321',
  card: '4539578763621486',
  ssn: '219-09-9999',
  iban: 'GB82WEST12345698765432',
  shape: 'Zt6Hdv/EolIbS2UTxbLplGpukOdaGmlq9MtAg1Xv',
  employee: 'EMP-739155',
  urlPassword: 'Sup3rS3cretPassw0rd',
  dbPassword: 'Db-Passw0rd-Literal-77',
  envSecret: 'Xq7Rv2Lm9931Kp',
  akid: 'AKIAQ7XZ5W2N4TESTK3Y',
  secretKey: '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',
  pemBody: 'MIIEowIBAAKCAQEAq7BFUAyFakeKeyMaterialForTests',
  google: 'AIzaSyD4BPAvDHL4CiRcFORdoUCpqwVuVz1F9r8',
};

const FILES: Record<string, string> = {
  '.awsdp.yaml': 'sensitiveData:\n  patterns:\n    - {name: an employee id, pattern: "EMP-[0-9]{6}"}\n',
  'cfn/template.yaml': `Resources:
  Reports:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: logs-${V.account}
      Tags:
        - {Key: Owner, Value: ${V.email}}
        - {Key: Phone, Value: '${V.phone}'}
        - {Key: Card, Value: '${V.card}'}
        - {Key: Ssn, Value: '${V.ssn}'}
        - {Key: Iban, Value: ${V.iban}}
        - {Key: Key, Value: '${V.shape}'}
        - {Key: Staff, Value: ${V.employee}}
  Stack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://deploy:${V.urlPassword}@templates.internal/net.yaml
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      MasterUserPassword: ${V.dbPassword}
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      UserData: |
        export AWS_ACCESS_KEY_ID=${V.akid}
        export AWS_SECRET_ACCESS_KEY=${V.secretKey}
`,
  'tf/main.tf': `resource "aws_lambda_function" "f" {
  function_name = "f"
  environment {
    variables = {
      API_TOKEN = "${V.envSecret}"
      MAPS_KEY  = "${V.google}"
    }
  }
}

resource "aws_transfer_ssh_key" "k" {
  server_id = "s-1"
  user_name = "u"
  body      = <<EOT
-----BEGIN RSA PRIVATE KEY-----
${V.pemBody}
-----END RSA PRIVATE KEY-----
EOT
}
`,
};

const SECRETS = Object.values(V);

function windows(secret: string): string[] {
  const w = Math.max(6, Math.ceil(secret.length * 0.3));
  const out: string[] = [];
  for (let i = 0; i + w <= secret.length; i++) out.push(secret.slice(i, i + w));
  return out;
}

function assertNoValue(output: string, where: string): void {
  for (const s of SECRETS) {
    const leaked = windows(s).find((w) => output.includes(w));
    assert.equal(leaked, undefined, `${where} shows "${leaked}" of ${s.slice(0, 3)}…`);
  }
}

describe('DP5xx messages, reports and fixes never repeat the sensitive value', () => {
  let dir: string;
  before(() => {
    dir = tempDir('awsdp-dp5-mask-');
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
      // Every detector fired: one finding per value (the PEM body is inside the private key finding).
      const dp = (id: string) => stdout.split(id).length - 1;
      if (format === 'json') {
        const findings = (JSON.parse(stdout) as { findings: { ruleId: string; message: string }[] }).findings;
        const count = (id: string) => findings.filter((f) => f.ruleId === id).length;
        assert.equal(count('DP501'), 8, findings.map((f) => f.message).join('\n'));
        assert.equal(count('DP502'), 1);
        assert.equal(count('DP503'), 6, findings.map((f) => f.message).join('\n'));
      } else assert.ok(dp('DP501') >= 8 && dp('DP503') >= 6, stdout);
      assertNoValue(stdout, `--format ${format}`);
      assertNoValue(stderr, `stderr of --format ${format}`);
    });
  }
});
