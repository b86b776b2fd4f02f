// The port forwards running now: what the tree shows under each service, what the status bar
// counts and what Stop acts on. A forward is known by its local port (one process listens on a
// port at a time). Pure: the processes behind the entries live in portForwards.ts.
import { Emitter, type Event } from '../qbo/events';

export type ForwardState = 'starting' | 'running';

export interface Forward {
  /** The connected profile whose cluster it reaches. */
  readonly profile: string;
  /** The cluster's name, for texts. */
  readonly cluster: string;
  /** The inventory key of the service row it is shown under (the entry of the forwarded port). */
  readonly serviceKey: string;
  readonly service: string;
  readonly namespace: string;
  readonly localPort: number;
  /** The service port forwarded to. */
  readonly remotePort: number;
  /** `http://localhost:8080/` (`https` for 443 and 8443). */
  readonly url: string;
  /** Starting until kubectl says it listens. */
  readonly state: ForwardState;
  /** kubectl's process id, once started. */
  readonly pid: number | undefined;
}

export type NewForward = Omit<Forward, 'state' | 'pid'>;

export class ForwardPortTaken extends Error {
  override readonly name = 'ForwardPortTaken';
  constructor(readonly existing: Forward) {
    super(`local port ${existing.localPort} is already forwarded to ${existing.service}`);
  }
}

/** What the tree reads. */
export interface ForwardSource {
  /** The forwards shown under a service row, by local port. */
  under(profile: string, serviceKey: string): readonly Forward[];
  byLocalPort(localPort: number): Forward | undefined;
  /** Fires with the forwards added, changed or removed (their service rows change). */
  readonly onDidChange: Event<readonly Forward[]>;
}

function byPort(a: Forward, b: Forward): number {
  return a.localPort - b.localPort;
}

export class ForwardList implements ForwardSource {
  private readonly forwards = new Map<number, Forward>();
  private readonly changeEmitter = new Emitter<readonly Forward[]>();
  readonly onDidChange = this.changeEmitter.event;

  get size(): number {
    return this.forwards.size;
  }

  /** Every forward, by local port. */
  all(): Forward[] {
    return [...this.forwards.values()].sort(byPort);
  }

  byLocalPort(localPort: number): Forward | undefined {
    return this.forwards.get(localPort);
  }

  under(profile: string, serviceKey: string): Forward[] {
    return this.all().filter((forward) => forward.profile === profile && forward.serviceKey === serviceKey);
  }

  ofProfile(profile: string): Forward[] {
    return this.all().filter((forward) => forward.profile === profile);
  }

  /** A forward that is starting; throws ForwardPortTaken when its local port is forwarded already. */
  add(forward: NewForward): Forward {
    const existing = this.forwards.get(forward.localPort);
    if (existing) throw new ForwardPortTaken(existing);
    const added: Forward = { ...forward, state: 'starting', pid: undefined };
    this.forwards.set(added.localPort, added);
    this.changeEmitter.fire([added]);
    return added;
  }

  /** Records kubectl's process id. */
  setPid(localPort: number, pid: number | undefined): void {
    this.update(localPort, (forward) => (forward.pid === pid ? forward : { ...forward, pid }));
  }

  /** kubectl listens: the forward is running. */
  setRunning(localPort: number): void {
    this.update(localPort, (forward) => (forward.state === 'running' ? forward : { ...forward, state: 'running' }));
  }

  /** The forward is gone (stopped, or its process ended); returns what it was. */
  remove(localPort: number): Forward | undefined {
    const forward = this.forwards.get(localPort);
    if (!forward) return undefined;
    this.forwards.delete(localPort);
    this.changeEmitter.fire([forward]);
    return forward;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }

  private update(localPort: number, change: (forward: Forward) => Forward): void {
    const forward = this.forwards.get(localPort);
    if (!forward) return;
    const next = change(forward);
    if (next === forward) return;
    this.forwards.set(localPort, next);
    this.changeEmitter.fire([next]);
  }
}
