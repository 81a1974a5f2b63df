import { priceTable } from '../../cost/price-table.js'

/** USD per million tokens [input, output, cache read], from the Amazon Bedrock pricing page (on-demand, us-east-1, as of 2025). */
export const bedrockPrices = priceTable(
  {
    'anthropic.claude-sonnet-4-20250514-v1:0': [3, 15, 0.3],
    'anthropic.claude-3-7-sonnet-20250219-v1:0': [3, 15, 0.3],
    'anthropic.claude-3-5-sonnet-20241022-v2:0': [3, 15, 0.3],
    'anthropic.claude-3-5-sonnet-20240620-v1:0': [3, 15],
    'anthropic.claude-3-5-haiku-20241022-v1:0': [0.8, 4, 0.08],
    'anthropic.claude-3-haiku-20240307-v1:0': [0.25, 1.25],
    'amazon.nova-micro-v1:0': [0.035, 0.14, 0.00875],
    'amazon.nova-lite-v1:0': [0.06, 0.24, 0.015],
    'amazon.nova-pro-v1:0': [0.8, 3.2, 0.2],
    'meta.llama3-1-8b-instruct-v1:0': [0.22, 0.22],
    'meta.llama3-1-70b-instruct-v1:0': [0.72, 0.72],
    'meta.llama3-3-70b-instruct-v1:0': [0.72, 0.72],
    'mistral.mistral-large-2402-v1:0': [4, 12],
    'amazon.titan-embed-text-v2:0': [0.02, 0],
    'cohere.embed-english-v3': [0.1, 0],
  },
  // Cross-region inference profiles (`us.anthropic.…`, `eu.…`, `apac.…`) cost what the model costs.
  (model) => model.replace(/^(us|eu|apac|us-gov|global)\./, ''),
)
