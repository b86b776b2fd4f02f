// Entry point VS Code calls in the extension host (extensionTestsPath): runs the mocha suite the
// runner chose (the main one, or the trust one in its own workspace) and reports pass/fail to the
// runner through the result file and the returned promise.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { readIntegrationConfig, type IntegrationResult } from '../config';
import { measured } from './state';

export function run(): Promise<void> {
  const config = readIntegrationConfig();
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', forbidOnly: true, forbidPending: true });
  const dir = config.suite === 'trust' ? path.join(__dirname, 'trust') : __dirname;
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.itest.js'))
    .sort();
  if (files.length === 0) return Promise.reject(new Error(`no *.itest.js in ${dir}`));
  for (const file of files) mocha.addFile(path.join(dir, file));
  return new Promise((resolve, reject) => {
    const failed: IntegrationResult['failed'] = [];
    let passes = 0;
    const done = (failures: number): void => {
      const result: IntegrationResult = { passes, failures, failed, activateMs: measured.activateMs };
      fs.writeFileSync(config.resultFile, JSON.stringify(result, null, 2));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    };
    let runner: Mocha.Runner;
    try {
      runner = mocha.run(done);
    } catch (error) {
      // forbidOnly / forbidPending refuse the whole run here: report why, as a failure.
      failed.push({ title: 'mocha', error: error instanceof Error ? error.message : String(error) });
      done(1);
      return;
    }
    runner.on('pass', () => passes++);
    runner.on('fail', (test, error: Error) => failed.push({ title: test.fullTitle(), error: error?.message ?? String(error) }));
  });
}
