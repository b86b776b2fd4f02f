import * as assert from 'node:assert/strict';
import { commandFrameSchema, commandSchemas } from '../../../src/qbo/frames';
import { SPEC_EXAMPLE_COMMANDS } from '../../support/fixtures';

describe('command frame schemas', () => {
  it('accept every example command of the AsyncAPI document under its own verb only', () => {
    const uuid = '66fac858-a271-49cf-bad0-fdd9ff0b4787';
    for (const cmd of SPEC_EXAMPLE_COMMANDS) {
      assert.ok(commandFrameSchema.safeParse({ cmd, uuid }).success, cmd);
      const verb = cmd.split(' ')[0] as keyof typeof commandSchemas;
      for (const [name, schema] of Object.entries(commandSchemas))
        assert.equal(schema.safeParse({ cmd, uuid }).success, name === verb, `${name} ~ ${cmd}`);
    }
    assert.ok(commandSchemas.delete.safeParse({ cmd: 'del clusters -A', uuid }).success);
    assert.ok(!commandFrameSchema.safeParse({ cmd: '', uuid }).success);
    assert.ok(!commandFrameSchema.safeParse({ cmd: 'version' }).success);
  });
});
