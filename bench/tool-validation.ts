/**
 * `npx tsx bench/tool-validation.ts`: what checking a tool call costs the gateway, per request
 * and per call, on a warm schema cache (the steady state: a client sends the same tools again and
 * again). Measures the request's spec (each tool's schema looked up by its JSON text) and the
 * check of one answer (arguments parsed and validated), for a small and a large tool set.
 * Compare with the CPU per request of `npm run bench` (bench/results/latest.json).
 */
import type { ChatRequest } from '../src/canonical/chat.js'
import { answerSpec } from '../src/validation/answer-spec.js'
import { checkAnswer, type CheckedAnswer } from '../src/validation/check-answer.js'
import { createSchemaValidators } from '../src/validation/schema-validators.js'

const WEATHER = {
  type: 'object',
  properties: {
    city: { type: 'string', minLength: 1 },
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    days: { type: 'integer', minimum: 1, maximum: 14 },
    hourly: { type: 'boolean' },
    fields: { type: 'array', items: { type: 'string', enum: ['temp', 'wind', 'rain', 'uv'] }, maxItems: 4 },
  },
  required: ['city', 'unit'],
  additionalProperties: false,
}

function toolSet(n: number): ChatRequest {
  const tools = Array.from({ length: n }, (_, i) => ({ name: i === 0 ? 'get_weather' : `tool_${i}`, parameters: i === 0 ? WEATHER : { ...WEATHER, description: `tool ${i}` } }))
  return { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: false, includeUsage: false, params: {}, tools }
}

const ANSWER: CheckedAnswer = { text: null, finish: 'tool_calls', toolCalls: [{ id: 'c', name: 'get_weather', arguments: '{"city":"Lisbon","unit":"celsius","days":3,"fields":["temp","rain"]}' }] }

function measure(label: string, iterations: number, fn: () => void): number {
  for (let i = 0; i < 2000; i++) fn()
  const start = process.cpuUsage()
  for (let i = 0; i < iterations; i++) fn()
  const used = process.cpuUsage(start)
  const micros = (used.user + used.system) / iterations
  console.log(`${label.padEnd(44)} ${micros.toFixed(2)} µs CPU`)
  return micros
}

const validators = createSchemaValidators()
for (const n of [1, 20]) {
  const request = toolSet(n)
  const spec = answerSpec(request, validators)!
  measure(`spec for ${n} tool(s) (warm cache)`, 20_000, () => void answerSpec(request, validators))
  measure(`check of one call`, 100_000, () => void checkAnswer(ANSWER, spec))
}
