// A cluster's kubeconfig as an emulator hands it out, fetched over a probe connection of its own
// (not through the extension), so a test can tell which cluster's kubeconfig kubectl was given.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { QboClient } from '../../../src/qbo/client';
import { byName, kubeconfigCommand } from '../../../src/qbo/commands';
import { QboConnection } from '../../../src/qbo/connection';
import { buildCookie, parseCliJson } from '../../../src/qbo/credentials';
import { waitForValue } from '../../support/wait';

export async function emulatorKubeconfig(cliJsonFile: string, cluster: string): Promise<string> {
  const credentials = parseCliJson(fs.readFileSync(cliJsonFile, 'utf8'), cliJsonFile);
  const connection = new QboConnection({ host: credentials.host, port: credentials.port, cookie: () => buildCookie(credentials) });
  const client = new QboClient(connection, { requestTimeoutMs: 10_000 });
  try {
    connection.connect();
    await waitForValue(() => connection.isOpen, 'the probe connection');
    const result = await client.send(kubeconfigCommand(byName(cluster))).done;
    const kubeconfig = result.outputItems.find((item) => typeof item.kubeconfig === 'string')?.kubeconfig;
    assert.ok(kubeconfig, `the emulator returned no kubeconfig for ${cluster}`);
    return kubeconfig;
  } finally {
    client.dispose();
    connection.dispose();
  }
}
