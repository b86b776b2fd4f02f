// Port Forward: `kubectl port-forward svc/NAME LOCAL:PORT -n NS` as a process the extension owns
// (src/forwards/portForwards.ts): it shows under its service in the tree, counts in the status bar,
// and stops from its row. A local port that is taken is refused before kubectl runs.
import * as vscode from 'vscode';
import type { Inventory } from '../qbo/inventory';
import type { Service } from '../qbo/messages';
import { portForwardArgs } from '../kube/kubectl';
import { createTemporaryKubeconfig } from '../kube/kubeconfigFiles';
import { forwardedUrl, isPort } from '../kube/serviceUrl';
import { ForwardCancelled, ForwardEnded } from '../forwards/portForwards';
import { ForwardPortTaken, type ForwardList } from '../forwards/forwardList';
import { forwardName } from '../forwards/forwardText';
import { clusterOf, findKubectl, pickEntity, reportNoKubectl } from './support/kubectl';
import { fetchKubeconfig } from './support/kubeconfig';
import { podRef } from './support/podContainer';
import { readyProfile } from './support/session';
import { freeLocalPort, portIsFree, servicePortEntries } from './support/service';
import { Cancelled } from './support/boundary';
import type { QboCommand } from './types';
import { progressText, safeName, safePickItem } from '../ui/safeText';

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

/** Why `port` cannot be forwarded from, or undefined when it can: one of ours already, or something else listens. */
async function localPortProblem(port: number, list: ForwardList): Promise<string | undefined> {
  const ours = list.byLocalPort(port);
  if (ours) return vscode.l10n.t('localhost:{0} is already forwarded to {1}.', port, safeName(forwardName(ours)));
  if (!(await portIsFree(port))) return vscode.l10n.t('localhost:{0} is in use by another program.', port);
  return undefined;
}

async function askLocalPort(servicePort: number, title: string, list: ForwardList): Promise<number | undefined> {
  const suggested = await freeLocalPort(servicePort, (port) => list.byLocalPort(port) !== undefined);
  const text = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Local port to forward to port {0} of the service', servicePort),
    value: String(suggested),
    validateInput: async (value) =>
      /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535
        ? await localPortProblem(Number(value), list)
        : vscode.l10n.t('A port from 1 to 65535'),
  });
  return text === undefined ? undefined : Number(text);
}

/** The row a forward shows under: the port entry of the forwarded port (a service with two ports is two rows), else the one invoked on. */
function serviceRowKey(inventory: Inventory, service: Service, servicePort: number, invokedKey: string): string {
  if (!service.cluster) return invokedKey;
  const entry = inventory
    .inCluster(service.cluster, 'services')
    .find(
      ([, candidate]) =>
        candidate.name === service.name &&
        (candidate.namespace ?? '') === (service.namespace ?? '') &&
        candidate.port_number === servicePort,
    );
  return entry?.[0] ?? invokedKey;
}

export const portForwardService: QboCommand = {
  id: 'qbo.portForwardService',
  async run(context, ...args) {
    const title = vscode.l10n.t('Port Forward');
    const picked = await pickEntity(context, 'service', args, title);
    const service = picked.entity as Service;
    const options = forwardOptions(args[1]);
    const entries = servicePortEntries(picked.profile.inventory, service);
    const servicePort = await askServicePort(entries, title, options.port);
    if (servicePort === undefined) {
      if (options.port !== undefined) throw new Error(vscode.l10n.t('qbo: {0} has no TCP port {1}.', service.name ?? '', options.port));
      throw new Cancelled();
    }
    const list = context.forwards.list;
    const localPort = options.localPort ?? (await askLocalPort(servicePort, title, list));
    if (localPort === undefined) throw new Cancelled();
    // Said before kubectl runs (and before a kubeconfig is fetched): kubectl's own message comes later and less clearly.
    const problem = await localPortProblem(localPort, list);
    if (problem) throw new Error(`qbo: ${problem}`);
    const kubectl = await findKubectl();
    if (!kubectl.path) {
      reportNoKubectl(context);
      throw new Cancelled();
    }
    const { session, inventory } = await readyProfile(picked.profile);
    const cluster = clusterOf(inventory, picked.entity);
    if (!cluster) throw new Error(vscode.l10n.t('qbo: the cluster of {0} is not known.', service.name ?? picked.key));
    const kubectlArgs = portForwardArgs(podRef(picked.entity), localPort, servicePort);
    const checked = await fetchKubeconfig(session, cluster);
    const kubeconfig = await createTemporaryKubeconfig(checked, 'qbo-forward-');
    const url = forwardedUrl(localPort, servicePort);
    const request = {
      forward: {
        profile: picked.profile.name,
        cluster: cluster.name ?? cluster.key,
        serviceKey: serviceRowKey(inventory, service, servicePort, picked.key),
        service: service.name ?? picked.key,
        namespace: service.namespace ?? 'default',
        localPort,
        remotePort: servicePort,
        url,
      },
      kubectl: kubectl.path,
      args: kubectlArgs,
      kubeconfig,
    };
    context.output.info(`kubectl ${kubectlArgs.join(' ')} (cluster ${request.forward.cluster})`);
    try {
      const forward = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: progressText(vscode.l10n.t('Forwarding localhost:{0} to {1}:{2}…', localPort, request.forward.service, servicePort)),
          cancellable: true,
        },
        (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return context.forwards.start(request, abort.signal);
        },
      );
      const row = context.model.forwardElement(forward.profile, forward.serviceKey, forward.localPort);
      if (row && context.treeView.visible)
        await Promise.resolve(context.treeView.reveal(row, { select: false, focus: false })).catch(() => undefined);
      return {
        url,
        localPort,
        remotePort: servicePort,
        args: kubectlArgs,
        kubeconfig: kubeconfig.file,
        kubectl: kubectl.path,
        pid: forward.pid,
      };
    } catch (error) {
      if (error instanceof ForwardCancelled) throw new Cancelled();
      // The boundary's notification makes the server's and kubectl's text in these safe to show (src/ui/notifications.ts).
      if (error instanceof ForwardPortTaken)
        throw new Error(`qbo: ${vscode.l10n.t('localhost:{0} is already forwarded to {1}.', localPort, forwardName(error.existing))}`);
      if (error instanceof ForwardEnded)
        throw new Error(vscode.l10n.t('qbo: kubectl port-forward to {0} ended: {1}', request.forward.service, error.message));
      throw error;
    }
  },
};
