/**
 * SigV4 signing with aws4fetch's AwsV4Signer (no hand-rolled signer).
 *
 * The path is signed as sent: Bedrock model ids go into the URL percent-encoded
 * (`us.amazon.nova-micro-v1%3A0`), and for every service but S3 the canonical URI encodes
 * each segment once more (`%253A`). aws4fetch does exactly that unless `singleEncode` is set,
 * and it is what AWS checks: signing the single-encoded path gives 403 SignatureDoesNotMatch
 * for ids with `:` (higress-group/higress PR #3590; crmne/ruby_llm PR #803, "double-encoding
 * it to %252F — which is exactly what SigV4 requires for non-S3 services").
 *
 * Every header passed in is signed (`allHeaders`), so none can be altered in transit; the
 * caller must send exactly the returned headers.
 */
import { AwsV4Signer } from 'aws4fetch'
import type { SigV4Credentials } from './credentials.js'

export interface RequestToSign {
  method: 'POST' | 'GET'
  url: string
  headers: Record<string, string>
  body?: string
}

export interface SigningScope extends SigV4Credentials {
  region: string
  service: string
}

/** `20150830T123600Z`, the form SigV4 signs. */
export function amzDate(now: Date): string {
  return now.toISOString().replace(/[:-]|\.\d{3}/g, '')
}

/** Returns the request's headers plus `authorization`, `x-amz-date` and, with temporary credentials, `x-amz-security-token`. */
export async function signRequest(req: RequestToSign, scope: SigningScope, now: Date): Promise<Record<string, string>> {
  const signer = new AwsV4Signer({
    method: req.method,
    url: req.url,
    headers: req.headers,
    body: req.body ?? null,
    accessKeyId: scope.accessKeyId,
    secretAccessKey: scope.secretAccessKey,
    sessionToken: scope.sessionToken,
    service: scope.service,
    region: scope.region,
    datetime: amzDate(now),
    allHeaders: true,
  })
  const signed = await signer.sign()
  const headers: Record<string, string> = {}
  signed.headers.forEach((value, name) => {
    headers[name] = value
  })
  return headers
}
