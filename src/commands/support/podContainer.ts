// Which container of a pod a shell or log is for: the pod object's own list when a server sends
// one, else kubectl's answer; the user picks when there are several.
import * as vscode from 'vscode';
import { containersOfPod, parseContainerNames, podContainersArgs, terminalName, type PodRef } from '../../kube/kubectl';
import type { CommandContext } from '../types';
import { kubectlOutput, pickEntity, runKubectl, type Kubectl } from './kubectl';
import { safeName, safePickItem } from '../../ui/safeText';

/** Options a caller (another extension, a test) may pass instead of being asked. */
export interface PodActionOptions {
  container?: string;
}

/** The name and namespace of a pod (or service) object, as kubectl addresses it. */
export function podRef(entity: Record<string, unknown>): PodRef {
  return {
    name: typeof entity.name === 'string' ? entity.name : undefined,
    namespace: typeof entity.namespace === 'string' && entity.namespace !== '' ? entity.namespace : undefined,
  };
}

export function podActionOptions(value: unknown): PodActionOptions | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const container = (value as { container?: unknown }).container;
  return typeof container === 'string' ? { container } : {};
}

/**
 * `{ container }` to use (undefined container: let kubectl take the pod's default, which it does
 * when the pod has one container or kubectl cannot tell us); undefined when the user cancelled.
 */
export async function chooseContainer(
  pod: Record<string, unknown>,
  kubectl: Kubectl,
  kubeconfig: string,
  title: string,
): Promise<{ container: string | undefined } | undefined> {
  const ref = podRef(pod);
  const names = containersOfPod(pod) ?? parseContainerNames((await kubectlOutput(kubectl, podContainersArgs(ref), kubeconfig)) ?? '');
  if (names.length <= 1) return { container: undefined };
  const picked = await vscode.window.showQuickPick(
    names.map((name) => ({ ...safePickItem({ label: name }), name })),
    { title, placeHolder: vscode.l10n.t('Container of {0}', safeName(ref.name ?? '')) },
  );
  return picked === undefined ? undefined : { container: picked.name };
}

export interface ContainerAction {
  /** The prompts' title, e.g. "View Logs". */
  title: string;
  /** What the terminal is named after the pod, e.g. "logs". */
  terminalSuffix: string;
  icon: string;
  /** kubectl's arguments for the pod and the picked container. */
  argsFor(pod: PodRef, container: string | undefined): string[];
}

/** An interactive kubectl action on one container of a pod (asked when it has several), in a terminal named after the pod. */
export async function runContainerAction(context: CommandContext, args: unknown[], action: ContainerAction): Promise<unknown> {
  const pod = await pickEntity(context, 'pod', args, action.title);
  const given = podActionOptions(args[1]);
  const ref = podRef(pod.entity);
  return runKubectl(context, {
    profile: pod.profile,
    of: pod.entity,
    terminalName: terminalName(ref.name, action.terminalSuffix),
    icon: action.icon,
    interactive: true,
    args: async (kubectl, kubeconfig) => {
      const choice = given ?? (await chooseContainer(pod.entity, kubectl, kubeconfig, action.title));
      return choice ? action.argsFor(ref, choice.container) : undefined;
    },
  });
}
