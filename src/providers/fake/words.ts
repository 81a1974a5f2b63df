/** The fake model's vocabulary: the filler of its answers and the words of its generated strings. */
export const FILLER: readonly string[] = [
  'the', 'gateway', 'routes', 'every', 'request', 'through', 'a', 'deterministic', 'model', 'so', 'tests',
  'and', 'benchmarks', 'see', 'same', 'answer', 'each', 'time', 'tokens', 'arrive', 'at', 'steady', 'pace',
  'while', 'metrics', 'count', 'them', 'carefully', 'for', 'dashboards', 'that', 'show', 'latency', 'clearly',
]
