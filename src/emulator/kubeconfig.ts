// `get cluster NAME -k` (docs/PROTOCOL.md §5): a kubeconfig in the shape kind writes, with the
// cluster, context and user named after the cluster and fake (but well-formed base64) PEM data.
import { Random } from './random';
import type { ClusterRecord } from './userWorld';

function fakePem(random: Random, label: string, bytes: number): string {
  const body = Buffer.from(Array.from({ length: bytes }, () => random.int(256))).toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  return Buffer.from(`-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`).toString('base64');
}

export function kubeconfigFor(record: ClusterRecord): string {
  // Seeded by the cluster id: asking twice gives the same credentials, as a real server would.
  const random = new Random(`kubeconfig\u0000${record.wire.id}`);
  const name = record.wire.name;
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${fakePem(random, 'CERTIFICATE', 768)}`,
    `    server: https://${record.wire.address}:6443`,
    `  name: ${name}`,
    'contexts:',
    '- context:',
    `    cluster: ${name}`,
    `    user: ${name}`,
    `  name: ${name}`,
    `current-context: ${name}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    `- name: ${name}`,
    '  user:',
    `    client-certificate-data: ${fakePem(random, 'CERTIFICATE', 800)}`,
    `    client-key-data: ${fakePem(random, 'RSA PRIVATE KEY', 1190)}`,
    '',
  ].join('\n');
}
