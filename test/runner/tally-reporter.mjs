/**
 * A node:test reporter that writes one JSON tally (the `Tally` of run.ts) to its destination
 * when the run ends: tests passed, failed and skipped, the failures by file and name, and the
 * time each file's tests took (its top-level tests summed), for the runner's summary. The spec
 * reporter prints the run itself beside it. Plain JavaScript: node loads reporters before
 * any --import hook, so tsx cannot load this one.
 */

/** @param {string | undefined} file */
function relative(file) {
  if (file === undefined) return '(unknown file)'
  const cwd = `${process.cwd()}/`
  return file.startsWith(cwd) ? file.slice(cwd.length) : file
}

/** @param {AsyncIterable<{ type: string, data?: any }>} source */
export default async function* tallyReporter(source) {
  const tally = { pass: 0, fail: 0, skip: 0, failures: /** @type {string[]} */ ([]), fileMs: /** @type {Record<string, number>} */ ({}) }
  for await (const event of source) {
    const data = event.data
    if (data === undefined || (event.type !== 'test:pass' && event.type !== 'test:fail')) continue
    const file = relative(data.file)
    if (data.nesting === 0) tally.fileMs[file] = (tally.fileMs[file] ?? 0) + (data.details?.duration_ms ?? 0)
    // Suites are counted through their tests, but a suite can fail alone (its after() hook threw).
    if (data.details?.type === 'suite') {
      if (event.type === 'test:fail') tally.failures.push(`${file} › ${data.name} (suite)`)
      continue
    }
    if ((data.skip !== undefined && data.skip !== false) || (data.todo !== undefined && data.todo !== false)) tally.skip++
    else if (event.type === 'test:pass') tally.pass++
    else {
      tally.fail++
      tally.failures.push(`${file} › ${data.name}`)
    }
  }
  yield `${JSON.stringify(tally)}\n`
}
