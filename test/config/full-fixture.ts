/** The full routes.yaml example and an environment for it, shared by the config tests. */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const FULL_YAML = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/full.yaml')

export const FULL_ENV: Readonly<Record<string, string>> = {
  GROQ_API_KEY: 'gsk-groq',
  TOGETHER_API_KEY: 'tgp-together',
  AZURE_OPENAI_KEY: 'azure-key',
  GEMINI_API_KEY: 'gemini-key',
  BEDROCK_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  BEDROCK_SECRET_ACCESS_KEY: 'aws-secret',
  // ANTHROPIC_API_KEY deliberately unset: a warning, not an error.
}
