import * as assert from 'node:assert/strict';
import { addressOf, AddressingError, clusterRefs, type AddressBook, type Addressable } from '../../../src/qbo/addressing';

function book(clusters: Addressable[], nodes: Addressable[] = []): AddressBook {
  return { all: (kind) => (kind === 'clusters' ? clusters : nodes) };
}

describe('addressing clusters and nodes', () => {
  const dev = { name: 'dev', id: 'aaaaaaaa-0000-4000-8000-000000000001' };
  const devToo = { name: 'dev', id: 'bbbbbbbb-0000-4000-8000-000000000002' };
  const deadbeef = { name: 'deadbeef', id: 'cccccccc-0000-4000-8000-000000000003' };
  const unnamed = { name: 'not valid!', id: 'deadbeef-0000-4000-8000-000000000004' };

  it('uses a valid, unique name', () => {
    assert.deepEqual(addressOf(book([dev, deadbeef]), 'clusters', dev), { name: 'dev' });
    assert.deepEqual(addressOf(book([dev, deadbeef]), 'clusters', deadbeef), { name: 'deadbeef' });
  });

  it('uses the full id for a name that is shared or not valid', () => {
    assert.deepEqual(addressOf(book([dev, devToo]), 'clusters', devToo), { id: devToo.id });
    assert.deepEqual(addressOf(book([deadbeef, unnamed]), 'clusters', unnamed), { id: unnamed.id });
  });

  it('refuses when neither the name nor the id can stand for the object', () => {
    assert.throws(() => addressOf(book([{ name: 'a b' }]), 'clusters', { name: 'a b' }), AddressingError);
    const shadowed = { name: 'x y', id: 'dddddddd-0000-4000-8000-000000000005' };
    assert.throws(() => addressOf(book([shadowed, { name: shadowed.id }]), 'clusters', shadowed), AddressingError);
  });

  it('counts names within the kind only: a node may share a cluster’s name', () => {
    assert.deepEqual(addressOf(book([dev], [{ name: 'dev', id: 'e'.repeat(64) }]), 'nodes', { name: 'dev', id: 'e'.repeat(64) }), {
      name: 'dev',
    });
  });

  it('gives the re-list a reference for every cluster of each name, or none when one cannot be named', () => {
    assert.deepEqual(clusterRefs(['dev'], book([dev, devToo, deadbeef])), [{ id: dev.id }, { id: devToo.id }]);
    assert.deepEqual(clusterRefs(['deadbeef', 'qa'], book([dev, deadbeef])), [{ name: 'deadbeef' }, { name: 'qa' }]);
    assert.equal(clusterRefs(['not valid!'], book([])), undefined);
    assert.equal(clusterRefs(['a b'], book([{ name: 'a b' }])), undefined);
  });
});
