/** `switchyard key new`, run as the built CLI an operator runs. */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { hashKey } from '../../src/config/resolve-access.js'
import { builtCli, startupBoundMs } from '../helpers/built-cli.js'

describe('switchyard key new', () => {
  it('prints a key and the hash entry that admits exactly that key', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [builtCli(), 'key', 'new', '--name', 'team-a'], { timeout: await startupBoundMs() })
    const key = /^\s+(sk-sy-[A-Za-z0-9_-]{43})$/m.exec(stdout)?.[1]
    const hash = /hash: sha256:([0-9a-f]{64})/.exec(stdout)?.[1]
    assert.ok(key !== undefined && hash !== undefined, stdout)
    assert.equal(hashKey(key), hash)
    assert.match(stdout, /- name: team-a\n {4}hash: sha256:/)
  })
})
