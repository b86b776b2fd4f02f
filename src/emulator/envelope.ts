// Envelope building: the fields every server message carries (docs/PROTOCOL.md §4), status texts and
// the CMD_/SUBCMD_ names of a command.
import type { ParsedCommand } from '../qbo/commandLine';
import type { DataKey } from './handlers';
import { EMULATOR_AGENT } from './types';

export const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const SUBCOMMANDS: Record<DataKey, string> = {
  clusters: 'SUBCMD_CLUSTER',
  networks: 'SUBCMD_NETWORK',
  nodes: 'SUBCMD_NODE',
  pods: 'SUBCMD_POD',
  services: 'SUBCMD_SERVICE',
  ipvs: 'SUBCMD_IPVS',
  users: 'SUBCMD_USER',
  images: 'SUBCMD_IMAGE',
  clients: 'SUBCMD_CLIENT',
  cli: 'SUBCMD_USER',
  version: 'SUBCMD_NONE',
  output: 'SUBCMD_NONE',
};

export function commandNames(command: ParsedCommand): { command: string; subcommand: string } {
  const verb = `CMD_${command.verb.toUpperCase()}`;
  return { command: verb, subcommand: command.verb === 'version' ? 'SUBCMD_NONE' : SUBCOMMANDS[command.kind] };
}

/** The `apicommand` of a command's data messages: the image list is a registry call (observed). */
export function apicommandOf(command: ParsedCommand): string {
  return command.verb === 'get' && command.kind === 'images' ? 'APICMD_REGISTRY_AUTH' : 'APICMD_NONE';
}

/** Integer microseconds since the epoch (observed). */
export function timestampMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/** Who a message goes to: the per-socket part of the envelope. */
export interface EnvelopeIdentity {
  readonly user: string;
  readonly peer: string;
  readonly host: string;
  readonly wsi: string;
}

export interface EnvelopeFields {
  code: number;
  command: string;
  subcommand: string;
  apicommand: string;
  commandId: string;
  commandLine: string;
  threadId: number;
  uuid?: string;
  /** Default: the emulator's own agent; an `input` message names the client that sent the command. */
  agent?: string;
}

export function envelope(to: EnvelopeIdentity, fields: EnvelopeFields): Record<string, unknown> {
  return {
    timestamp: timestampMicros(),
    status: STATUS_TEXT[fields.code] ?? 'Error',
    code: fields.code,
    command_id: fields.commandId,
    command_line: fields.commandLine,
    command: fields.command,
    subcommand: fields.subcommand,
    apicommand: fields.apicommand,
    ...(fields.uuid !== undefined ? { uuid: fields.uuid } : {}),
    user: to.user,
    agent: fields.agent ?? EMULATOR_AGENT,
    peer: to.peer,
    host: to.host,
    source: 'emulator/server.ts',
    wsi: to.wsi,
    thread_id: fields.threadId,
    vhost: 'proxy',
  };
}

/** Splits a list into messages of at most `size` objects. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
