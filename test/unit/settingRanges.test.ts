import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkNumber, NUMERIC_SETTINGS, NumericSettingReader, type NumericSettingKey } from '../../src/settingRanges';

const root = path.join(__dirname, '..', '..', '..');
const properties = (
  JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes: {
      configuration: { properties: Record<string, { type?: string; default?: unknown; minimum?: number; maximum?: number }> };
    };
  }
).contributes.configuration.properties;

describe('numeric settings', () => {
  it('uses a value of the right type within the range', () => {
    assert.deepEqual(checkNumber('requestTimeoutSeconds', 30), { value: 30 });
    assert.deepEqual(checkNumber('requestTimeoutSeconds', 5), { value: 5 });
    assert.deepEqual(checkNumber('requestTimeoutSeconds', 3600), { value: 3600 });
    assert.deepEqual(checkNumber('requestTimeoutSeconds', 7.5), { value: 7.5 });
    assert.deepEqual(checkNumber('addCluster.defaultNodeCount', 1), { value: 1 });
    assert.deepEqual(checkNumber('addCluster.defaultNodeCount', 100), { value: 100 });
  });

  it('takes the default, silently, when nothing is set', () => {
    assert.deepEqual(checkNumber('requestTimeoutSeconds', undefined), { value: 120 });
    assert.deepEqual(checkNumber('addCluster.defaultNodeCount', null), { value: 3 });
  });

  it('falls back to the default, saying why, for a value out of range or of the wrong type', () => {
    // 1e10 s overflowed setTimeout (which then fires after 1 ms): every command timed out at once.
    const huge = checkNumber('requestTimeoutSeconds', 1e10);
    assert.equal(huge.value, 120);
    assert.equal(huge.problem, 'setting qbo.requestTimeoutSeconds is 10000000000, not a number from 5 to 3600: using 120');
    for (const value of [0, 4.99, -1, 3601, Infinity, -Infinity, Number.NaN, '60', true, [60], { seconds: 60 }])
      assert.equal(checkNumber('requestTimeoutSeconds', value).value, 120, String(value));
    for (const value of [0, 101, 2.5, '3', -3, 1e300]) {
      const checked = checkNumber('addCluster.defaultNodeCount', value);
      assert.equal(checked.value, 3, String(value));
      assert.match(checked.problem ?? '', /not a whole number from 1 to 100: using 3$/);
    }
  });

  it('logs an unusable value once, however often it is read, and each new one once', () => {
    const lines: string[] = [];
    const reader = new NumericSettingReader((line) => lines.push(line));
    for (let i = 0; i < 5; i++) assert.equal(reader.read('requestTimeoutSeconds', 1e10), 120);
    assert.equal(reader.read('requestTimeoutSeconds', 60), 60);
    assert.equal(reader.read('requestTimeoutSeconds', '60'), 120);
    assert.equal(reader.read('requestTimeoutSeconds', 60 as unknown), 60);
    assert.equal(reader.read('addCluster.defaultNodeCount', 0), 3);
    assert.equal(reader.read('addCluster.defaultNodeCount', 0), 3);
    assert.deepEqual(lines, [
      'setting qbo.requestTimeoutSeconds is 10000000000, not a number from 5 to 3600: using 120',
      'setting qbo.requestTimeoutSeconds is "60", not a number from 5 to 3600: using 120',
      'setting qbo.addCluster.defaultNodeCount is 0, not a whole number from 1 to 100: using 3',
    ]);
  });

  it('keeps a long value out of the log line', () => {
    assert.ok((checkNumber('requestTimeoutSeconds', 'x'.repeat(10_000)).problem ?? '').length < 150);
  });

  it('covers every numeric setting of package.json, with its default and range', () => {
    const numeric = Object.entries(properties).filter(([, property]) => property.type === 'number' || property.type === 'integer');
    assert.deepEqual(
      numeric.map(([key]) => key).sort(),
      Object.keys(NUMERIC_SETTINGS)
        .map((key) => `qbo.${key}`)
        .sort(),
    );
    for (const [key, property] of numeric) {
      const setting = NUMERIC_SETTINGS[key.replace(/^qbo\./, '') as NumericSettingKey];
      assert.deepEqual(
        { default: property.default, minimum: property.minimum, maximum: property.maximum, integer: property.type === 'integer' },
        { default: setting.default, minimum: setting.minimum, maximum: setting.maximum, integer: setting.integer },
        key,
      );
    }
  });
});
