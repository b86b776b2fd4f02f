// Deterministic randomness for world generation: the same seed gives the same world, so
// fixtures and benchmarks are reproducible, while different users get different ids.
import { createHash } from 'node:crypto';

const HEX = '0123456789abcdef';
/** Kubernetes' suffix alphabet (no vowels, no look-alikes). */
const K8S_SUFFIX = 'bcdfghjklmnpqrstvwxz2456789';

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    // sfc32 seeded from a SHA-256 of the seed text: fast, and well spread for any seed.
    const digest = createHash('sha256').update(seed).digest();
    this.a = digest.readUInt32LE(0);
    this.b = digest.readUInt32LE(4);
    this.c = digest.readUInt32LE(8);
    this.d = digest.readUInt32LE(12);
  }

  /** A float in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  private chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.chars(HEX, length);
  }

  /** A version 4 UUID. */
  uuid(): string {
    const variant = HEX[8 + this.int(4)];
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }

  /** A 64-hex container id, as node ids are (docs/PROTOCOL.md §4). */
  containerId(): string {
    return this.hex(64);
  }

  /** `5d78c9869d`-style ReplicaSet hash or `x7k2p`-style pod suffix. */
  k8sSuffix(length: number): string {
    return this.chars(K8S_SUFFIX, length);
  }
}
