/**
 * Codex CLI itself (`codex exec`, the pinned @openai/codex, installed on first use outside the
 * repo; see test/helpers/codex.ts) through Switchyard's Responses door, offline: its model
 * provider's base URL is the gateway (`wire_api = "responses"`, key from an env var). Behind the
 * gateway, (a) an upstream that serves the Responses API (passthrough) and (b) a chat-only one
 * (translation), each replaying a recorded OpenAI stream whose call and text are ours: the model
 * asks Codex to run a shell command, Codex runs it and sends its output back, and the model's
 * final answer is what Codex prints.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { hashKey } from '../../src/config/resolve-access.js'
import { CODEX_VERSION, ensureCodex, runCodex } from '../helpers/codex.js'
import { fixtureText } from '../helpers/fixtures.js'
import { startReplayUpstream, type ReceivedRequest, type ReplayAnswer, type ReplayUpstream } from '../helpers/replay-upstream.js'
import { startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { parseResponsesSse } from '../helpers/responses-grammar.js'

const KEY = 'sk-codex-test-0123456789'
const COMMAND = 'echo switchyard-tool-ran'
const ARGS = JSON.stringify({ cmd: COMMAND })
const FINAL = 'The command printed switchyard-tool-ran through Switchyard.'
const SSE = { 'content-type': 'text/event-stream' }

type Data = Record<string, unknown>
const obj = (v: unknown): Data => (typeof v === 'object' && v !== null ? (v as Data) : {})

/** A recorded Responses stream with its events edited (undefined drops one), renumbered from 0. */
function editResponses(file: string, edit: (data: Data, first: boolean) => Data | undefined): string {
  const seen = new Set<string>()
  const out: Data[] = []
  for (const { data } of parseResponsesSse(fixtureText('openai-responses', file))) {
    const type = String(data.type)
    const edited = edit(data, !seen.has(type))
    seen.add(type)
    if (edited !== undefined) out.push(edited)
  }
  return out.map((d, i) => `event: ${String(d.type)}\ndata: ${JSON.stringify({ ...d, sequence_number: i })}\n\n`).join('')
}

/** The recorded function-call stream, calling Codex's `exec_command` with our command. */
function responsesToolCall(): string {
  const call = (item: unknown, args: string): Data => (obj(item).type === 'function_call' ? { ...obj(item), name: 'exec_command', arguments: args } : obj(item))
  return editResponses('responses-stream-function-call.sse', (d, first) => {
    switch (d.type) {
      case 'response.output_item.added':
        return { ...d, item: call(d.item, '') }
      case 'response.output_item.done':
        return { ...d, item: call(d.item, ARGS) }
      case 'response.function_call_arguments.delta':
        return first ? { ...d, delta: ARGS } : undefined
      case 'response.function_call_arguments.done':
        return { ...d, arguments: ARGS }
      case 'response.completed':
        return { ...d, response: { ...obj(d.response), output: (obj(d.response).output as unknown[]).map((o) => call(o, ARGS)) } }
      default:
        return d
    }
  })
}

/** The recorded text stream, saying FINAL. */
function responsesText(): string {
  const part = { type: 'output_text', annotations: [], logprobs: [], text: FINAL }
  const message = (item: unknown): Data => ({ ...obj(item), content: [part] })
  return editResponses('responses-stream-text.sse', (d, first) => {
    switch (d.type) {
      case 'response.output_text.delta':
        return first ? { ...d, delta: FINAL } : undefined
      case 'response.output_text.done':
        return { ...d, text: FINAL }
      case 'response.content_part.done':
        return { ...d, part }
      case 'response.output_item.done':
        return { ...d, item: message(d.item) }
      case 'response.completed':
        return { ...d, response: { ...obj(d.response), output: (obj(d.response).output as unknown[]).map(message) } }
      default:
        return d
    }
  })
}

/** A recorded chat stream with its chunks edited (undefined drops one). */
function editChat(file: string, edit: (chunk: Data, index: number) => Data | undefined): string {
  const frames = fixtureText('openai', file).split('\n\n').filter((f) => f.startsWith('data: '))
  return frames
    .map((f, i) => {
      const data = f.slice(6)
      if (data === '[DONE]') return 'data: [DONE]\n\n'
      const edited = edit(JSON.parse(data) as Data, i)
      return edited === undefined ? '' : `data: ${JSON.stringify(edited)}\n\n`
    })
    .join('')
}

const choiceDelta = (chunk: Data): Data => obj(obj((chunk.choices as unknown[] | undefined)?.[0]).delta)
const withDelta = (chunk: Data, delta: Data): Data => ({ ...chunk, choices: [{ ...obj((chunk.choices as unknown[])[0]), delta }] })

function chatToolCall(): string {
  let argsSent = false
  return editChat('chat-stream-tool-call.sse', (chunk) => {
    const calls = choiceDelta(chunk).tool_calls as Data[] | undefined
    if (calls === undefined) return chunk
    const fn = obj(calls[0]!.function)
    if (fn.name !== undefined) return withDelta(chunk, { ...choiceDelta(chunk), tool_calls: [{ ...calls[0], function: { ...fn, name: 'exec_command', arguments: '' } }] })
    if (argsSent) return undefined
    argsSent = true
    return withDelta(chunk, { tool_calls: [{ ...calls[0], function: { arguments: ARGS } }] })
  })
}

function chatText(): string {
  let textSent = false
  return editChat('chat-stream-include-usage.sse', (chunk) => {
    const content = choiceDelta(chunk).content
    if (typeof content !== 'string' || content === '') return chunk
    if (textSent) return undefined
    textSent = true
    return withDelta(chunk, { content: FINAL })
  })
}

describe(`Codex CLI ${CODEX_VERSION} through Switchyard`, { timeout: 900_000 }, () => {
  let upstream: ReplayUpstream
  let gw: TestGateway

  before(async () => {
    await ensureCodex()
    upstream = await startReplayUpstream((req: ReceivedRequest): ReplayAnswer => {
      if (req.path.startsWith('/chat/')) {
        const body = req.json() as { messages: { role: string }[] }
        return { headers: SSE, body: body.messages.some((m) => m.role === 'tool') ? chatText() : chatToolCall(), split: 'frames' }
      }
      const continued = req.body.includes('"function_call_output"')
      return { headers: SSE, body: continued ? responsesText() : responsesToolCall(), split: 'frames' }
    })
    gw = await startTestGateway(`
providers:
  openai-like: { kind: openai, base_url: "${upstream.url}/responses-api/v1", api_key: sk-up, responses_api: true }
  chat-only: { kind: openai, base_url: "${upstream.url}/chat", api_key: sk-up }
models:
  codex-passthrough: openai-like/gpt-5-codex
  codex-translated:
    deployments: [{ target: chat-only/some-chat-model }]
    drop_params: true
keys:
  - { name: codex, hash: "sha256:${hashKey(KEY)}" }
`)
  })
  after(async () => {
    await gw?.close()
    await upstream?.close()
  })

  /** The requests of one Codex run at one path prefix. */
  const received = (prefix: string, from: number) => upstream.received.slice(from).filter((r) => r.path.startsWith(prefix))

  it('(a) passthrough to a Responses upstream: runs the tool call and prints the final answer', async () => {
    const from = upstream.received.length
    const run = await runCodex({ baseUrl: `${gw.url}/v1`, key: KEY, model: 'codex-passthrough', prompt: 'Run the echo command and tell me what it printed.' })
    assert.equal(run.code, 0, run.stderr.slice(-3000))
    assert.ok(run.stdout.includes(FINAL), `stdout: ${run.stdout}`)
    const requests = received('/responses-api/v1/responses', from)
    assert.equal(requests.length, 2)
    const second = requests[1]!.json() as { input: { type?: string; call_id?: string; output?: unknown }[] }
    const output = second.input.find((i) => i.type === 'function_call_output')
    assert.ok(output !== undefined, 'Codex sent the command output back')
    assert.ok(JSON.stringify(output.output).includes('switchyard-tool-ran'), 'the command really ran')
    const call = second.input.find((i) => i.type === 'function_call')
    assert.equal(call?.call_id, output.call_id)
    assert.equal(requests[0]!.headers.authorization, 'Bearer sk-up', "the provider's key, not the client's")
  })

  it('(b) translation to a chat-only upstream: runs the tool call and prints the final answer', async () => {
    const from = upstream.received.length
    const run = await runCodex({ baseUrl: `${gw.url}/v1`, key: KEY, model: 'codex-translated', prompt: 'Run the echo command and tell me what it printed.' })
    assert.equal(run.code, 0, run.stderr.slice(-3000))
    assert.ok(run.stdout.includes(FINAL), `stdout: ${run.stdout}`)
    const requests = received('/chat/chat/completions', from)
    assert.equal(requests.length, 2)
    const first = requests[0]!.json() as { tools: { function: { name: string } }[] }
    const names = first.tools.map((t) => t.function.name)
    assert.ok(names.includes('exec_command'))
    const second = requests[1]!.json() as { messages: { role: string; content?: unknown; tool_call_id?: string; tool_calls?: { id: string }[] }[] }
    const tool = second.messages.find((m) => m.role === 'tool')
    assert.ok(tool !== undefined && JSON.stringify(tool.content).includes('switchyard-tool-ran'), 'the command output went up as a tool message')
    const assistant = second.messages.find((m) => m.role === 'assistant' && m.tool_calls !== undefined)
    assert.equal(assistant?.tool_calls?.[0]?.id, tool.tool_call_id)
  })
})
