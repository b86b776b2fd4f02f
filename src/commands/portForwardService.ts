// Port Forward: `kubectl port-forward svc/NAME LOCAL:PORT -n NS` in a terminal that shows the local URL.
import * as vscode from 'vscode';
import type { Service } from '../qbo/messages';
import { portForwardArgs, terminalName } from '../kube/kubectl';
import { forwardedUrl, isPort } from '../kube/serviceUrl';
import { pickEntity, runKubectl } from './support/kubectl';
import { podRef } from './support/podContainer';
import { freeLocalPort, servicePortEntries } from './support/service';
import { Cancelled } from './support/boundary';
import type { QboCommand } from './types';
import { safePickItem } from '../ui/safeText';

/** Options a caller (another extension, a test) may pass instead of being asked. */
interface ForwardOptions {
  port?: number;
  localPort?: number;
}

function forwardOptions(value: unknown): ForwardOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const { port, localPort } = value as Record<string, unknown>;
  return { port: typeof port === 'number' ? port : undefined, localPort: typeof localPort === 'number' ? localPort : undefined };
}

async function askServicePort(entries: Service[], title: string, given: number | undefined): Promise<number | undefined> {
  const ports = entries
    .filter((entry) => isPort(entry.port_number) && (entry.protocol === undefined || entry.protocol.toUpperCase() === 'TCP'))
    .map((entry) => safePickItem({ label: String(entry.port_number), description: entry.port_name, port: entry.port_number as number }));
  if (given !== undefined) return ports.some((entry) => entry.port === given) ? given : undefined;
  if (ports.length <= 1) return ports[0]?.port;
  return (await vscode.window.showQuickPick(ports, { title, placeHolder: vscode.l10n.t('Service port to forward') }))?.port;
}

async function askLocalPort(servicePort: number, title: string): Promise<number | undefined> {
  const suggested = await freeLocalPort(servicePort);
  const text = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Local port to forward to port {0} of the service', servicePort),
    value: String(suggested),
    validateInput: (value) =>
      /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535 ? undefined : vscode.l10n.t('A port from 1 to 65535'),
  });
  return text === undefined ? undefined : Number(text);
}

export const portForwardService: QboCommand = {
  id: 'qbo.portForwardService',
  async run(context, ...args) {
    const title = vscode.l10n.t('Port Forward');
    const picked = await pickEntity(context, 'service', args, title);
    const service = picked.entity as Service;
    const options = forwardOptions(args[1]);
    const servicePort = await askServicePort(servicePortEntries(picked.profile.inventory, service), title, options.port);
    if (servicePort === undefined) {
      if (options.port !== undefined) throw new Error(vscode.l10n.t('qbo: {0} has no TCP port {1}.', service.name ?? '', options.port));
      throw new Cancelled();
    }
    const localPort = options.localPort ?? (await askLocalPort(servicePort, title));
    if (localPort === undefined) throw new Cancelled();
    const url = forwardedUrl(localPort, servicePort);
    const run = await runKubectl(context, {
      profile: picked.profile,
      of: picked.entity,
      terminalName: terminalName(service.name, vscode.l10n.t('port {0}', localPort)),
      icon: 'plug',
      interactive: true,
      message: vscode.l10n.t('Forwarding {0} to port {1} of {2}. Close this terminal to stop.', url, servicePort, service.name ?? ''),
      args: () => portForwardArgs(podRef(picked.entity), localPort, servicePort),
    });
    return run ? { ...run, url } : undefined;
  },
};
