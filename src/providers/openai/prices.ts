import { priceTable } from '../../cost/price-table.js'

/**
 * USD per million tokens [input, output, cached input], from the providers' public pricing
 * pages (standard tier, as of 2025). The openai kind also serves OpenAI-compatible hosts, so
 * their model ids (Groq, Together, DeepSeek, Mistral) are here too. Override any of them per
 * deployment with `price:` in routes.yaml.
 */
export const openaiPrices = priceTable(
  {
    // OpenAI
    'gpt-4o': [2.5, 10, 1.25],
    'gpt-4o-2024-08-06': [2.5, 10, 1.25],
    'gpt-4o-2024-11-20': [2.5, 10, 1.25],
    'gpt-4o-mini': [0.15, 0.6, 0.075],
    'gpt-4o-mini-2024-07-18': [0.15, 0.6, 0.075],
    'gpt-4.1': [2, 8, 0.5],
    'gpt-4.1-mini': [0.4, 1.6, 0.1],
    'gpt-4.1-nano': [0.1, 0.4, 0.025],
    'gpt-5': [1.25, 10, 0.125],
    'gpt-5-mini': [0.25, 2, 0.025],
    'gpt-5-nano': [0.05, 0.4, 0.005],
    o1: [15, 60, 7.5],
    o3: [2, 8, 0.5],
    'o3-mini': [1.1, 4.4, 0.55],
    'o4-mini': [1.1, 4.4, 0.275],
    'gpt-4-turbo': [10, 30],
    'gpt-3.5-turbo': [0.5, 1.5],
    'gpt-3.5-turbo-instruct': [1.5, 2],
    'text-embedding-3-small': [0.02, 0],
    'text-embedding-3-large': [0.13, 0],
    'text-embedding-ada-002': [0.1, 0],
    // Groq
    'llama-3.1-8b-instant': [0.05, 0.08],
    'llama-3.3-70b-versatile': [0.59, 0.79],
    'gemma2-9b-it': [0.2, 0.2],
    'openai/gpt-oss-20b': [0.1, 0.5],
    'openai/gpt-oss-120b': [0.15, 0.75],
    // Together
    'meta-llama/Llama-3.3-70B-Instruct-Turbo': [0.88, 0.88],
    'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo': [0.18, 0.18],
    'meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo': [0.88, 0.88],
    'Qwen/Qwen2.5-72B-Instruct-Turbo': [1.2, 1.2],
    'mistralai/Mixtral-8x7B-Instruct-v0.1': [0.6, 0.6],
    // DeepSeek
    'deepseek-chat': [0.27, 1.1, 0.07],
    'deepseek-reasoner': [0.55, 2.19, 0.14],
    // Mistral
    'mistral-large-latest': [2, 6],
    'mistral-small-latest': [0.2, 0.6],
  },
  // Dated snapshots (`gpt-4o-mini-2024-07-18`) cost what their family costs.
  (model) => model.replace(/-\d{4}-\d{2}-\d{2}$/, ''),
)
