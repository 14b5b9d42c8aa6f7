import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ConfigError, defaultConfig, parseConfig, resolveConfig } from '../engine/index';
import { ConfigStore, fipsRequiredSetting } from '../server/configs';
import { pathToUri } from '../server/paths';

test('.awsdp.yaml fips: required | optional; anything else is a clear error', () => {
  assert.equal(parseConfig('fips: required\n').fips, 'required');
  assert.equal(parseConfig('fips: optional\n').fips, 'optional');
  assert.equal(parseConfig('rules: {}\n').fips, undefined);
  assert.throws(() => parseConfig('fips: true\n'), (e: Error) => e instanceof ConfigError && /"fips" must be required or optional, got true/.test(e.message));
  assert.throws(() => parseConfig('fipz: required\n'), /unknown key "fipz" \(expected rules, include, exclude, ignore, fips, minimumTls, sensitiveData\)/);
});

test('the awsdp.fips.required setting raises, never lowers, what the file says', () => {
  const file = { ...defaultConfig(), fips: 'required' as const };
  assert.equal(resolveConfig({ file: defaultConfig(), fipsRequired: true }, []).fips, 'required');
  assert.equal(resolveConfig({ file, fipsRequired: false }, []).fips, 'required');
  assert.equal(resolveConfig({ file: defaultConfig() }, []).fips, undefined);
  assert.equal(fipsRequiredSetting({ fips: { required: true } }), true);
  assert.equal(fipsRequiredSetting({ fips: { required: 'yes' } }), false);
  assert.equal(fipsRequiredSetting({ rules: {} }), false);
  assert.equal(fipsRequiredSetting(null), false);
});

test('the language server config store takes awsdp.fips.required from the editor', async () => {
  const root = path.resolve('/ws');
  let settings: unknown = { fips: { required: true } };
  const s = new ConfigStore({ readFile: async () => undefined, knownRules: () => undefined, showError: () => {}, log: () => {}, fetchSettings: async () => settings });
  s.setFolders([{ uri: pathToUri(root), path: root }]);
  await s.reload();
  assert.equal((await s.forFile(path.join(root, 'main.tf'))).config.fips, 'required');
  settings = { fips: { required: false } };
  s.settingsChanged();
  assert.equal((await s.forFile(path.join(root, 'main.tf'))).config.fips, undefined);
});

test('minimumTls: "1.2" or "1.3" (a YAML number is read as written); anything else is refused with its name', () => {
  assert.equal(parseConfig('minimumTls: "1.3"\n').minimumTls, '1.3');
  assert.equal(parseConfig('minimumTls: 1.3\n').minimumTls, '1.3');
  assert.equal(parseConfig('minimumTls: 1.2\n').minimumTls, '1.2');
  assert.equal(parseConfig('').minimumTls, undefined);
  assert.throws(() => parseConfig('minimumTls: "1.1"\n'), /"minimumTls" must be "1.2" or "1.3", got "1.1"/);
  assert.throws(() => parseConfig('minimumTls: true\n'), /"minimumTls" must be "1.2" or "1.3", got true/);
});
