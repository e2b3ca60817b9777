// @vitest-environment node
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/** The code block that follows the HTML comment naming `file` in the README. */
function readmeBlockFor(file: string): string | undefined {
  const readme = readFileSync('README.md', 'utf8')
  const marker = readme.indexOf(`runs this block as ${file}`)
  if (marker === -1) return undefined
  const block = /```tsx\n([\s\S]*?)```/.exec(readme.slice(marker))
  return block?.[1]
}

describe('README examples', () => {
  it('"Testing your components" is exactly the test file that runs it', () => {
    const file = 'test/readme/testing-your-components.test.tsx'
    expect(readmeBlockFor(file)).toBe(readFileSync(file, 'utf8'))
  })
})
