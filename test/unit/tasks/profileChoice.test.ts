import * as assert from 'node:assert/strict';
import { chooseProfile, type ProfileClusters } from '../../../src/tasks/profileChoice';

function profile(name: string, ...clusters: string[]): ProfileClusters {
  return { name, has: (cluster) => clusters.includes(cluster) };
}

function chosen(result: ReturnType<typeof chooseProfile>): string {
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.profile.name;
}

function refused(result: ReturnType<typeof chooseProfile>): string {
  assert.ok(!result.ok, 'a profile was chosen');
  return result.message;
}

describe('which profile a qbo task acts on', () => {
  const cloud = profile('cloud', 'dev', 'prod');
  const local = profile('local', 'dev', 'qa');

  it('takes the only connected profile, whatever it holds', () => {
    assert.equal(chosen(chooseProfile([cloud], ['nothing-here'], undefined)), 'cloud');
  });

  it('with several, takes the one profile holding every named cluster', () => {
    assert.equal(chosen(chooseProfile([cloud, local], ['prod'], undefined)), 'cloud');
    assert.equal(chosen(chooseProfile([cloud, local], ['qa'], undefined)), 'local');
    assert.equal(chosen(chooseProfile([cloud, local], ['dev', 'qa'], undefined)), 'local');
  });

  it('refuses to guess when the name is in several profiles, or in none', () => {
    assert.equal(
      refused(chooseProfile([cloud, local], ['dev'], undefined)),
      'dev is in several connected profiles ("cloud", "local"): name one with "profile"',
    );
    assert.equal(
      refused(chooseProfile([cloud, local], ['prod', 'qa'], undefined)),
      'no connected profile ("cloud", "local") holds prod, qa: name one with "profile"',
    );
    assert.match(
      refused(chooseProfile([cloud, local], ['new'], undefined, true)),
      /several qbo profiles are connected \("cloud", "local"\)/,
    );
  });

  it('takes a named profile only when it is connected', () => {
    assert.equal(chosen(chooseProfile([cloud, local], ['dev'], 'local')), 'local');
    assert.equal(chosen(chooseProfile([cloud, local], ['new'], 'cloud', true)), 'cloud');
    assert.equal(refused(chooseProfile([cloud], ['dev'], 'local')), 'the qbo profile "local" is not connected (connected: "cloud")');
    assert.match(refused(chooseProfile([], ['dev'], 'local')), /"local" is not connected \(none is\)/);
  });

  it('says so when nothing is connected', () => {
    assert.equal(refused(chooseProfile([], ['dev'], undefined)), 'not signed in to qbo: no profile is connected');
  });
});
