import * as assert from 'node:assert/strict';
import { compareNewestFirst, imageReference, imagesNewestFirst, tagVersion } from '../../../src/commands/imageChoices';
import type { Image } from '../../../src/qbo/messages';

/** A documented image object (docs/PROTOCOL.md §7). */
const documented = (tag: string): Image => ({
  name: `hub.docker.com/kindest/node:${tag}`,
  registry: 'hub.docker.com',
  user: 'kindest',
  repository: '',
  image: 'node',
  tag,
});

describe('Add Cluster image order', () => {
  it('puts the newest Kubernetes version first, comparing numbers, not text', () => {
    const tags = ['v1.18.20', 'v1.27.2', 'v1.9.11', 'v1.26.4', 'v1.27.1', 'v1.20.15'];
    assert.deepEqual(
      imagesNewestFirst(tags.map(documented)).map((reference) => reference.split(':')[1]),
      ['v1.27.2', 'v1.27.1', 'v1.26.4', 'v1.20.15', 'v1.18.20', 'v1.9.11'],
    );
  });

  it('orders 25 kindest/node tags however they arrive', () => {
    const minors = Array.from({ length: 25 }, (_, i) => `v1.${18 + Math.floor(i / 3)}.${i % 3}`);
    // 7 is coprime to 25: a fixed permutation of all 25.
    const shuffled = minors.map((_, i) => minors[(i * 7) % 25] as string);
    const ordered = imagesNewestFirst(shuffled.map(documented));
    assert.equal(ordered.length, 25);
    for (let i = 1; i < ordered.length; i++)
      assert.ok(compareNewestFirst(tagVersion(ordered[i - 1]?.split(':')[1]), tagVersion(ordered[i]?.split(':')[1])) < 0, ordered.join());
  });

  it('uses the tag inside the name when the object has no tag field, and composes a name from the parts', () => {
    assert.deepEqual(imagesNewestFirst([{ name: 'kindest/node:v1.25.3' }, { name: 'localhost:5000/kindest/node:v1.26.0' }]), [
      'localhost:5000/kindest/node:v1.26.0',
      'kindest/node:v1.25.3',
    ]);
    assert.equal(
      imageReference({ registry: 'hub.docker.com', user: 'kindest', repository: '', image: 'node', tag: 'v1.27.2' }),
      'hub.docker.com/kindest/node:v1.27.2',
    );
    assert.equal(imageReference({ registry: 'hub.docker.com' }), undefined);
  });

  it('sorts a release above its pre-releases and unversioned tags last', () => {
    assert.deepEqual(imagesNewestFirst([{ name: 'n:latest' }, { name: 'n:v1.28.0-rc.1' }, { name: 'n:v1.28.0' }, { name: 'n:v1.27.9' }]), [
      'n:v1.28.0',
      'n:v1.28.0-rc.1',
      'n:v1.27.9',
      'n:latest',
    ]);
  });

  it('drops duplicates and references the command grammar would refuse', () => {
    assert.deepEqual(imagesNewestFirst([documented('v1.27.2'), documented('v1.27.2'), { name: '-A' }, { name: 'a b:v1' }, {}]), [
      'hub.docker.com/kindest/node:v1.27.2',
    ]);
  });
});
