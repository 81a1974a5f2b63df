/** The routes.yaml the bench's gateway serves: every alias the scenarios name, at the mock (and llama-server). */
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** The gateway checks a virtual key with request and token limits on every request. */
export const BENCH_KEY = 'sk-sy-bench-key'
export const AUTH = { authorization: `Bearer ${BENCH_KEY}` }

export function writeRoutes(mockOrigin: string, llamaOrigin: string | undefined): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchyard-bench-'))
  const file = path.join(dir, 'routes.yaml')
  const llama = llamaOrigin === undefined ? '' : `  llama:\n    kind: openai\n    base_url: ${llamaOrigin}/v1\n    api_key: none\n    models: [aidreams260k]\n`
  writeFileSync(
    file,
    `server:
  protect_metrics: false
keys:
  - name: bench
    hash: sha256:${createHash('sha256').update(BENCH_KEY).digest('hex')}
    rpm: 100000000
    tpm: 100000000000
providers:
  mock:
    kind: openai
    base_url: ${mockOrigin}/v1
    api_key: bench-key
    models: [bench-model, bench-embed]
  mock-responses:
    kind: openai
    base_url: ${mockOrigin}/v1
    api_key: bench-key
    responses_api: true
    models: [bench-model]
  mock-anthropic:
    kind: anthropic
    base_url: ${mockOrigin}
    api_key: bench-key
    models: [bench-claude]
  hold:
    kind: fake
    ttft_ms: 0
    tokens_per_second: 1
${llama}models:
  bench: mock/bench-model
  bench-embed: mock/bench-embed
  bench-responses: mock-responses/bench-model
  claude: mock-anthropic/bench-claude
  hold: hold/echo-1
${llamaOrigin === undefined ? '' : '  llama: llama/aidreams260k\n'}`,
  )
  return file
}
