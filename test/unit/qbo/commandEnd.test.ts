import * as assert from 'node:assert/strict';
import { endsCommand } from '../../../src/qbo/client';
import { interpretServerMessage, type ServerMessage } from '../../../src/qbo/messages';

function message(body: Record<string, unknown>): ServerMessage {
  const result = interpretServerMessage({ uuid: 'u', ...body });
  if (!result.ok) throw new Error(result.error.detail);
  return result.message;
}

describe('the command-end rule', () => {
  it('a first reply other than 202/201 is the whole answer', () => {
    assert.equal(endsCommand(message({ code: 200, command: 'CMD_GET', clusters: [] }), true, false), true);
    assert.equal(endsCommand(message({ clusters: [] }), true, false), true, 'no code at all reads as 200');
  });

  it('202 or 201 first opens a lifecycle that only CMD_DONE or an error ends', () => {
    assert.equal(endsCommand(message({ code: 202 }), true, false), false);
    assert.equal(endsCommand(message({ code: 201 }), true, false), false);
    assert.equal(endsCommand(message({ code: 200, command: 'CMD_GET', nodes: [] }), false, true), false);
    assert.equal(endsCommand(message({ code: 200, command: 'CMD_DONE' }), false, true), true);
    assert.equal(endsCommand(message({ code: 409, status: 'Conflict' }), false, true), true);
  });

  it('an error code ends a command at any point', () => {
    assert.equal(endsCommand(message({ code: 404 }), true, false), true);
    assert.equal(endsCommand(message({ code: 500 }), false, true), true);
  });
});
