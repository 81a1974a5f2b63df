import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { describeConfig } from '../../src/config/describe.js'
import { loadConfig, parseConfig } from '../../src/config/load.js'
import { FULL_ENV, FULL_YAML } from './full-fixture.js'

describe('describeConfig', () => {
  const config = loadConfig(FULL_YAML, FULL_ENV)
  const text = describeConfig(config)

  it('prints the route table', () => {
    assert.equal(
      text,
      [
        `Config ${FULL_YAML}`,
        'Server 127.0.0.1:8080; max body 1048576 bytes; retries 1; timeouts connect 2s, ttft 30s, idle 15s, total 120s, keep-alive every 15s',
        'Routing: fallbacks for every route: test; cooldown after 5+ failures and 25% failed within 60s, for 20s; backoff 100ms doubling up to 2s',
        '',
        'Providers (8)',
        '  groq        openai     api.groq.com                             key set',
        '  together    openai     api.together.xyz                         key set',
        '  azure-east  azure      contoso-east.openai.azure.com            key set',
        '  claude      anthropic  api.anthropic.com                        key missing: ANTHROPIC_API_KEY not set',
        '  google      gemini     generativelanguage.googleapis.com        key set',
        '  local       ollama     localhost:11434                          no key',
        '  aws         bedrock    bedrock-runtime.us-west-2.amazonaws.com  AWS credentials set',
        '  fake        fake       local                                    built in',
        '',
        'Models (6)',
        '  fast: weighted; retries 1',
        '    groq/llama-3.1-8b-instant  weight 1 (100%)',
        '  chat: weighted; retries 2; fallbacks: smart; context-window fallbacks: long; drops unsupported params; timeouts connect 2s, ttft 10s, idle 15s, total 120s, keep-alive every 15s',
        '    groq/llama-3.1-8b-instant               weight 3 (67%)    rpm 30 tpm 6000',
        '    together/meta-llama/Llama-3-8b-chat-hf  weight 1 (22%)',
        '    groq/llama-3.1-8b-instant#2             weight 0.5 (11%)',
        '  smart: ordered; retries 1',
        '    azure-east/gpt-4o         order 1',
        '    claude/claude-sonnet-4-5  order 2',
        '  long: latency; retries 1',
        '    google/gemini-2.0-flash',
        '  cheap: least-busy; retries 1',
        '    aws/us.amazon.nova-micro-v1:0',
        '    local/llama3',
        '  test: weighted; retries 1',
        '    fake/echo  weight 1 (100%)',
        '',
        'Warnings (1)',
        `  ${FULL_YAML}:42:14: provider 'claude' needs ANTHROPIC_API_KEY, which is not set; requests routed to it will fail with 503`,
        '',
      ].join('\n'),
    )
  })

  it('never prints a secret', () => {
    for (const secret of Object.values(FULL_ENV)) assert.ok(!text.includes(secret), `the table shows ${secret}`)
    const withUserinfo = parseConfig('providers:\n  p: { kind: openai, base_url: "https://user:hunter2@proxy.example/v1" }\n', 'r.yaml', {})
    assert.doesNotMatch(describeConfig(withUserinfo), /hunter2/)
  })

  it('says when there are no aliases', () => {
    const bare = parseConfig('providers:\n  p: { kind: openai }\n', 'r.yaml', {})
    assert.match(describeConfig(bare), /Models \(0\)\n {2}\(none: clients address provider\/model directly\)\n$/)
  })
})
