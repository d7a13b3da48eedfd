import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import { toHex } from 'multiformats/bytes'

const bin = join(new URL('../../../', import.meta.url).pathname, 'bin/filspec.js')

function filspec(args: string[]) {
  const r = spawnSync('node', [bin, ...args], { encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

// Zondax filecoin-signing-tools test_vectors/signed_message.json: the unsigned message's CBOR.
const MESSAGE_HEX = '8a005501fd1d0f4dfcd7e99afcb99a8326b7dc459d32c62855011eaf1c8a4bbfeeb0870b1745b1f57503470b71160144000186a01961a84200014200010040'
const MESSAGE_DIAGNOSTIC = `[
  0,
  h'01fd1d0f4dfcd7e99afcb99a8326b7dc459d32c628',
  h'011eaf1c8a4bbfeeb0870b1745b1f57503470b7116',
  1,
  h'000186a0',
  25000,
  h'0001',
  h'0001',
  0,
  h''
]
`

describe('filspec cbor decode', () => {
  it.each([
    ['hex', MESSAGE_HEX],
    ['0x hex', `0x${MESSAGE_HEX}`],
    ['base64', Buffer.from(MESSAGE_HEX, 'hex').toString('base64')],
  ])('prints the diagnostic notation of %s input', (_, input) => {
    const r = filspec(['cbor', 'decode', input])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(MESSAGE_DIAGNOSTIC)
  })

  it('prints a link with its CID', () => {
    // A one-link array: tag 42 over 0x00 ‖ the mainnet genesis CID (forest src/networks/mainnet/mod.rs).
    const genesis = CID.parse('bafy2bzacecnamqgqmifpluoeldx7zzglxcljo6oja4vrmtj7432rphldpdmm2')
    const r = filspec(['cbor', 'decode', `81d82a582700${toHex(genesis.bytes)}`])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`[\n  42(h'00${toHex(genesis.bytes)}') /${genesis}/\n]\n`)
  })

  it.each<[string[], RegExp]>([
    [['cbor', 'decode', '1817'], /^filspec: cbor: head expected the shortest encoding of its argument, got 0x1817 at byte 0$/],
    [['cbor', 'decode', 'fb3ff0000000000000'], /^filspec: cbor: item expected no floats \(Filecoin data has none\), got 0xfb at byte 0$/],
    [['cbor', 'decode', `${MESSAGE_HEX}00`], /^filspec: cbor: input expected one data item and nothing after it, got 1 more byte\(s\) at byte 63$/],
    [['cbor', 'decode', 'not cbor!'], /^filspec: cbor decode: expected hex or padded base64/],
    [['cbor', 'decode'], /^filspec: cbor decode: expected one argument <hex\|base64>$/],
    [['cbor', 'encode', '00'], /^filspec: cbor: expected subcommand "decode", got "encode"$/],
  ])('bad input %j: one line on stderr, exit 2', (args, message) => {
    const r = filspec(args)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.trimEnd()).toMatch(message)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
  })
})
