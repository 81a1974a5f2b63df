import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, createHmac } from 'node:crypto'
import { amzDate, signRequest } from '../../../src/providers/bedrock/sign-request.js'

const EXAMPLE = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1' }
const EXAMPLE_TIME = new Date('2015-08-30T12:36:00Z')

test('known answer: the IAM ListUsers example from AWS\'s SigV4 documentation', async () => {
  const headers = await signRequest(
    {
      method: 'GET',
      url: 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    },
    { ...EXAMPLE, service: 'iam' },
    EXAMPLE_TIME,
  )
  assert.equal(headers['x-amz-date'], '20150830T123600Z')
  assert.equal(
    headers.authorization,
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
  )
  assert.equal(headers['content-type'], 'application/x-www-form-urlencoded; charset=utf-8')
})

test('known answer: get-vanilla from the AWS SigV4 test suite', async () => {
  const headers = await signRequest({ method: 'GET', url: 'https://example.amazonaws.com/', headers: {} }, { ...EXAMPLE, service: 'service' }, EXAMPLE_TIME)
  assert.equal(
    headers.authorization,
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  )
})

/** An independent SigV4 for one POST, written from the spec, to check the Bedrock path encoding. */
function referenceSignature(canonicalUri: string, host: string, headers: Record<string, string>, body: string, date: string): string {
  const names = [...Object.keys(headers), 'host'].sort()
  const all: Record<string, string> = { ...headers, host }
  const canonical = [
    'POST',
    canonicalUri,
    '',
    names.map((n) => `${n}:${all[n]}\n`).join(''),
    names.join(';'),
    createHash('sha256').update(body).digest('hex'),
  ].join('\n')
  const scope = `${date.slice(0, 8)}/us-east-1/bedrock/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonical).digest('hex')].join('\n')
  let key: Buffer = createHmac('sha256', `AWS4${EXAMPLE.secretAccessKey}`).update(date.slice(0, 8)).digest()
  for (const part of ['us-east-1', 'bedrock', 'aws4_request']) key = createHmac('sha256', key).update(part).digest()
  return createHmac('sha256', key).update(toSign).digest('hex')
}

test('a model id with ":" is signed double-encoded (%253A), as AWS checks non-S3 paths', async () => {
  const body = '{"messages":[]}'
  const given = { 'content-type': 'application/json', accept: 'application/json' }
  const headers = await signRequest(
    { method: 'POST', url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse', headers: given, body },
    { ...EXAMPLE, service: 'bedrock' },
    EXAMPLE_TIME,
  )
  const signature = /Signature=([0-9a-f]{64})$/.exec(headers.authorization)?.[1]
  const host = 'bedrock-runtime.us-east-1.amazonaws.com'
  const withDate = { ...given, 'x-amz-date': '20150830T123600Z' }
  assert.equal(signature, referenceSignature('/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse', host, withDate, body, '20150830T123600Z'))
  assert.notEqual(signature, referenceSignature('/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse', host, withDate, body, '20150830T123600Z'))
})

test('temporary credentials add a signed x-amz-security-token', async () => {
  const headers = await signRequest(
    { method: 'POST', url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse', headers: { 'content-type': 'application/json' }, body: '{}' },
    { ...EXAMPLE, sessionToken: 'FwoGZXIvYXdzEXAMPLE', service: 'bedrock' },
    EXAMPLE_TIME,
  )
  assert.equal(headers['x-amz-security-token'], 'FwoGZXIvYXdzEXAMPLE')
  assert.match(headers.authorization, /SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,/)
})

test('amzDate formats the signing time', () => {
  assert.equal(amzDate(new Date('2025-07-30T01:20:27.123Z')), '20250730T012027Z')
})
