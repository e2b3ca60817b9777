import { describe, expect, it } from 'vitest'
import { withDefaultPort } from '../../.storybook/storybook-args'

describe('withDefaultPort', () => {
  it('adds port 6006 when no arguments are given', () => {
    expect(withDefaultPort([])).toEqual(['--port', '6006'])
  })

  it('keeps 6006 next to other flags', () => {
    expect(withDefaultPort(['--ci', '--no-open'])).toEqual(['--ci', '--no-open', '--port', '6006'])
  })

  it.each([[['--port', '7007']], [['-p', '7007']], [['--ci', '--port=7007']]])('leaves a chosen port alone: %j', (args) => {
    expect(withDefaultPort(args)).toEqual(args)
  })
})
