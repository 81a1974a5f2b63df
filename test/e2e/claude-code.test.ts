/**
 * Claude Code itself (the pinned @anthropic-ai/claude-code, installed on demand outside the repo)
 * run non-interactively through Switchyard: `claude -p … --output-format json` with
 * ANTHROPIC_BASE_URL at the gateway, to (a) a fake Anthropic API (passthrough) and (b) a fake
 * OpenAI API (translation). In both, the upstream first answers with a tool call (Claude Code's
 * own Read tool, on a file in its working directory), Claude Code runs it and sends the result
 * back, and the upstream's second answer is what Claude Code prints. The upstream answers are
 * recorded streams, with only the tool's name and input replaced.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { CLAUDE_CODE_VERSION, claudeCodeBinary, runClaudeCode, type ClaudeCodeRun } from '../helpers/claude-code.js'
import { fixtureText } from '../helpers/fixtures.js'
import { metricValue, startTestGateway, type TestGateway } from '../helpers/gateway.js'
import { anthropicGuard } from '../helpers/provider-guards.js'
import { startReplayUpstream, type ReceivedRequest, type ReplayUpstream } from '../helpers/replay-upstream.js'

const KEY = 'sk-ant-upstream'
const OPENAI_KEY = 'sk-openai-upstream'
const CLIENT_KEY = 'sk-switchyard-claude-code'
const SSE = { 'content-type': 'text/event-stream; charset=utf-8' }

interface MessagesBody {
  model: string
  tools?: { name: string; defer_loading?: boolean }[]
  thinking?: unknown
  messages: { role: string; content: string | { type: string; signature?: string; content?: unknown; tool_use_id?: string }[] }[]
}

const lastUserHasToolResult = (body: MessagesBody): boolean => {
  const last = body.messages.at(-1)
  return last !== undefined && Array.isArray(last.content) && last.content.some((b) => b.type === 'tool_result')
}

/** The recorded thinking + tool_use stream, its tool turned into Claude Code's Read of `file`. */
function anthropicToolTurn(file: string): string {
  const escaped = JSON.stringify(file).slice(1, -1).replace(/\\/g, '\\\\').replace(/"/g, '\\"')
  return fixtureText('anthropic-messages', 'messages-stream-thinking-tool-use.sse')
    .replace('"name":"get_temperature"', '"name":"Read"')
    .replace('"partial_json":"{\\"city"', '"partial_json":"{\\"file_path"')
    .replace('"partial_json":"\\": \\"U"', `"partial_json":"\\": \\"${escaped}"`)
    .replace('"partial_json":"trecht\\"}"', '"partial_json":"\\"}"')
}

/** The recorded OpenAI tool-call stream, its call turned into Claude Code's Read of `file`. */
function openaiToolTurn(file: string): string {
  let first = true
  return fixtureText('openai', 'chat-stream-tool-call.sse')
    .split('\n\n')
    .map((frame) => {
      if (!frame.startsWith('data: {')) return frame
      const chunk = JSON.parse(frame.slice(6)) as { choices: { delta: { tool_calls?: { function: { name?: string; arguments?: string } }[] } }[] }
      const fn = chunk.choices[0]?.delta.tool_calls?.[0]?.function
      if (fn?.name !== undefined) fn.name = 'Read'
      if (fn?.arguments !== undefined && fn.arguments !== '') {
        fn.arguments = first ? JSON.stringify({ file_path: file }) : ''
        first = false
      }
      return `data: ${JSON.stringify(chunk)}`
    })
    .join('\n\n')
}

function textOf(sse: string, pattern: RegExp): string {
  return [...sse.matchAll(pattern)].map((m) => JSON.parse(`"${m[1]}"`) as string).join('')
}

describe(`Claude Code ${CLAUDE_CODE_VERSION} through Switchyard`, () => {
  let bin: string | undefined
  let skip: string | undefined
  let anthropic: ReplayUpstream
  let openai: ReplayUpstream
  let gw: TestGateway
  let work: string
  const runs: ClaudeCodeRun[] = []

  before(async () => {
    const found = await claudeCodeBinary()
    if ('skip' in found) skip = found.skip
    else bin = found.bin
    work = mkdtempSync(path.join(tmpdir(), 'switchyard-claude-code-'))
    anthropic = await startReplayUpstream(() => ({ status: 500, body: '{}' }), { guard: anthropicGuard(KEY) })
    openai = await startReplayUpstream(() => ({ status: 500, body: '{}' }), { guard: (req) => (req.headers.authorization === `Bearer ${OPENAI_KEY}` ? undefined : { status: 401, body: '{"error":{"message":"bad key","type":"invalid_request_error","code":"invalid_api_key"}}' }) })
    gw = await startTestGateway(`
server:
  master_key: ${CLIENT_KEY}
providers:
  claude: { kind: anthropic, base_url: ${anthropic.url}, api_key: ${KEY} }
  oai: { kind: openai, base_url: ${openai.url}/v1, api_key: ${OPENAI_KEY} }
models:
  claude-sonnet-4-5: claude/claude-sonnet-4-5-20250929
  # Claude Code asks Sonnet-class models for extended thinking with a token budget, which OpenAI's
  # chat API cannot express: drop_params lets the model decide (README, "Claude Code").
  claude-sonnet-4-5-via-gpt:
    deployments: [{ target: oai/gpt-4o }]
    drop_params: true
`)
  })
  after(async () => {
    await gw?.close()
    await anthropic?.close()
    await openai?.close()
    if (work !== undefined) rmSync(work, { recursive: true, force: true })
    for (const r of runs) if (r.code !== 0) console.error(`claude exited ${r.code}: ${r.stderr.slice(-2000)}\n${r.stdout.slice(-2000)}`)
  })

  const claude = async (model: string, cwd: string, prompt: string): Promise<ClaudeCodeRun> => {
    const home = mkdtempSync(path.join(work, 'home-'))
    const result = await runClaudeCode({ bin: bin!, cwd, home, baseUrl: gw.url, apiKey: CLIENT_KEY, model, prompt })
    runs.push(result)
    return result
  }

  it('(a) to Anthropic, passed through: Read runs, its result goes back with the signed thinking unchanged, Claude Code prints the answer', async (t) => {
    if (bin === undefined) return t.skip(skip)
    const cwd = mkdtempSync(path.join(work, 'a-'))
    const file = path.join(cwd, 'weather.txt')
    writeFileSync(file, 'Utrecht: 18°C, mild.\n')
    const toolTurn = anthropicToolTurn(file)
    const answerTurn = fixtureText('anthropic-messages', 'messages-stream-after-tool-result.sse')
    anthropic.setResponder((req: ReceivedRequest) => {
      if (!req.path.startsWith('/v1/messages?') && req.path !== '/v1/messages') return { status: 404, body: '{"type":"error","error":{"type":"not_found_error","message":"Not Found"}}' }
      return { body: lastUserHasToolResult(req.json() as MessagesBody) ? answerTurn : toolTurn, headers: SSE, split: 'frames' }
    })
    const before = anthropic.received.length
    const run = await claude('claude-sonnet-4-5', cwd, 'How warm is it in Utrecht? Read weather.txt, then answer.')
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.result?.is_error, false)
    assert.equal(run.result?.result, textOf(answerTurn, /"text_delta","text":"((?:[^"\\]|\\.)*)"/g))

    const sent = anthropic.received.slice(before).filter((r) => r.path.startsWith('/v1/messages'))
    const first = sent.find((r) => !lastUserHasToolResult(r.json() as MessagesBody))!
    const second = sent.find((r) => lastUserHasToolResult(r.json() as MessagesBody))!
    assert.ok(first !== undefined && second !== undefined, 'a tool turn and an answer turn')
    const body = second.json() as MessagesBody
    assert.equal(body.model, 'claude-sonnet-4-5-20250929')
    const result = (body.messages.at(-1)!.content as { type: string; content?: unknown }[]).find((b) => b.type === 'tool_result')!
    assert.match(JSON.stringify(result.content), /Utrecht: 18°C, mild\./, 'the file Claude Code read reached the upstream')
    const signature = /"signature_delta","signature":"([^"]+)"/.exec(toolTurn)![1]!
    const replayed = (body.messages.at(-2)!.content as { type: string; signature?: string }[]).find((b) => b.type === 'thinking')
    assert.equal(replayed?.signature, signature, 'the signed thinking went back unchanged')
    assert.ok(second.body.includes(JSON.stringify(signature)))
    assert.equal(second.headers['x-api-key'], KEY)
    assert.match(String(second.headers['anthropic-beta']), /claude-code-20250219/)
    assert.match(second.path, /\?beta=true$/)

    const firstBody = first.json() as MessagesBody
    t.diagnostic(`Claude Code sent: anthropic-beta=${String(first.headers['anthropic-beta'])}; thinking=${JSON.stringify(firstBody.thinking)}; tools=${firstBody.tools?.length ?? 0} (${firstBody.tools?.filter((x) => x.defer_loading === true).length ?? 0} deferred); requests=${sent.length}`)
    const metrics = await gw.metricsText()
    assert.ok((metricValue(metrics, 'switchyard_requests_total', { endpoint: 'messages', route: 'claude-sonnet-4-5', status: '200' }) ?? 0) >= 2)
  })

  it('(b) to an OpenAI-kind upstream, translated: the tool call becomes Read, its result a tool message, the answer Claude Code’s', async (t) => {
    if (bin === undefined) return t.skip(skip)
    const cwd = mkdtempSync(path.join(work, 'b-'))
    const file = path.join(cwd, 'holiday.txt')
    writeFileSync(file, 'Next holiday: Midsummer.\n')
    const toolTurn = openaiToolTurn(file)
    const answerTurn = fixtureText('openai', 'chat-stream-include-usage.sse')
    openai.setResponder((req: ReceivedRequest) => {
      const body = req.json() as { messages: { role: string }[] }
      return { body: body.messages.some((m) => m.role === 'tool') ? answerTurn : toolTurn, headers: SSE, split: 'frames' }
    })
    const before = openai.received.length
    const run = await claude('claude-sonnet-4-5-via-gpt', cwd, 'What is the next holiday? Read holiday.txt, then answer.')
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.result?.is_error, false)
    assert.equal(run.result?.result, textOf(answerTurn, /"content":"((?:[^"\\]|\\.)*)"/g))

    const sent = openai.received.slice(before)
    const last = sent.at(-1)!.json() as { model: string; reasoning_effort?: string; tools: { function: { name: string } }[]; messages: { role: string; content: unknown; tool_calls?: { function: { name: string; arguments: string } }[] }[] }
    assert.equal(last.model, 'gpt-4o')
    assert.equal(last.reasoning_effort, undefined, 'the thinking budget was dropped, as the route says')
    assert.ok(last.tools.some((x) => x.function.name === 'Read'))
    assert.ok(!last.tools.some((x) => x.function.name === 'DeferredToolPlaceholder'), 'a deferred tool is not sent until a tool search loads it')
    const call = last.messages.find((m) => m.tool_calls !== undefined)!.tool_calls![0]!
    assert.deepEqual({ name: call.function.name, input: JSON.parse(call.function.arguments) }, { name: 'Read', input: { file_path: file } })
    const result = last.messages.find((m) => m.role === 'tool')!
    assert.match(JSON.stringify(result.content), /Next holiday: Midsummer\./)
  })
})
