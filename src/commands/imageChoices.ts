// The Add Cluster image picker's list: the documented image objects (`name, registry, user,
// repository, image, tag`, docs/PROTOCOL.md §7) as references, newest Kubernetes version first.
// Pure, so it is unit-tested without VS Code.
import { imageProblem } from '../qbo/commandLine';
import type { Image } from '../qbo/messages';

/** The reference to pass to `add cluster -i`: `name` when the server gives one, else composed from the parts. */
export function imageReference(image: Image): string | undefined {
  if (image.name) return image.name;
  if (!image.image) return undefined;
  const path = [image.registry, image.user, image.repository, image.image].filter((part) => part !== undefined && part !== '').join('/');
  return image.tag ? `${path}:${image.tag}` : path;
}

/** The tag of a reference (`…/node:v1.27.2` → `v1.27.2`), ignoring a `host:port` registry and a digest. */
function tagOf(reference: string): string | undefined {
  const withoutDigest = reference.split('@')[0] ?? reference;
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon >= 0 ? lastSegment.slice(colon + 1) : undefined;
}

interface TagVersion {
  numbers: number[];
  /** Text after the numbers (`-rc.1`): a pre-release sorts below the release. */
  suffix: string;
}

/** `v1.27.2` → [1, 27, 2]; undefined when the tag does not start with a version. */
export function tagVersion(tag: string | undefined): TagVersion | undefined {
  const match = tag === undefined ? null : /^v?(\d+(?:\.\d+)*)(.*)$/.exec(tag);
  if (!match) return undefined;
  return { numbers: (match[1] as string).split('.').map(Number), suffix: match[2] ?? '' };
}

/** Newer first: higher numbers, then a release before its pre-releases; versioned tags before others. */
export function compareNewestFirst(a: TagVersion | undefined, b: TagVersion | undefined): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  const length = Math.max(a.numbers.length, b.numbers.length);
  for (let i = 0; i < length; i++) {
    const difference = (b.numbers[i] ?? 0) - (a.numbers[i] ?? 0);
    if (difference !== 0) return difference;
  }
  if (a.suffix === b.suffix) return 0;
  if (a.suffix === '') return -1;
  if (b.suffix === '') return 1;
  return b.suffix.localeCompare(a.suffix, 'en', { numeric: true });
}

/** Valid, distinct image references, newest Kubernetes version first (ties by reference). */
export function imagesNewestFirst(images: readonly Image[]): string[] {
  const byReference = new Map<string, TagVersion | undefined>();
  for (const image of images) {
    const reference = imageReference(image);
    if (reference === undefined || imageProblem(reference) !== undefined || byReference.has(reference)) continue;
    byReference.set(reference, tagVersion(image.tag ?? tagOf(reference)));
  }
  return [...byReference.entries()]
    .sort(([nameA, a], [nameB, b]) => compareNewestFirst(a, b) || nameA.localeCompare(nameB, 'en'))
    .map(([reference]) => reference);
}
