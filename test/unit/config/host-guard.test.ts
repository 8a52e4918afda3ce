import { describe, expect, it } from 'vitest'
import { checkCallerHost } from '../../../worker/config/host-guard'
import { GatewayError } from '../../../worker/http/errors'

const TEST_ALLOW_LIST = '127.0.0.1,localhost'

function refusal(url: string, allowList = ''): GatewayError {
  try {
    checkCallerHost(url, allowList)
  } catch (error) {
    if (error instanceof GatewayError) return error
    throw error
  }
  throw new Error(`${url} was accepted`)
}

describe('checkCallerHost', () => {
  it('accepts public http and https hosts and returns the parsed URL', () => {
    expect(checkCallerHost('https://api.example.com/v1', '').href).toBe('https://api.example.com/v1')
    expect(checkCallerHost('http://8.8.8.8:8080/', '').host).toBe('8.8.8.8:8080')
    expect(checkCallerHost('http://[2001:4860:4860::8888]/', '').hostname).toBe('[2001:4860:4860::8888]')
  })

  it.each([
    'http://127.0.0.1:11434',
    'http://127.8.9.10',
    'http://10.1.2.3',
    'http://172.16.0.1',
    'http://172.31.255.255',
    'http://192.168.1.1',
    'http://100.64.0.1',
    'http://169.254.169.254/latest/meta-data',
    'http://0.0.0.0',
    'http://224.0.0.1',
    'http://255.255.255.255',
    'http://localhost:8080',
    'http://LOCALHOST.',
    'http://api.localhost',
    'http://metadata.google.internal',
    'http://host.docker.internal:8000',
    'http://printer.local',
    'http://[::1]/',
    'http://[::]/',
    'http://[fe80::1]/',
    'http://[fd00:ec2::254]/',
    'http://[fc00::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://[0:0:0:0:0:ffff:169.254.169.254]/',
    'http://[::127.0.0.1]/',
    'http://[64:ff9b::10.0.0.1]/',
    'http://[2002:c0a8:0101::1]/',
  ])('refuses %s with host_not_allowed', (url) => {
    const error = refusal(url)
    expect(error.status).toBe(400)
    expect(error.code).toBe('host_not_allowed')
  })

  it.each([
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0xa9.0xfe.0xa9.0xfe/', '169.254.169.254'],
    ['http://3232235777/', '192.168.1.1'],
  ])('sees through the alternative IPv4 form %s (URL parsing gives %s)', (url, canonical) => {
    expect(new URL(url).hostname).toBe(canonical)
    expect(refusal(url).code).toBe('host_not_allowed')
  })

  it('refuses schemes other than http and https', () => {
    expect(refusal('file:///etc/passwd').code).toBe('host_not_allowed')
    expect(refusal('ftp://example.com/').code).toBe('host_not_allowed')
    expect(refusal('gopher://example.com/').code).toBe('host_not_allowed')
  })

  it('refuses credentials in the URL', () => {
    expect(refusal('https://user:pass@example.com/').message).toContain('credentials')
  })

  it('refuses what is not a URL with invalid_custom_host', () => {
    expect(refusal('not a url').code).toBe('invalid_custom_host')
    expect(refusal('api.example.com').code).toBe('invalid_custom_host')
  })

  it('allows hosts on the allow-list, in any of their written forms', () => {
    expect(checkCallerHost('http://127.0.0.1:11434/v1', TEST_ALLOW_LIST).port).toBe('11434')
    expect(checkCallerHost('http://localhost:8080', TEST_ALLOW_LIST).hostname).toBe('localhost')
    expect(checkCallerHost('http://2130706433:9000', TEST_ALLOW_LIST).hostname).toBe('127.0.0.1')
    expect(checkCallerHost('http://emulator.localhost', TEST_ALLOW_LIST).hostname).toBe('emulator.localhost')
    expect(checkCallerHost('http://[::1]:8080', ' ::1 ').hostname).toBe('[::1]')
    expect(checkCallerHost('http://10.0.0.5', '10.0.0.5').hostname).toBe('10.0.0.5')
  })

  it('allows only the listed hosts, not their neighbours', () => {
    expect(refusal('http://127.0.0.2', TEST_ALLOW_LIST).code).toBe('host_not_allowed')
    expect(refusal('http://[::1]/', TEST_ALLOW_LIST).code).toBe('host_not_allowed')
    expect(refusal('http://10.0.0.6', '10.0.0.5').code).toBe('host_not_allowed')
  })
})
