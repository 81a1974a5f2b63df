/**
 * The model-name check admits every real id shape the providers document and refuses the
 * rest with a 400 naming `model` that says what is allowed; the bounded echo makes any client
 * string fit for a header or a log line.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { boundClientString } from '../../src/canonical/client-string.js'
import { checkModelName, MAX_MODEL_NAME_LENGTH } from '../../src/canonical/model-name.js'
import { GatewayError } from '../../src/errors/gateway-error.js'
import { Writable } from 'node:stream'
import { createLogger } from '../../src/logging/logger.js'
import { logRequest } from '../../src/logging/request-log.js'

/** Real ids, from the providers' documentation (each shape at least once). */
const REAL_IDS = [
  'gpt-4o-mini',
  'gpt-4o-mini-2024-07-18',
  'o3',
  'ft:gpt-4o-mini:org::id',
  'ft:gpt-3.5-turbo-0125:my-org:custom_suffix:9abcDEF',
  'accounts/fireworks/models/llama-v3p1-8b-instruct',
  'accounts/fireworks/models/mixtral-8x7b#accounts/alice/deployments/12345678',
  'us.anthropic.claude-3-5-sonnet-20241022-v2:0',
  'anthropic.claude-3-5-sonnet-20241022-v2:0',
  'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0',
  'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0',
  'Qwen/Qwen2.5-7B-Instruct',
  'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo',
  'deepseek-ai/DeepSeek-R1:novita',
  'gemini-1.5-pro-002',
  'models/gemini-2.0-flash',
  'tunedModels/my-tuned-model-abc123',
  'llama3.1:8b',
  'qwen2.5:7b-instruct-q4_K_M',
  'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M',
  '@cf/meta/llama-3-8b-instruct',
  '@hf/thebloke/deepseek-coder-6.7b-instruct-awq',
  'claude-sonnet-4-5@20250929',
  'claude-3-5-sonnet-v2@20241022',
  'openai/gpt-5.2:nitro',
  '~anthropic/claude-haiku-latest',
  'mistral-large-latest',
  'my_azure_deployment.v2',
]

function refused(value: unknown): GatewayError {
  try {
    checkModelName(value)
  } catch (err) {
    assert.ok(err instanceof GatewayError, String(err))
    assert.equal(err.status, 400)
    assert.equal(err.detail.param, 'model')
    return err
  }
  assert.fail(`accepted ${JSON.stringify(value).slice(0, 80)}`)
}

describe('checkModelName', () => {
  it('admits every real id shape, with and without a provider prefix', () => {
    for (const id of REAL_IDS) {
      assert.equal(checkModelName(id), id)
      assert.equal(checkModelName(`provider/${id}`), `provider/${id}`)
    }
    assert.equal(checkModelName('a'.repeat(MAX_MODEL_NAME_LENGTH)).length, MAX_MODEL_NAME_LENGTH)
  })

  it('refuses hostile names with a message that says what is allowed and echoes none of it', () => {
    const cases: [unknown, RegExp][] = [
      ['mockp/模型', /U\+6A21 at position 7/],
      ['mockp/a\r\nX: 1', /U\+000D at position 8/],
      ['gem/x?key=1&y=', /'\?' at position 6/],
      ['a b', /U\+0020 at position 2/],
      ['x%2e%2e', /'%' at position 2/],
      ['tab\there', /U\+0009/],
      ['nul\u0000', /U\+0000/],
      ['quote"', /'"'/],
      ['lone\ud800', /U\+D800/],
      ['', /is empty/],
      [`up/${'x'.repeat(3_500_000)}`, /is 3500003 characters long/],
      [42, /must be a string/],
      [null, /must be a string/],
    ]
    for (const [value, message] of cases) {
      const err = refused(value)
      assert.match(err.message, message)
      if (typeof value === 'string' && value !== '') assert.match(err.message, /1 to 512 characters: letters A-Z a-z, digits and \. _ - \/ : @ # ~ \+/)
      assert.ok(err.message.length < 300, 'the refused string is not echoed')
    }
  })

  it('names another parameter when asked to', () => {
    assert.throws(() => checkModelName('a b', 'id'), (err: unknown) => err instanceof GatewayError && err.detail.param === 'id' && /'id' contains/.test(err.message))
  })
})

describe('boundClientString', () => {
  it('keeps a real id as it is', () => {
    for (const id of REAL_IDS) assert.equal(boundClientString(id), id)
  })

  it('percent-encodes what could split a header or forge a log line, and % itself', () => {
    assert.equal(boundClientString('fake/a\r\nX: 1'), 'fake/a%0D%0AX:%201')
    assert.equal(boundClientString('mockp/模型'), 'mockp/%E6%A8%A1%E5%9E%8B')
    assert.equal(boundClientString('x\ud800y%'), 'x%EF%BF%BDy%25')
    assert.equal(boundClientString('a\u007f\u0000'), 'a%7F%00')
  })

  it('cuts a long string, says how much was left out, and never exceeds the bound or splits an escape', () => {
    const out = boundClientString(`up/${'x'.repeat(3_500_000)}`)
    assert.equal(out.length, 256)
    assert.match(out, /^up\/x+\.\.\.\(\+3499\d{3} chars\)$/)
    for (const max of [16, 40, 100]) {
      const cut = boundClientString('é'.repeat(300), max)
      assert.ok(cut.length <= max, `${cut.length} > ${max}`)
      assert.match(cut, /^(%C3%A9)*\.\.\.\(\+\d+ chars\)$/)
    }
    assert.ok(/^[\x20-\x7e]*$/.test(boundClientString('\r\n'.repeat(1000))), 'printable ASCII only')
  })

  it('the request log line echoes a client-named deployment only bounded', () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    const logger = createLogger({ destination: sink })
    logRequest(logger, { requestId: 'r', endpoint: '/v1/chat/completions', deployment: `up/${'x'.repeat(3_500_000)}\r\nforged`, status: 200, stream: false, durationMs: 1 }, { route: 'up/*', provider: 'up', model: 'other' })
    logger.flush()
    const line = JSON.parse(lines.join('')) as { deployment: string }
    assert.ok(line.deployment.length <= 256, `${line.deployment.length} characters`)
    assert.ok(lines.join('').length < 2000)
  })
})
