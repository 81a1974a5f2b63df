import { hashKey } from '../../src/config/resolve-access.js'
import { startTestGateway } from '../helpers/gateway.js'
console.log('start')
const gw = await startTestGateway(`
providers:
  chat: { kind: openai, base_url: "http://127.0.0.1:1/v1", api_key: sk-up }
models:
  trans: chat/gpt-4o-2024-08-06
  lenient:
    deployments: [chat/gpt-4o-2024-08-06]
    drop_params: true
keys:
  - { name: alice, hash: "sha256:${hashKey('sk-alice-0123456789abcdef')}" }
`)
console.log('up')
await gw.close()
