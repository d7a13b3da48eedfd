import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { z } from 'zod'
import { toHex } from 'multiformats/bytes'
import { command, decodeMessage, parseBinaryArgument } from '../../../src/cli/commands/message.ts'
import { UnsignedMessage } from '../../../spec/systems/filecoin_vm/message/message.ts'
import { SignedMessage } from '../../../spec/systems/filecoin_vm/message/signed_message.ts'
import { newIdAddress } from '../../../spec/appendix/address/address.ts'
import { FilspecError } from '../../../src/schema/errors.ts'

const repoRoot = new URL('../../../', import.meta.url).pathname
const bin = join(repoRoot, 'bin/filspec.js')

function filspec(args: string[]) {
  const r = spawnSync('node', [bin, ...args], { encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

async function run(args: string[], json = true): Promise<string> {
  let text = ''
  await command.run({ root: repoRoot, args, values: { json }, out: (t) => (text += t), err: () => {} })
  return text
}

// Outside values: test/spec/systems/filecoin_vm/message/signed_message_vectors.json.
const Vectors = z.object({
  vectors: z.array(z.object({ id: z.string(), signedMessage: z.object({ Message: z.record(z.string(), z.unknown()), Signature: z.unknown() }), cid: z.string() })),
  lotusMessageJson: z.object({ json: z.string() }),
})
const vectors = Vectors.parse(JSON.parse(readFileSync(join(repoRoot, 'test/spec/systems/filecoin_vm/message/signed_message_vectors.json'), 'utf8')))
const signedOf = (id: string) => {
  const v = vectors.vectors.find((x) => x.id === id)!
  return { sm: SignedMessage.fromJson({ ...v.signedMessage, Message: { Version: 0, ...v.signedMessage.Message } }), cid: v.cid }
}

describe('filspec message decode', () => {
  it('lotus TestMessageJson: prints the Lotus JSON, CID key included, exactly as Lotus writes it', async () => {
    const m: UnsignedMessage = {
      Version: 0n,
      To: newIdAddress(4n),
      From: newIdAddress(0n),
      Nonce: 34n,
      Value: 0n,
      GasLimit: 123n,
      GasFeeCap: 234n,
      GasPremium: 234n,
      Method: 6n,
      Params: new TextEncoder().encode('hai'),
    }
    const out = JSON.parse(await run(['decode', toHex(UnsignedMessage.encode(m))]))
    expect(JSON.stringify(out.lotusJson)).toBe(vectors.lotusMessageJson.json)
    expect(out).toMatchObject({ type: 'UnsignedMessage', chainLength: UnsignedMessage.encode(m).length })
    expect(out.cid).toBe(JSON.parse(vectors.lotusMessageJson.json).CID['/'])
  })

  it('zondax/get_cid (secp256k1, base64 input): the signed CID, by the signed-message rule', async () => {
    const { sm, cid } = signedOf('zondax/get_cid')
    const out = JSON.parse(await run(['decode', Buffer.from(SignedMessage.encode(sm)).toString('base64')]))
    expect(out).toMatchObject({ type: 'SignedMessage', cid, signatureType: 'secp256k1', chainLength: 134 })
    expect(out.cidRule).toMatch(/signed message/)
    expect(out.lotusJson.CID).toEqual({ '/': cid })
    expect(out.lotusJson.Message.CID['/']).not.toBe(cid)
    expect(Object.keys(out.lotusJson)).toEqual(['Message', 'Signature', 'CID'])
  })

  it('serialization-vectors message_signing[0] (BLS, 0x-hex input): the unsigned CID', async () => {
    const { sm, cid } = signedOf('serialization-vectors/message_signing[0]')
    const out = JSON.parse(await run(['decode', `0x${toHex(SignedMessage.encode(sm))}`]))
    expect(out).toMatchObject({ type: 'SignedMessage', cid, signatureType: 'bls' })
    expect(out.cidRule).toMatch(/unsigned message/)
    expect(out.lotusJson.Message.CID).toEqual({ '/': cid })
  })

  it('prints text without --json', async () => {
    const { sm, cid } = signedOf('zondax/get_cid')
    const text = await run(['decode', toHex(SignedMessage.encode(sm))], false)
    expect(text).toMatch(new RegExp(`^SignedMessage \\(secp256k1 signature\\)\ncid: ${cid}\ncid rule: .+\nchain length: 134 bytes\n\\{`))
  })

  it('exits 0 from the command line', () => {
    const { sm, cid } = signedOf('serialization-vectors/message_signing[1]')
    const r = filspec(['message', 'decode', toHex(SignedMessage.encode(sm)), '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).cid).toBe(cid)
  })

  it.each([
    ['not hex or base64', ['message', 'decode', 'zz!'], /^filspec: message decode: expected hex or padded base64, got "zz!"\n$/],
    ['odd-length hex that is no base64 either', ['message', 'decode', '8a0'], /^filspec: message decode: expected hex or padded base64/],
    ['truncated CBOR', ['message', 'decode', '8a00'], /^filspec: message: expected dag-cbor, got /],
    ['a 9-field message', ['message', 'decode', '8900420000420001400040004000'], /^filspec: UnsignedMessage: expected array of 10 fields, got array\(9\)\n$/],
    ['a signed message with a 9-field message', ['message', 'decode', '8289004200004200014000400040004100'], /^filspec: SignedMessage\.Message: expected array of 10 fields/],
    ['no subcommand', ['message'], /^filspec: message: expected subcommand "decode", got ""\n$/],
    ['no argument', ['message', 'decode'], /^filspec: message decode: expected one argument <hex\|base64>\n$/],
  ])('bad input (%s): one line on stderr, exit 2', (_, args, stderr) => {
    const r = filspec(args)
    expect(r.stderr).toMatch(stderr)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
  })

  it('decodes any bytes into a message or a FilspecError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (raw) => {
        try {
          decodeMessage(raw)
        } catch (e) {
          expect(e).toBeInstanceOf(FilspecError)
        }
      }),
    )
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          parseBinaryArgument(text, 'x')
        } catch (e) {
          expect(e).toBeInstanceOf(FilspecError)
        }
      }),
    )
  })
})
