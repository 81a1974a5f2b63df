import assert from 'node:assert/strict'
import { APIError } from 'openai'

/** The openai SDK's error for a request that must fail; fails the test when it succeeds. */
export async function rejected(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof APIError) return err
    throw err
  }
  assert.fail('the request succeeded')
}
