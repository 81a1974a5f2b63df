import { priceTable } from '../../cost/price-table.js'

/** USD per million tokens [input, output, cache read], from Anthropic's pricing page (as of 2025). */
export const anthropicPrices = priceTable(
  {
    'claude-opus-4-1': [15, 75, 1.5],
    'claude-opus-4': [15, 75, 1.5],
    'claude-sonnet-4-5': [3, 15, 0.3],
    'claude-sonnet-4': [3, 15, 0.3],
    'claude-haiku-4-5': [1, 5, 0.1],
    'claude-3-7-sonnet': [3, 15, 0.3],
    'claude-3-5-sonnet': [3, 15, 0.3],
    'claude-3-5-haiku': [0.8, 4, 0.08],
    'claude-3-opus': [15, 75, 1.5],
    'claude-3-haiku': [0.25, 1.25, 0.03],
  },
  // `claude-sonnet-4-20250514` and `claude-3-5-haiku-latest` cost what their family costs.
  (model) => model.replace(/-(\d{8}|latest)$/, ''),
)
