import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const bin = join(new URL('../../../', import.meta.url).pathname, 'bin/filspec.js')

function filspec(args: string[]) {
  const r = spawnSync('node', [bin, ...args], { encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('filspec address inspect --json', () => {
  it.each<[string, Record<string, unknown>]>([
    // filecoin-project/specs address.md test vectors; go-address TestDelegatedAddress; iso-filecoin's f410.
    ['f01024', { protocol: 0, payload: '8008', bytes: '008008', network: 'f', id: '1024' }],
    ['t09223372036854775807', { protocol: 0, payload: 'ffffffffffffffff7f', bytes: '00ffffffffffffffff7f', network: 't', id: '9223372036854775807' }],
    ['f17uoq6tp427uzv7fztkbsnn64iwotfrristwpryy', { protocol: 1, payload: 'fd1d0f4dfcd7e99afcb99a8326b7dc459d32c628', bytes: '01fd1d0f4dfcd7e99afcb99a8326b7dc459d32c628', network: 'f' }],
    ['t24vg6ut43yw2h2jqydgbg2xq7x6f4kub3bg6as6i', { protocol: 2, payload: 'e54dea4f9bc5b47d261819826d5e1fbf8bc5503b', bytes: '02e54dea4f9bc5b47d261819826d5e1fbf8bc5503b', network: 't' }],
    [
      'f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a',
      {
        protocol: 3,
        payload: 'ad58df696e2d4e91ea86c881e938ba4ea81b395e12797b84b9cf314b9546705e839c7a99d606b247ddb4f9ac7a3414dd',
        bytes: '03ad58df696e2d4e91ea86c881e938ba4ea81b395e12797b84b9cf314b9546705e839c7a99d606b247ddb4f9ac7a3414dd',
        network: 'f',
      },
    ],
    ['f432f77777777x32lpna', { protocol: 4, payload: '20ffffffffff', bytes: '0420ffffffffff', network: 'f', namespace: '32', subaddress: 'ffffffffff' }],
    [
      'f410f2oekwcmo2pueydmaq53eic2i62crtbeyuzx2gmy',
      {
        protocol: 4,
        payload: '0ad388ab098ed3e84c0d808776440b48f685198498',
        bytes: '040ad388ab098ed3e84c0d808776440b48f685198498',
        network: 'f',
        namespace: '10',
        subaddress: 'd388ab098ed3e84c0d808776440b48f685198498',
        ethAddress: '0xd388aB098ed3E84c0D808776440B48F685198498',
      },
    ],
    // lotus mpool_test.go: a masked ID inside f410 is a valid address without an Ethereum form.
    [
      'f410f74aaaaaaaaaaaaaaaaaaaaaaaaac5sh2bf3lgta',
      { protocol: 4, payload: '0aff000000000000000000000000000000002ec8fa', bytes: '040aff000000000000000000000000000000002ec8fa', network: 'f', namespace: '10', subaddress: 'ff000000000000000000000000000000002ec8fa' },
    ],
    // An Ethereum address reads as its mainnet Filecoin form; a masked ID as the ID address.
    [
      '0xd388ab098ed3e84c0d808776440b48f685198498',
      {
        protocol: 4,
        payload: '0ad388ab098ed3e84c0d808776440b48f685198498',
        bytes: '040ad388ab098ed3e84c0d808776440b48f685198498',
        network: 'f',
        namespace: '10',
        subaddress: 'd388ab098ed3e84c0d808776440b48f685198498',
        ethAddress: '0xd388aB098ed3E84c0D808776440B48F685198498',
      },
    ],
    ['0xff000000000000000000000000000000002ec8fa', { protocol: 0, payload: 'fa91bb01', bytes: '00fa91bb01', network: 'f', id: '3066106' }],
  ])('%s', (input, facts) => {
    const r = filspec(['address', 'inspect', input, '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`${JSON.stringify(facts)}\n`)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
  })

  it('prints a readable form without --json', () => {
    const r = filspec(['address', 'inspect', 'f410f2oekwcmo2pueydmaq53eic2i62crtbeyuzx2gmy'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      [
        'address     f410f2oekwcmo2pueydmaq53eic2i62crtbeyuzx2gmy',
        'protocol    4 (delegated)',
        'payload     0ad388ab098ed3e84c0d808776440b48f685198498',
        'bytes       040ad388ab098ed3e84c0d808776440b48f685198498',
        'network     f (mainnet)',
        'namespace   10',
        'subaddress  d388ab098ed3e84c0d808776440b48f685198498',
        'ethAddress  0xd388aB098ed3E84c0D808776440B48F685198498',
        '',
      ].join('\n'),
    )
  })

  it.each<[string[], RegExp]>([
    [['address', 'inspect', 't2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr24y'], /^filspec: address: checksum expected blake2b-32 of the address bytes, got "t2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr2/],
    [['address', 'inspect', 'f018446744073709551615', '--json'], /^filspec: address: id expected at most 19 digits/],
    [['address', 'inspect', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'], /^filspec: eth address: eth address expected the EIP-55 checksum/],
    [['address', 'inspect'], /^filspec: address inspect: expected one argument <addr>$/],
    [['address', 'inspect', 'f00', 'f01'], /^filspec: address inspect: expected one argument <addr>$/],
    [['address', 'frobnicate'], /^filspec: address: expected a subcommand \(inspect/],
    [['address'], /^filspec: address: expected a subcommand/],
    [['address', 'constructor'], /^filspec: address: expected a subcommand/],
  ])('bad input %j: one line on stderr, exit 2', (args, message) => {
    const r = filspec(args)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trimEnd()).toMatch(message)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
  })
})
