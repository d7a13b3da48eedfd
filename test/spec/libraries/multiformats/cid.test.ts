import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { fromHex, toHex } from 'multiformats/bytes'
import { CHAIN_CID_RULES, CidError, MAX_CID_LEN, decodeCid, validateChainCid, type CidErrorKind } from '../../../../spec/libraries/multiformats/cid.ts'
import { BLAKE2B_256, DAG_CBOR, FIL_COMMITMENT_SEALED, FIL_COMMITMENT_UNSEALED, IDENTITY, RAW, SHA2_256 } from '../../../../spec/libraries/multiformats/multicodec.ts'
import { SchemaError } from '../../../../src/schema/errors.ts'
import { valueOrSchemaError } from '../../../src/schema/arbitraries.ts'

function kindOf(f: () => unknown): CidErrorKind {
  try {
    f()
  } catch (e) {
    if (e instanceof CidError) return e.kind
    throw e
  }
  throw new Error('expected a CidError, got a value')
}

describe('CIDs Filecoin uses', () => {
  it.each<[string, string]>([
    // forest src/networks/mainnet/mod.rs (commit b94e3227…): the mainnet genesis block.
    ['bafy2bzacecnamqgqmifpluoeldx7zzglxcljo6oja4vrmtj7432rphldpdmm2', 'mainnet genesis block (forest)'],
    // lotus chain/gen/genesis/genesis.go: every genesis block's parent, a dag-cbor sha2-256 block.
    ['bafyreiaqpwbbyjo4a42saasj36kkrpv4tsherf2e7bvezkert2a7dhonoi', 'genesis parent (lotus filecoinGenesisCid)'],
    // Zondax filecoin-signing-tools test_vectors/get_cid.json: a signed message CID.
    ['bafy2bzacebaiinljwwctblf7czp4zxwhz4747z6tpricgn5cumd4xhebftcvu', 'signed message (Zondax get_cid.json)'],
    // ipld/ipld data-structures/filecoin/chain.md (commit 1df5547a…): actor code of actors v0.
    ['bafkqadlgnfwc6mjpmfrwg33vnz2a', 'fil/1/account code (ipld chain.md)'],
    // lotus build/builtin_actors_gen.go (commit 7d002b60…): mainnet actors v8 account code and manifest.
    ['bafk2bzacedudbf7fc5va57t3tmo63snmt3en4iaidv4vo3qlyacbxaa6hlx6y', 'actors v8 account code (lotus builtin_actors_gen.go)'],
    ['bafy2bzacebogjbpiemi7npzxchgcjjki3tfxon4ims55obfyfleqntteljsea', 'actors v8 manifest (lotus builtin_actors_gen.go)'],
    // builtin-actors actors/miner/src/commd.rs / go-commp-utils zerocomm: zero piece of 128 bytes.
    ['baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy', 'zero CommP, 128 B (go-commp-utils)'],
    // lotus cmd/lotus-bench/simple.go usage text (commit 0da6077f…): a 2 KiB sector's CommR.
    ['bagboea4b5abcbrshxgmmpaucffwp2elaofbcrvb7hmcu3653o4lsw2arlor4hn3c', 'CommR of a 2 KiB sector (lotus-bench)'],
  ])('accepts %s: %s', (text) => {
    const cid = CID.parse(text)
    validateChainCid(cid)
    expect(decodeCid(cid.bytes).equals(cid)).toBe(true)
  })

  // filecoin-project/serialization-vectors message_signing.json (commit 5bfb9289…): Cid and CidHexBytes.
  it('serialization-vectors message_signing.json: CidHexBytes decode to the Cid', () => {
    const cid = decodeCid(fromHex('0171a0e40220cebe89d62b1ff3c34a26d112fd0d1c71debefce08214cce0cdaaf67d532fbfeb'))
    expect(cid.toString()).toBe('bafy2bzacedhl5cowfmp7hq2ke3irf7indry55px44cbbjthazwvpm7ktf676w')
    validateChainCid(cid)
  })

  it('reads the ipld chain.md bytes of fil/1/account; commitment CIDs have the prefixes of ref-fvm commcid', () => {
    expect(toHex(decodeCid(fromHex('0155000d66696c2f312f6163636f756e74')).bytes)).toBe('0155000d66696c2f312f6163636f756e74')
    expect(CID.parse('bafkqadlgnfwc6mjpmfrwg33vnz2a').bytes).toEqual(fromHex('0155000d66696c2f312f6163636f756e74'))
    expect(toHex(CID.parse('baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy').bytes).slice(0, 14)).toBe('0181e203922020')
    // external-vectors.md §5 gives the sealed prefix as 0182e203922020, but a real CommR's multihash
    // is poseidon (0xb401, varint 81e802), as ref-fvm replica_commitment_v1_to_cid writes it.
    expect(toHex(CID.parse('bagboea4b5abcbrshxgmmpaucffwp2elaofbcrvb7hmcu3653o4lsw2arlor4hn3c').bytes).slice(0, 16)).toBe('0182e20381e80220')
  })

  const v1 = (codec: number, hash: number, digestLength: number) => CID.createV1(codec, createDigest(hash, new Uint8Array(digestLength).fill(7)))
  it.each<[string, CID, CidErrorKind]>([
    // The IPFS docs' examples: a CIDv0 and a dag-pb CIDv1.
    ['CIDv0', CID.parse('QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n'), 'version'],
    ['dag-pb', CID.parse('bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'), 'codec'],
    ['dag-json (0x0129)', v1(0x0129, BLAKE2B_256, 32), 'codec'],
    ['dag-cbor with sha2-512', v1(DAG_CBOR, 0x13, 64), 'multihash'],
    ['dag-cbor with blake2b-160', v1(DAG_CBOR, 0xb214, 20), 'multihash'],
    ['dag-cbor blake2b-256 with a 20-byte digest', v1(DAG_CBOR, BLAKE2B_256, 20), 'digest-length'],
    ['raw with sha2-256', v1(RAW, SHA2_256, 32), 'multihash'],
    // ref-fvm commcid validate_filecoin_cid_segments: "Incorrect hash function for unsealed commitment".
    ['unsealed commitment with blake2b-256', v1(FIL_COMMITMENT_UNSEALED, BLAKE2B_256, 32), 'multihash'],
    ['sealed commitment with sha2-256-trunc254-padded', v1(FIL_COMMITMENT_SEALED, 0x1012, 32), 'multihash'],
    ['unsealed commitment of 31 bytes', v1(FIL_COMMITMENT_UNSEALED, 0x1012, 31), 'digest-length'],
    ['identity of 65 bytes', v1(RAW, IDENTITY, 65), 'digest-length'],
    ['a CID of more than 100 bytes', v1(DAG_CBOR, IDENTITY, 100), 'length'],
  ])('rejects %s', (_, cid, kind) => {
    expect(kindOf(() => validateChainCid(cid))).toBe(kind)
  })

  it('names what is wrong', () => {
    expect(() => validateChainCid(v1(DAG_CBOR, 0x13, 64), 'BlockHeader.Messages')).toThrow('BlockHeader.Messages: multihash expected one of 0xb220, 0x0, 0x12 for codec 0x71, got 0x13')
  })

  it('every rule of the table is met by a CID of its shape, at both digest bounds', () => {
    for (const r of CHAIN_CID_RULES) {
      validateChainCid(v1(r.codec, r.hash, r.minDigest))
      validateChainCid(v1(r.codec, r.hash, r.maxDigest))
      if (r.minDigest > 0) expect(kindOf(() => validateChainCid(v1(r.codec, r.hash, r.minDigest - 1)))).toBe('digest-length')
    }
    expect(Math.max(...CHAIN_CID_RULES.map((r) => v1(r.codec, r.hash, r.maxDigest).bytes.length))).toBeLessThanOrEqual(MAX_CID_LEN)
  })
})

describe('decodeCid', () => {
  it.each<[string, CidErrorKind]>([
    ['', 'encoding'],
    ['01', 'encoding'],
    ['0171a0e40220', 'encoding'], // digest missing
    [`0171a0e40220${'00'.repeat(33)}`, 'encoding'], // a byte after the digest
    [`0181007100a0e40220${'00'.repeat(32)}`, 'encoding'], // codec varint 0x81 0x00 is not minimal
    [`02711220${'00'.repeat(32)}`, 'version'],
    [`1220${'00'.repeat(31)}`, 'encoding'], // CIDv0 of 33 bytes
    ['01ffffffffffffffffff01', 'encoding'], // a varint of 10 bytes
  ])('rejects %s as %s', (hex, kind) => {
    expect(kindOf(() => decodeCid(fromHex(hex)))).toBe(kind)
  })

  it('reads CIDv0 (a bare sha2-256 multihash), which validateChainCid then rejects', () => {
    const v0 = CID.parse('QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n')
    expect(decodeCid(v0.bytes).equals(v0)).toBe(true)
  })

  it('reads garbage only into a CID whose bytes are the input, the same one multiformats reads', () => {
    const prefixes = fc.constantFrom(fromHex('0171a0e40220'), fromHex('01550000'), fromHex('1220'), fromHex('0181e203922020'), new Uint8Array(0))
    const arb = fc.oneof(fc.uint8Array({ maxLength: 80 }), fc.tuple(prefixes, fc.uint8Array({ maxLength: 40 })).map(([p, rest]) => Uint8Array.from([...p, ...rest])))
    fc.assert(
      fc.property(arb, (bytes) => {
        const cid = valueOrSchemaError(() => decodeCid(bytes))
        if (cid instanceof SchemaError) {
          expect(cid).toBeInstanceOf(CidError)
          return
        }
        expect(cid.bytes).toEqual(bytes)
        expect(CID.decode(bytes).equals(cid)).toBe(true)
      }),
    )
  })

  it('reads back every CID the rules allow', () => {
    const arb = fc.constantFrom(...CHAIN_CID_RULES).chain((r) => fc.uint8Array({ minLength: r.minDigest, maxLength: r.maxDigest }).map((d) => CID.createV1(r.codec, createDigest(r.hash, d))))
    fc.assert(
      fc.property(arb, (cid) => {
        validateChainCid(cid)
        expect(decodeCid(cid.bytes).equals(cid)).toBe(true)
      }),
    )
  })
})
