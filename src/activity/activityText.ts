// What the Activity view, the Clusters view's note and the presence line say. Pure, so each text is
// unit-tested without VS Code. Server text goes through displayText (and escapeMarkdown in tooltips).
import * as l10n from '@vscode/l10n';
import type { Client } from '../qbo/messages';
import { escapeMarkdown, stateIcon, type ClusterActivityNote, type IconSpec } from '../explorer/presentation';
import type { ActivityEntry, Cause, NodeChange, OtherCommandEntry, StateEntry, StatePath, Who } from './entries';
import type { OtherAction } from './recentActions';
import { displayText, toastText } from './safeText';

/**
 * "just now", "20 s ago" (in steps of 10 s), "5 min ago", "3 h ago", "2 days ago"; a time in the
 * future reads as "just now". Coarse on purpose: a row showing it refreshes only when it changes.
 */
export function relativeTime(at: number, now: number): string {
  const seconds = Math.floor((now - at) / 1000);
  if (seconds < 10) return l10n.t('just now');
  if (seconds < 60) return l10n.t('{0} s ago', Math.floor(seconds / 10) * 10);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return l10n.t('{0} min ago', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return l10n.t('{0} h ago', hours);
  return l10n.t('{0} days ago', Math.floor(hours / 24));
}

/** When relativeTime(at, ·) next reads differently after `now`: every 10 s for a minute, then on the minute, then on the hour. */
export function nextRelativeChange(at: number, now: number): number {
  const age = Math.max(0, now - at);
  const step = age < 60_000 ? 10_000 : age < 3_600_000 ? 60_000 : 3_600_000;
  return at + (Math.floor(age / step) + 1) * step;
}

/** `2026-11-29 14:05:07 UTC`: exact, and the same for every user and locale. */
export function exactTime(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Who, in a few words: the user, else the client's agent, else its address. */
export function whoShort(who: Who): string {
  const name = who.user || who.agent || who.address;
  return name ? displayText(name, 80) : l10n.t('another client');
}

/** Who, in full: `alex@qbo.io (qbo-cli, 10.0.0.7)`. */
export function whoLong(who: Who): string {
  const details = [who.agent, who.address].filter((part): part is string => !!part).map((part) => displayText(part, 80));
  const user = who.user ? displayText(who.user, 80) : l10n.t('Another client');
  return details.length > 0 ? l10n.t('{0} ({1})', user, details.join(', ')) : user;
}

/** A state for the row: the server's word, `added` before an object existed, `deleted` after it is gone. */
function stateWord(state: string | null, end: 'from' | 'to'): string {
  if (state === null) return end === 'from' ? l10n.t('added') : l10n.t('deleted');
  return displayText(state, 40) || l10n.t('unknown');
}

/** `running → stopped`; a path that came back where it started shows the way (`running → stopping → running`). */
export function pathText(path: StatePath): string {
  const from = stateWord(path.from, 'from');
  const to = stateWord(path.to, 'to');
  if (path.from !== path.to || path.via.length === 0) return `${from} → ${to}`;
  return [from, ...path.via.map((state) => stateWord(state, 'to')), to].join(' → ');
}

function nodeText(node: NodeChange): string {
  return `${stateWord(node.from, 'from')} → ${stateWord(node.to, 'to')}`;
}

/** The row's label of a state entry: the cluster's change, else its nodes'. */
export function stateLabel(entry: StateEntry): string {
  const cluster = displayText(entry.cluster, 80);
  if (entry.change) return l10n.t('{0}: {1}', cluster, pathText(entry.change));
  const count = entry.nodes.length + entry.moreNodes;
  const [first] = entry.nodes;
  if (count === 1 && first) return l10n.t('{0}: node {1} {2}', cluster, displayText(first.name, 80), nodeText(first));
  const shared = first && entry.moreNodes === 0 && entry.nodes.every((node) => node.from === first.from && node.to === first.to);
  return shared && first
    ? l10n.t('{0}: {1} nodes {2}', cluster, count, nodeText(first))
    : l10n.t('{0}: {1} nodes changed state', cluster, count);
}

function causeShort(cause: Cause | undefined): string | undefined {
  if (!cause) return undefined;
  if (cause.actor === 'you') return l10n.t('by you');
  if (cause.actor === 'other' && cause.who) return l10n.t('by {0}', whoShort(cause.who));
  return undefined;
}

function causeLong(cause: Cause | undefined): string {
  if (!cause) return l10n.t('not known (seen in a re-list, or pushed without a command)');
  const line = displayText(cause.line);
  if (cause.actor === 'you') return l10n.t('{0}, run by this client', line);
  if (cause.actor === 'other' && cause.who) return l10n.t('{0}, run by {1}', line, whoLong(cause.who));
  return line;
}

/** `dev: 12 pods changed`. */
export function podsLabel(cluster: string, count: number): string {
  return count === 1
    ? l10n.t('{0}: 1 pod changed', displayText(cluster, 80))
    : l10n.t('{0}: {1} pods changed', displayText(cluster, 80), count);
}

/** `2.1 s`, `45 s`, `3 min 5 s`. */
export function durationText(ms: number): string {
  if (ms < 10_000) return l10n.t('{0} s', (Math.round(ms / 100) / 10).toFixed(1));
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return l10n.t('{0} s', seconds);
  return l10n.t('{0} min {1} s', Math.floor(seconds / 60), seconds % 60);
}

export interface EntryPresentation {
  label: string;
  description: string;
  /** Markdown, server text escaped. */
  tooltip: string;
  icon: IconSpec;
  contextValue: string;
}

function tooltip(title: string, rows: [string, string | undefined][]): string {
  const lines = rows
    .filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '')
    .map(([name, value]) => `| ${escapeMarkdown(name)} | ${escapeMarkdown(value)} |`);
  return [`**${escapeMarkdown(title)}**`, '', '| | |', '|---|---|', ...lines].join('\n');
}

function described(parts: (string | undefined)[]): string {
  return parts.filter((part): part is string => !!part).join(' · ');
}

/** How an entry's row looks at `now`. */
export function entryPresentation(entry: ActivityEntry, now: number): EntryPresentation {
  const when = relativeTime(entry.at, now);
  const exact = exactTime(entry.at);
  switch (entry.kind) {
    case 'other-command': {
      const line = displayText(entry.line);
      const where = [entry.who.agent, entry.who.address].filter((part): part is string => !!part).map((part) => displayText(part, 80));
      return {
        label: l10n.t('{0}: {1}', whoShort(entry.who), line),
        description: described([where.join(', '), when]),
        tooltip: tooltip(l10n.t('Another client ran a command'), [
          [l10n.t('Command'), line],
          [l10n.t('User'), entry.who.user ? displayText(entry.who.user) : undefined],
          [l10n.t('Address'), entry.who.address ? displayText(entry.who.address) : undefined],
          [l10n.t('Client'), entry.who.agent ? displayText(entry.who.agent) : undefined],
          [l10n.t('When'), exact],
        ]),
        icon: { id: entry.action ? 'person' : 'eye' },
        contextValue: 'qbo.activity.otherCommand',
      };
    }
    case 'own-command': {
      const line = displayText(entry.line);
      const outcome =
        entry.outcome === 'running'
          ? l10n.t('running…')
          : entry.outcome === 'done'
            ? l10n.t('done in {0}', durationText(entry.durationMs ?? 0))
            : entry.outcome === 'failed'
              ? l10n.t('failed: {0}', displayText(entry.error ?? l10n.t('unknown error'), 120))
              : l10n.t('outcome not known (the window closed first)');
      return {
        label: l10n.t('You: {0}', line),
        description: described([outcome, when]),
        tooltip: tooltip(l10n.t('This client ran a command'), [
          [l10n.t('Command'), line],
          [l10n.t('Outcome'), outcome],
          [l10n.t('Started'), exactTime(entry.startedAt)],
        ]),
        icon:
          entry.outcome === 'running'
            ? { id: 'sync~spin' }
            : entry.outcome === 'done'
              ? { id: 'check', color: 'charts.green' }
              : entry.outcome === 'failed'
                ? { id: 'error', color: 'charts.red' }
                : { id: 'question' },
        contextValue: `qbo.activity.ownCommand.${entry.outcome}`,
      };
    }
    case 'state': {
      const nodes = entry.nodes.map((node) => `${displayText(node.name, 80)}: ${nodeText(node)}`);
      if (entry.moreNodes > 0) nodes.push(l10n.t('{0} more', entry.moreNodes));
      const to = entry.change ? entry.change.to : entry.nodes[0]?.to;
      return {
        label: stateLabel(entry),
        description: described([causeShort(entry.cause), when]),
        tooltip: tooltip(l10n.t('State change of {0}', displayText(entry.cluster, 80)), [
          [l10n.t('Cluster'), entry.change ? pathText(entry.change) : undefined],
          [l10n.t('Nodes'), nodes.length > 0 ? nodes.join('; ') : undefined],
          [l10n.t('Caused by'), causeLong(entry.cause)],
          [l10n.t('When'), exact],
        ]),
        icon: to === null || to === undefined ? { id: 'trash' } : stateIcon(to, 'server-environment', 'server-environment'),
        contextValue: 'qbo.activity.state',
      };
    }
    case 'pods': {
      const count = entry.added + entry.updated + entry.removed;
      return {
        label: podsLabel(entry.cluster, count),
        description: described([causeShort(entry.cause), when]),
        tooltip: tooltip(l10n.t('Pods of {0}', displayText(entry.cluster, 80)), [
          [l10n.t('Changed'), l10n.t('{0} added, {1} updated, {2} removed', entry.added, entry.updated, entry.removed)],
          [l10n.t('Caused by'), causeLong(entry.cause)],
          [l10n.t('Last change'), exact],
        ]),
        icon: { id: 'symbol-event' },
        contextValue: 'qbo.activity.pods',
      };
    }
    case 'clients': {
      const where = [entry.who.agent, entry.who.address].filter((part): part is string => !!part).map((part) => displayText(part, 80));
      return {
        label:
          entry.change === 'connected' ? l10n.t('{0} connected', whoShort(entry.who)) : l10n.t('{0} disconnected', whoShort(entry.who)),
        description: described([where.join(', '), when]),
        tooltip: tooltip(entry.change === 'connected' ? l10n.t('A client connected') : l10n.t('A client disconnected'), [
          [l10n.t('User'), entry.who.user ? displayText(entry.who.user) : undefined],
          [l10n.t('Address'), entry.who.address ? displayText(entry.who.address) : undefined],
          [l10n.t('Client'), entry.who.agent ? displayText(entry.who.agent) : undefined],
          [l10n.t('When'), exact],
        ]),
        icon: entry.change === 'connected' ? { id: 'plug' } : { id: 'debug-disconnect' },
        contextValue: `qbo.activity.client.${entry.change}`,
      };
    }
  }
}

/** The kinds as the filter names them. */
export function kindLabel(kind: ActivityEntry['kind']): string {
  switch (kind) {
    case 'other-command':
      return l10n.t("Other clients' commands");
    case 'own-command':
      return l10n.t('Your commands');
    case 'state':
      return l10n.t('Cluster and node states');
    case 'pods':
      return l10n.t('Pod changes');
    case 'clients':
      return l10n.t('Clients connecting and leaving');
  }
}

// -- presence ----------------------------------------------------------------------------------

/**
 * The clients of the mirror other than this one: the one whose `wsi` the server writes into the
 * envelopes it sends us is ours (docs/DECISIONS.md, "Activity"). Without that, none is left out.
 */
export function otherClients(clients: readonly Client[], ownWsi: string | undefined): Client[] {
  if (ownWsi === undefined) return [...clients];
  return clients.filter((client) => client.wsi !== ownWsi);
}

/** A client in a few words: `alex@qbo.io (qbo-cli)`. */
export function clientShort(client: Client): string {
  const user = client.user ? displayText(client.user, 60) : undefined;
  const agent = client.agent ? displayText(client.agent, 40) : undefined;
  if (user && agent) return l10n.t('{0} ({1})', user, agent);
  return user ?? agent ?? (client.address ? displayText(client.address, 60) : l10n.t('unknown client'));
}

/** `2 other clients: alex@qbo.io (qbo-cli), sam@qbo.io (qbo-explorer)`; `no other clients`; undefined before the server listed them. */
export function presenceText(others: readonly Client[] | undefined): string | undefined {
  if (others === undefined) return undefined;
  if (others.length === 0) return l10n.t('no other clients');
  const names = [...new Set(others.map(clientShort))];
  const shown = names.slice(0, 2).join(', ');
  const rest = names.length > 2 ? l10n.t('{0}, +{1}', shown, names.length - 2) : shown;
  return others.length === 1 ? l10n.t('1 other client: {0}', rest) : l10n.t('{0} other clients: {1}', others.length, rest);
}

/** Several profiles: `3 other clients` in all, or undefined while no profile's server listed them. */
export function presenceTotal(total: number | undefined): string | undefined {
  if (total === undefined) return undefined;
  return total === 0 ? l10n.t('no other clients') : total === 1 ? l10n.t('1 other client') : l10n.t('{0} other clients', total);
}

// -- another client's action, as the Clusters view and the guard say it ------------------------

/** `alex@qbo.io stopped it 20 s ago` (subject `it`), or `… stopped dev 20 s ago` (subject a cluster name). */
export function actionText(action: OtherAction, who: string, subject: { name: string } | 'it', now: number): string {
  const ago = relativeTime(action.at, now);
  if (action.all) {
    const allNodes = action.on === 'nodes';
    switch (action.verb) {
      case 'start':
        return allNodes ? l10n.t('{0} started all nodes {1}', who, ago) : l10n.t('{0} started all clusters {1}', who, ago);
      case 'stop':
        return allNodes ? l10n.t('{0} stopped all nodes {1}', who, ago) : l10n.t('{0} stopped all clusters {1}', who, ago);
      default:
        return allNodes ? l10n.t('{0} deleted all nodes {1}', who, ago) : l10n.t('{0} deleted all clusters {1}', who, ago);
    }
  }
  if (subject === 'it') {
    if (action.on === 'nodes') {
      switch (action.verb) {
        case 'start':
          return l10n.t('{0} started nodes of it {1}', who, ago);
        case 'stop':
          return l10n.t('{0} stopped nodes of it {1}', who, ago);
        case 'add':
          return l10n.t('{0} added nodes to it {1}', who, ago);
        case 'delete':
          return l10n.t('{0} deleted nodes of it {1}', who, ago);
      }
    }
    switch (action.verb) {
      case 'start':
        return l10n.t('{0} started it {1}', who, ago);
      case 'stop':
        return l10n.t('{0} stopped it {1}', who, ago);
      case 'add':
        return l10n.t('{0} added it {1}', who, ago);
      case 'delete':
        return l10n.t('{0} deleted it {1}', who, ago);
    }
  }
  const name = displayText(subject.name, 80);
  if (action.on === 'nodes') {
    switch (action.verb) {
      case 'start':
        return l10n.t('{0} started nodes of {1} {2}', who, name, ago);
      case 'stop':
        return l10n.t('{0} stopped nodes of {1} {2}', who, name, ago);
      case 'add':
        return l10n.t('{0} added nodes to {1} {2}', who, name, ago);
      case 'delete':
        return l10n.t('{0} deleted nodes of {1} {2}', who, name, ago);
    }
  }
  switch (action.verb) {
    case 'start':
      return l10n.t('{0} started {1} {2}', who, name, ago);
    case 'stop':
      return l10n.t('{0} stopped {1} {2}', who, name, ago);
    case 'add':
      return l10n.t('{0} added {1} {2}', who, name, ago);
    case 'delete':
      return l10n.t('{0} deleted {1} {2}', who, name, ago);
  }
}

export function clusterNote(action: OtherAction, now: number): ClusterActivityNote {
  return {
    summary: actionText(action, whoShort(action.who), 'it', now),
    detail: l10n.t('{0} ({1}, {2})', actionText(action, whoLong(action.who), 'it', now), displayText(action.line), exactTime(action.at)),
  };
}

/**
 * The notification for another client's command when the user asked for them
 * (`qbo.activity.notify: "others"`): only for a start, stop, add or delete; server text made inert.
 */
export function otherCommandToast(entry: OtherCommandEntry, profile: string, profiles: number): string | undefined {
  if (!entry.action) return undefined;
  const who = toastText(whoLong(entry.who), 120);
  const line = toastText(entry.line, 160);
  return profiles > 1 ? l10n.t('qbo ({0}): {1} ran {2}', toastText(profile, 60), who, line) : l10n.t('qbo: {0} ran {1}', who, line);
}
