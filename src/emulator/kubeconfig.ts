// `get cluster NAME -k` (docs/PROTOCOL.md §5): a kubeconfig in the shape kind writes, with the
// cluster, context and user named after the cluster and fake (but well-formed base64) PEM data.
// A hostile emulator (hostile.ts) changes the data before it is written.
import { stringify } from 'yaml';
import type { HostilePlan } from './hostile';
import { Random } from './random';
import type { ClusterRecord } from './userWorld';

/** The kubeconfig as data, keys in the order kind writes them (sorted). */
export interface KubeconfigData {
  apiVersion: 'v1';
  clusters: { cluster: Record<string, unknown>; name: string }[];
  contexts: { context: Record<string, unknown>; name: string }[];
  'current-context': string;
  kind: 'Config';
  preferences: Record<string, unknown>;
  users: { name: string; user: Record<string, unknown> }[];
}

function fakePem(random: Random, label: string, bytes: number): string {
  const body = Buffer.from(Array.from({ length: bytes }, () => random.int(256))).toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  return Buffer.from(`-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`).toString('base64');
}

export function kubeconfigData(record: ClusterRecord): KubeconfigData {
  // Seeded by the cluster id: asking twice gives the same credentials, as a real server would.
  const random = new Random(`kubeconfig\u0000${record.wire.id}`);
  const name = record.wire.name;
  const certificateAuthority = fakePem(random, 'CERTIFICATE', 768);
  return {
    apiVersion: 'v1',
    clusters: [{ cluster: { 'certificate-authority-data': certificateAuthority, server: `https://${record.wire.address}:6443` }, name }],
    contexts: [{ context: { cluster: name, user: name }, name }],
    'current-context': name,
    kind: 'Config',
    preferences: {},
    users: [
      {
        name,
        user: {
          'client-certificate-data': fakePem(random, 'CERTIFICATE', 800),
          'client-key-data': fakePem(random, 'RSA PRIVATE KEY', 1190),
        },
      },
    ],
  };
}

/** The kubeconfig text of a cluster, as kind lays it out (lists not indented, no line folding); a hostile plan may change it. */
export function kubeconfigFor(record: ClusterRecord, hostile?: HostilePlan): string {
  const data = kubeconfigData(record);
  hostile?.kubeconfig(record.wire.name, data);
  return stringify(data, { indentSeq: false, lineWidth: 0 });
}
