/**
 * The server settings added for hardening (CORS, the request-body timeout, upstream limits) and
 * the secure default for the listen address: loopback while the gateway is open.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, it } from 'node:test'
import { describeConfig } from '../../src/config/describe.js'
import { ConfigError, parseConfig } from '../../src/config/load.js'
import { isLoopback } from '../../src/config/loopback.js'
import { warnIfOpen } from '../../src/config/open-warning.js'
import { createLogger } from '../../src/logging/logger.js'
import { startGateway } from '../../src/server.js'

const PROVIDERS = 'providers:\n  fake: { kind: fake, models: [echo-1] }\n'
const KEY_HASH = `sha256:${'a'.repeat(64)}`

function parse(yaml: string, env: Record<string, string> = {}) {
  return parseConfig(`${yaml}\n${PROVIDERS}`, 'routes.yaml', env)
}

function problems(yaml: string): string[] {
  try {
    parse(yaml)
  } catch (err) {
    assert.ok(err instanceof ConfigError)
    return err.message.split('\n')
  }
  assert.fail('expected a ConfigError')
}

/** A logger whose JSON lines are collected. */
function capturedLogger() {
  const stream = new PassThrough()
  const lines: { level: number; msg: string; host?: string }[] = []
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line))
  })
  return { logger: createLogger({ level: 'info', destination: stream }), lines, flushed: () => new Promise((resolve) => setImmediate(resolve)) }
}

describe('server.host: secure by default', () => {
  it('is loopback while the gateway is open, every interface once it needs a key, and as written when given', () => {
    assert.equal(parse('').server.host, '127.0.0.1', 'no master key, no keys')
    assert.equal(parse('server: { master_key: "${MASTER:-}" }').server.host, '127.0.0.1', 'a master key whose variable is unset')
    assert.equal(parse('server: { master_key: "${MASTER}" }', { MASTER: 'a-long-master-key-0123' }).server.host, '0.0.0.0', 'a master key')
    assert.equal(parse(`keys:\n  - { name: app, hash: "${KEY_HASH}" }`).server.host, '0.0.0.0', 'a virtual key')
    assert.equal(parse('server: { host: 0.0.0.0 }').server.host, '0.0.0.0', 'written, open')
    assert.equal(parse('server: { host: "::1", master_key: k-0123456789abcdef }').server.host, '::1', 'written, with a key')
    assert.equal(parse('server: { host: "${HOST_IN_FILE:-}" }').server.host, '127.0.0.1', 'written but empty')
  })

  it('--host / HOST (StartOptions.host) win over the config; the gateway listens where it says', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-host-'))
    const file = path.join(dir, 'routes.yaml')
    writeFileSync(file, PROVIDERS)
    try {
      const byDefault = await startGateway({ config: { file, env: {} }, port: 0 })
      await byDefault.close()
      assert.equal(byDefault.host, '127.0.0.1')
      const given = await startGateway({ config: { file, env: {} }, port: 0, host: 'localhost' })
      await given.close()
      assert.equal(given.host, 'localhost')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('warns through the logger when open on a non-loopback address, and only then', async () => {
    const open = parse('')
    const keyed = parse('server: { master_key: k-0123456789abcdef }')
    const { logger, lines, flushed } = capturedLogger()
    assert.equal(warnIfOpen(logger, open, '127.0.0.1'), false)
    assert.equal(warnIfOpen(logger, open, '::1'), false)
    assert.equal(warnIfOpen(logger, keyed, '0.0.0.0'), false)
    assert.equal(warnIfOpen(logger, open, '0.0.0.0'), true)
    assert.equal(warnIfOpen(logger, open, '192.0.2.10'), true)
    await flushed()
    assert.equal(lines.length, 2)
    for (const line of lines) {
      assert.equal(line.level, 40, 'warn')
      assert.match(line.msg, /no server\.master_key and no keys .* open to anyone who can reach this address/)
    }
    assert.deepStrictEqual(lines.map((l) => l.host), ['0.0.0.0', '192.0.2.10'])
  })

  it('a gateway started open on loopback does not warn', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-host-'))
    const file = path.join(dir, 'routes.yaml')
    writeFileSync(file, PROVIDERS)
    const { logger, lines, flushed } = capturedLogger()
    try {
      const gateway = await startGateway({ config: { file, env: {} }, port: 0, logger })
      await gateway.close()
      await flushed()
      assert.deepStrictEqual(lines.filter((l) => l.level >= 40), [])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) assert.ok(isLoopback(host), host)
    for (const host of ['0.0.0.0', '::', '192.168.1.2', '10.0.0.1', 'example.com', '::2', '128.0.0.1']) assert.ok(!isLoopback(host), host)
  })
})

describe('server.cors, server.body_timeout_ms, server.upstream_limits', () => {
  it('default to CORS off, 30 s for a request body, 16 MiB bodies and events, 64 KiB error bodies', () => {
    const { cors, bodyTimeoutMs, upstreamLimits } = parse('').server
    assert.deepStrictEqual(cors, { allowOrigins: [] })
    assert.equal(bodyTimeoutMs, 30_000)
    assert.deepStrictEqual(upstreamLimits, { maxBodyBytes: 16 * 1024 * 1024, maxEventBytes: 16 * 1024 * 1024, maxErrorBodyBytes: 64 * 1024 })
  })

  it('take what routes.yaml says (an origin left empty by its variable is dropped)', () => {
    const server = parse(
      [
        'server:',
        '  cors: { allow_origins: ["https://app.example.com", "${EXTRA_ORIGIN:-}", "*"] }',
        '  body_timeout_ms: 5000',
        '  upstream_limits: { max_body_bytes: 1048576, max_event_bytes: 65536, max_error_body_bytes: 4096 }',
      ].join('\n'),
    ).server
    assert.deepStrictEqual(server.cors, { allowOrigins: ['https://app.example.com', '*'] })
    assert.equal(server.bodyTimeoutMs, 5000)
    assert.deepStrictEqual(server.upstreamLimits, { maxBodyBytes: 1048576, maxEventBytes: 65536, maxErrorBodyBytes: 4096 })
    assert.ok(Object.isFrozen(server.cors.allowOrigins) && Object.isFrozen(server.upstreamLimits))
  })

  it('are checked, with what is allowed', () => {
    assert.deepStrictEqual(
      problems(['server:', '  cors: { allow_origins: "*", allow_methods: [GET] }', '  body_timeout_ms: 0', '  upstream_limits: { max_event_bytes: 1.5, max_body: 3 }'].join('\n')),
      [
        'routes.yaml:2:26: server.cors.allow_origins must be a list',
        "routes.yaml:2:31: server.cors has unknown key 'allow_methods'; allowed keys are allow_origins",
        'routes.yaml:3:20: server.body_timeout_ms must be >= 1',
        'routes.yaml:4:39: server.upstream_limits.max_event_bytes must be an integer',
        "routes.yaml:4:44: server.upstream_limits has unknown key 'max_body'; allowed keys are max_body_bytes, max_event_bytes, max_error_body_bytes",
      ],
    )
  })

  it('switchyard check shows them when they differ from the defaults', () => {
    assert.doesNotMatch(describeConfig(parse('')), /^Limits/m)
    const text = describeConfig(
      parse('server:\n  cors: { allow_origins: ["https://app.example.com"] }\n  body_timeout_ms: 5000\n  upstream_limits: { max_event_bytes: 65536 }'),
    )
    assert.match(text, /^Limits: CORS for https:\/\/app\.example\.com; request body within 5s; upstream answers up to 16 MiB, stream events up to 64 KiB, error bodies up to 64 KiB$/m)
  })
})
