import { priceTable } from '../../cost/price-table.js'

/**
 * USD per million tokens [input, output, cached input], from Google's Gemini API pricing page
 * (paid tier, prompts up to 128k/200k tokens, as of 2025).
 */
export const geminiPrices = priceTable(
  {
    'gemini-2.5-pro': [1.25, 10, 0.31],
    'gemini-2.5-flash': [0.3, 2.5, 0.075],
    'gemini-2.5-flash-lite': [0.1, 0.4, 0.025],
    'gemini-2.0-flash': [0.1, 0.4, 0.025],
    'gemini-2.0-flash-lite': [0.075, 0.3],
    'gemini-1.5-pro': [1.25, 5, 0.3125],
    'gemini-1.5-flash': [0.075, 0.3, 0.01875],
    'gemini-1.5-flash-8b': [0.0375, 0.15, 0.01],
    'text-embedding-004': [0, 0],
    'gemini-embedding-001': [0.15, 0],
  },
  // `gemini-2.0-flash-001` and `-latest` cost what their family costs.
  (model) => model.replace(/-(\d{3}|latest)$/, ''),
)
