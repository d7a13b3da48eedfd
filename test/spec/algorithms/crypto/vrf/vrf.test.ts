import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { base64pad } from 'multiformats/bases/base64'
import { fromHex, toHex } from 'multiformats/bytes'
import { computeVrf, computeVrfDigest, verifyVrf } from '../../../../../spec/algorithms/crypto/vrf/vrf.ts'
import { addressFromString, newBlsAddress, newIdAddress, newSecp256k1Address } from '../../../../../spec/appendix/address/address.ts'
import { getBlsPublicKey } from '../../../../../spec/algorithms/crypto/signatures/bls.ts'

const b64 = (s: string) => base64pad.baseDecode(s.replace(/=+$/, ''))

// filecoin-project/serialization-vectors message_signing.json (commit 106f8d49, the version Lotus's
// extern/serialization-vectors points at): a BLS key (little-endian, as Filecoin stores it), the
// signed bytes (a message CID, CidHexBytes) and the signature. A VRF proof is exactly such a
// signature, so each case is a VRF vector whose input is the CID. (The file's March 2020 version,
// commit 1e778d5b, has signatures from before bls-signatures adopted the IETF hash-to-curve; they
// do not verify today.)
const SIGNING_VECTORS = [
  {
    id: 'message_signing.json[0]',
    from: 't3sogjuub37grt2tuvvlxbiamthwxenf2dwgq6sn7gpj72c5omg7gojjplsdsovgq6g3aagwerkght3e7boqfq',
    input: '0171a0e40220cebe89d62b1ff3c34a26d112fd0d1c71debefce08214cce0cdaaf67d532fbfeb',
    privateKey: 'pyBOAP9camcZANKedHE+oaqPgtsOd/qBvOAO1YfvLVY=',
    proof: 'sYHUj6N7Cb86A8pTPyaB82zdeemyHd+tZU4Vdsm6bz2GlaeLC5tsc3SX1Q7Fr5pRA5gXhcx4ID+vDqDVO7ZAnToKaWeZ2Wr28S+b4tGWOwqYHx8jkkvklyyNJ5wK4bq+',
  },
  {
    id: 'message_signing.json[1]',
    from: 't3unbjghaftrz676njfgakmfwvirbu5kxpafb57ex2s4sd7p2e5un2mru5fn3l2hnahcqsxtvwxy5j2cdtlaaa',
    input: '0171a0e4022085f14c26af4fee87f75ce11fb3f98f5bab2010992eaa52211c04ce677302cf40',
    privateKey: 'up1tp2I6oAPrSyiAW1chA9Uo32DiPy+nDb5Sl7BXmT0=',
    proof: 'kfeQ7eyQ+Rs3jgv2igh2w5H4z8+laQXttg68Q5hPsf1vluiOjXFWELS1HrMqR7xaDR6Q2yjXLDdmxm+JsFr6MNSUbdDBBXsiH9aTUyxc3cA9Li5QZ0ed2k/oKHPhpeDh',
  },
]

describe('VRF against serialization-vectors BLS signatures', () => {
  it.each(SIGNING_VECTORS.map((v) => [v.id, v] as const))('%s', (_, v) => {
    const worker = addressFromString(v.from)
    const input = fromHex(v.input)
    expect(toHex(computeVrf(b64(v.privateKey), input))).toBe(toHex(b64(v.proof)))
    expect(verifyVrf(worker, input, b64(v.proof))).toBe(true)
    // the same proof for another input, or under another worker, does not verify
    expect(verifyVrf(worker, Uint8Array.from([...input, 0]), b64(v.proof))).toBe(false)
    const other = SIGNING_VECTORS.find((o) => o !== v)!
    expect(verifyVrf(addressFromString(other.from), input, b64(v.proof))).toBe(false)
  })
})

describe('verifyVrf', () => {
  const v = SIGNING_VECTORS[0]!
  const input = fromHex(v.input)
  const proof = b64(v.proof)

  it('is false for a worker that is not a BLS address', () => {
    expect(verifyVrf(newIdAddress(1000n), input, proof)).toBe(false)
    expect(verifyVrf(newSecp256k1Address(fromHex(`04${'11'.repeat(64)}`)), input, proof)).toBe(false)
  })

  it('is false, never a throw, for proofs of any other bytes', () => {
    const worker = addressFromString(v.from)
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 120 }), fc.uint8Array({ minLength: 96, maxLength: 96 })), (garbage) => {
        fc.pre(toHex(garbage) !== toHex(proof))
        expect(verifyVrf(worker, input, garbage)).toBe(false)
      }),
      { numRuns: 30 },
    )
  })

  it('accepts what computeVrf produces, for any key and input', () => {
    const arbKey = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => k[31]! < 0x73 && k.some((b) => b !== 0)) // below r, little-endian
    fc.assert(
      fc.property(arbKey, fc.uint8Array({ maxLength: 64 }), (key, message) => {
        const worker = newBlsAddress(getBlsPublicKey(key))
        expect(verifyVrf(worker, message, computeVrf(key, message))).toBe(true)
      }),
      { numRuns: 5 },
    )
  })
})

describe('computeVrfDigest', () => {
  it('is BLAKE2b-256 of the proof (the known digest of empty input)', () => {
    expect(toHex(computeVrfDigest(new Uint8Array()))).toBe('0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8')
    expect(computeVrfDigest(b64(SIGNING_VECTORS[0]!.proof))).toHaveLength(32)
  })
})
