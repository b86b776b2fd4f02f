// The emulator's own state, read over a second socket with the same account: what the UI steps
// check a user action against (not what the tree says).
import * as fs from 'node:fs';
import { parseCliJson } from '../../../src/qbo/credentials';
import { EmulatorProbe } from '../../support/emulatorProbe';

export class EmulatorState {
  private probe: EmulatorProbe | undefined;

  constructor(private readonly cliJson: string) {}

  private async open(): Promise<EmulatorProbe> {
    if (!this.probe) {
      const probe = new EmulatorProbe(parseCliJson(fs.readFileSync(this.cliJson, 'utf8'), this.cliJson));
      await probe.open();
      this.probe = probe;
    }
    return this.probe;
  }

  /** name → state of every cluster the emulator holds for the account. */
  async clusters(): Promise<Map<string, string>> {
    const clusters = await (await this.open()).list('clusters');
    return new Map(clusters.map((cluster) => [String(cluster.name), String(cluster.state)]));
  }

  async nodeCount(cluster: string): Promise<number> {
    return (await (await this.open()).list('nodes', cluster)).length;
  }

  dispose(): void {
    this.probe?.dispose();
    this.probe = undefined;
  }
}

export function describeClusters(clusters: Map<string, string>): string {
  return [...clusters].map(([name, state]) => `${name} ${state}`).join(', ') || 'none';
}
