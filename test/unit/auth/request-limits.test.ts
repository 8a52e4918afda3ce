import { describe, expect, it } from 'vitest'
import { MAX_HEADER_BYTES, checkHeaderSizes, checkParallelism } from '../../../worker/auth/request-limits'

const sized = (bytes: number) => 'a'.repeat(bytes)
const refusal = (run: () => void) => {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}

describe('checkHeaderSizes', () => {
  it.each([
    ['x-portkey-config', 16 * 1024],
    ['x-portkey-metadata', 2 * 1024],
    ['x-portkey-trace-id', MAX_HEADER_BYTES],
    ['x-custom', MAX_HEADER_BYTES],
  ])('accepts %s at its limit of %i bytes and refuses one byte more with a 431 naming it', (name, limit) => {
    expect(refusal(() => checkHeaderSizes(new Headers({ [name]: sized(limit) })))).toBeUndefined()
    expect(refusal(() => checkHeaderSizes(new Headers({ [name]: sized(limit + 1) })))).toMatchObject({ status: 431, code: 'header_too_large', param: name })
  })

  it('names an x-portkey header spelled with underscores as the config layer reads it', () => {
    expect(refusal(() => checkHeaderSizes(new Headers({ 'x-portkey-forward_headers': sized(MAX_HEADER_BYTES + 1) })))).toMatchObject({ param: 'x-portkey-forward-headers' })
  })
})

describe('checkParallelism', () => {
  it('caps n of an image request at 10 (n parallel upstream requests for Stability)', () => {
    expect(refusal(() => checkParallelism('images', { n: 10 }))).toBeUndefined()
    expect(refusal(() => checkParallelism('images', { n: 11 }))).toMatchObject({ status: 400, param: 'n', code: 'too_many_images' })
  })
})
