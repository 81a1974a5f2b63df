/**
 * What each provider checks before it answers, for the fake upstreams of the end-to-end tests:
 * a request the real service would refuse gets the refusal that service sends (status and
 * body as documented or captured), so a gateway bug in auth, versioning or signing fails
 * the test the way it would fail in production.
 */
import { createHash } from 'node:crypto'
import { AwsV4Signer } from 'aws4fetch'
import type { Guard, ReceivedRequest, ReplayAnswer } from './replay-upstream.js'

const JSON_CT = { 'content-type': 'application/json' }

function header(req: ReceivedRequest, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v.join(', ') : v
}

/** Anthropic Messages: `x-api-key` (401 authentication_error) and `anthropic-version` (400) are required. */
export function anthropicGuard(apiKey: string): Guard {
  const refuse = (status: number, type: string, message: string): ReplayAnswer => ({
    status,
    headers: { ...JSON_CT, 'request-id': 'req_guard' },
    body: JSON.stringify({ type: 'error', error: { type, message } }),
  })
  return (req) => {
    const key = header(req, 'x-api-key')
    if (key === undefined || key === '') return refuse(401, 'authentication_error', 'x-api-key header is required')
    if (key !== apiKey) return refuse(401, 'authentication_error', 'invalid x-api-key')
    const version = header(req, 'anthropic-version')
    if (version === undefined || version === '') return refuse(400, 'invalid_request_error', 'anthropic-version: header is required')
    if (version !== '2023-06-01') return refuse(400, 'invalid_request_error', `anthropic-version: "${version}" is not a valid version`)
    if (!req.path.startsWith('/v1/messages')) return refuse(404, 'not_found_error', 'Not Found')
    return undefined
  }
}

/** Azure OpenAI: an unsupported `api-version` is 400 BadRequest; a wrong `api-key` is 401. */
export function azureGuard(apiKey: string, apiVersions: readonly string[]): Guard {
  return (req) => {
    const url = new URL(req.path, 'http://azure.invalid')
    const version = url.searchParams.get('api-version')
    if (version === null) {
      return { status: 404, headers: JSON_CT, body: JSON.stringify({ error: { code: '404', message: 'Resource not found' } }) }
    }
    if (!apiVersions.includes(version)) {
      return { status: 400, headers: JSON_CT, body: JSON.stringify({ error: { code: 'BadRequest', message: 'API version not supported' } }) }
    }
    if (header(req, 'api-key') !== apiKey) {
      return {
        status: 401,
        headers: JSON_CT,
        body: JSON.stringify({
          error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.' },
        }),
      }
    }
    return undefined
  }
}

/** Gemini: the key in `x-goog-api-key`; a wrong one is the recorded 400 API_KEY_INVALID. */
export function geminiGuard(apiKey: string, invalidKeyBody: Uint8Array): Guard {
  return (req) => {
    if (req.path.includes('key=')) return { status: 400, headers: JSON_CT, body: invalidKeyBody }
    return header(req, 'x-goog-api-key') === apiKey ? undefined : { status: 400, headers: JSON_CT, body: invalidKeyBody }
  }
}

/** Ollama: JSON bodies on its native paths only (a /v1 path means the OpenAI layer, not this adapter). */
export function ollamaGuard(errorBody: Uint8Array): Guard {
  return (req) => {
    if (!/^\/api\/(chat|embed)$/.test(req.path)) return { status: 404, headers: { 'content-type': 'text/plain' }, body: '404 page not found' }
    try {
      req.json()
      return undefined
    } catch {
      return { status: 400, headers: JSON_CT, body: errorBody }
    }
  }
}

export interface AwsTestCredentials {
  accessKeyId: string
  secretAccessKey: string
  region: string
  service: string
}

/**
 * AWS SigV4 as Bedrock checks it: the signature is computed again (aws4fetch) over the
 * request as received (method, path, the headers named in SignedHeaders, the body) with the
 * known credentials, and must equal the one sent; otherwise 403 InvalidSignatureException
 * with AWS's message.
 */
export function sigv4Guard(creds: AwsTestCredentials, origin: () => string): Guard {
  const refuse = (type: string, message: string): ReplayAnswer => ({
    status: 403,
    headers: { ...JSON_CT, 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.coral.service/` },
    body: JSON.stringify({ message }),
  })
  return async (req) => {
    const auth = header(req, 'authorization') ?? ''
    const parsed = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth)
    const amzDate = header(req, 'x-amz-date')
    if (parsed === null || amzDate === undefined) return refuse('MissingAuthenticationTokenException', 'Missing Authentication Token')
    if (parsed[1] !== creds.accessKeyId) return refuse('UnrecognizedClientException', 'The security token included in the request is invalid.')
    // aws4fetch signs a given x-amz-content-sha256 as the payload hash, so the body is checked against it here.
    const payloadHash = header(req, 'x-amz-content-sha256')
    const bodyHash = createHash('sha256').update(req.body).digest('hex')
    if (payloadHash !== undefined && payloadHash !== bodyHash) return refuse('InvalidSignatureException', 'The provided x-amz-content-sha256 header does not match what was computed.')
    const signed: Record<string, string> = {}
    for (const name of parsed[4]!.split(';')) signed[name] = header(req, name) ?? ''
    const signer = new AwsV4Signer({
      method: req.method,
      url: `${origin()}${req.path}`,
      headers: signed,
      body: req.body,
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      service: creds.service,
      region: creds.region,
      datetime: amzDate,
      allHeaders: true,
    })
    const expected = (await signer.sign()).headers.get('authorization')
    if (expected !== auth) {
      return refuse(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      )
    }
    return undefined
  }
}
