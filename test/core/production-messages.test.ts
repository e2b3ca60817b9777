// @vitest-environment node
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as development from '../../src/core'
import { recordingSink } from '../helpers/transport-harness'

/**
 * Development builds explain every error in full; a production build (what bundlers make
 * with NODE_ENV=production) keeps short messages and drops the long texts from the
 * bundle. The kind, status and cause are the same in both.
 */
let directory: string
let production: typeof development
let productionSource: string

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'rrk-production-'))
  const result = await build({
    entryPoints: [new URL('../../src/core/index.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    minifySyntax: true,
    define: { 'process.env.NODE_ENV': '"production"' },
  })
  productionSource = result.outputFiles[0]?.text ?? ''
  const file = join(directory, 'core.mjs')
  await writeFile(file, productionSource)
  production = (await import(pathToFileURL(file).href)) as typeof development
})

afterAll(async () => {
  await rm(directory, { recursive: true, force: true })
})

async function optionError(core: typeof development) {
  const { sink, until, closeCall } = recordingSink()
  core.createLongPollTransport({ cursorParam: '' })({ url: 'http://127.0.0.1/poll', sink, clock: core.systemClock, resumeFrom: undefined })
  await until('close')
  return closeCall().info.error
}

describe('error messages by build', () => {
  it('development explains; production is short, with the same kind', async () => {
    expect(await optionError(development)).toMatchObject({
      kind: 'protocol',
      message: 'Invalid option cursorParam: expected a non-empty string',
    })
    const short = await optionError(production)
    expect(short).toMatchObject({ kind: 'protocol', message: 'Invalid cursorParam' })
    expect(short).toBeInstanceOf(production.RealtimeError)
  })

  it('the production bundle carries none of the long explanations', () => {
    expect(productionSource).not.toContain('expected a non-empty string')
    expect(productionSource).not.toContain('No global WebSocket: pass the')
    expect(productionSource).not.toContain('process.env.NODE_ENV')
  })
})
