// Signature verification speed: secp256k1 verifications per second; BLS verifications per
// second; and BLS aggregate verification of a 1,000-message block (1,000 distinct keys and
// messages under one aggregate, as chain validation checks a block's BLS messages). Measured in
// one run for the spec's functions (@noble/curves, one thread), the node's verifier
// (src/crypto: the same functions with pairing checks spread over worker threads), and
// @chainsafe/blst (native).
//
// @chainsafe/blst is NOT usable for Filecoin as packaged: it hard-codes Ethereum's domain
// separation tag BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_ and Filecoin signs with
// BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_. It is measured on its own tag, doing the same
// work (decoding and subgroup checks, hash to G2, pairings), to show the speed a native backend
// that accepts Filecoin's tag would give. Run: npx tsx bench/signatures.bench.ts (or make bench).
import { availableParallelism, cpus } from 'node:os'
import * as blst from '@chainsafe/blst'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js'
import { newBlsAddress, newSecp256k1Address } from '../spec/appendix/address/address.ts'
import { getBlsPublicKey, hashToBlsG2, signBls, verifyBls, verifyBlsAggregate } from '../spec/algorithms/crypto/signatures/bls.ts'
import { getSecp256k1PublicKey, signSecp256k1, verifySecp256k1 } from '../spec/algorithms/crypto/signatures/secp256k1.ts'
import { createSignatureVerifier } from '../src/crypto/verifier.ts'

const BLOCK_MESSAGES = 1000
const POP_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_'

/** Operations per second of `op(i)`, over at least `minMs` and at least `minOps` calls. */
function opsPerSecond(op: (i: number) => unknown, minMs: number, minOps = 1): number {
  let ops = 0
  const start = performance.now()
  while (ops < minOps || performance.now() - start < minMs) op(ops++)
  return ops / ((performance.now() - start) / 1000)
}

/** Distinct 38-byte messages shaped like message CIDs (CIDv1 dag-cbor blake2b-256 prefix ‖ counter). */
function messageBytes(i: number): Uint8Array {
  return Uint8Array.from([0x01, 0x71, 0xa0, 0xe4, 0x02, 0x20, ...numberToBytesBE(BigInt(i) * 0x9e3779b97f4a7c15n + 1n, 32)])
}

const fmt = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(x >= 10 ? 1 : 2)).padStart(8)
const rows: Array<[string, string, number]> = []
const report = (what: string, backend: string, ops: number) => {
  rows.push([what, backend, ops])
  console.log(`${what.padEnd(28)} ${backend.padEnd(34)} ${fmt(ops)} ops/s`)
}

console.log(`CPU: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} cores; Node ${process.version}`)
const node = createSignatureVerifier()

// secp256k1: recovery of the public key, then its f1 address compared with the signer's.
{
  const keys = Array.from({ length: 64 }, (_, i) => numberToBytesBE(BigInt(i + 1) * 0x1234567890abcdefn, 32))
  const items = keys.map((k, i) => ({ sig: signSecp256k1(k, messageBytes(i)), signer: newSecp256k1Address(getSecp256k1PublicKey(k)), data: messageBytes(i) }))
  report('secp256k1 verify', 'spec (@noble/curves)', opsPerSecond((i) => verifySecp256k1(items[i % 64]!.sig, items[i % 64]!.signer, items[i % 64]!.data), 2000))
  report('secp256k1 verify', 'node verifier (spec as is)', opsPerSecond((i) => node.verify({ type: 1, data: items[i % 64]!.sig }, items[i % 64]!.signer, items[i % 64]!.data), 2000))
}

// BLS, one signature.
{
  const keys = Array.from({ length: 16 }, (_, i) => numberToBytesLE(BigInt(i + 1) * 0xfedcba987654321n, 32))
  const items = keys.map((k, i) => ({ sig: signBls(k, messageBytes(i)), signer: newBlsAddress(getBlsPublicKey(k)), data: messageBytes(i) }))
  const nobleOps = opsPerSecond((i) => verifyBls(items[i % 16]!.sig, items[i % 16]!.signer, items[i % 16]!.data), 3000, 10)
  report('BLS verify', 'spec (@noble/curves, 1 thread)', nobleOps)
  node.verify({ type: 2, data: items[0]!.sig }, items[0]!.signer, items[0]!.data) // starts the workers
  report('BLS verify', `node verifier (noble, ${availableParallelism()} threads)`, opsPerSecond((i) => node.verify({ type: 2, data: items[i % 16]!.sig }, items[i % 16]!.signer, items[i % 16]!.data), 3000, 10))
  const blstItems = keys.map((_, i) => {
    const sk = blst.SecretKey.fromKeygen(new Uint8Array(32).fill(i + 1))
    return { pk: sk.toPublicKey().toBytes(), sig: sk.sign(messageBytes(i)).toBytes(), data: messageBytes(i) }
  })
  const blstOps = opsPerSecond((i) => {
    const it = blstItems[i % 16]!
    return blst.verify(it.data, blst.PublicKey.fromBytes(it.pk, true), blst.Signature.fromBytes(it.sig, true), true, true)
  }, 2000)
  report('BLS verify', '@chainsafe/blst (POP DST, native)', blstOps)

  // The tag is the whole difference: noble verifies blst's signature under POP, not under Filecoin's NUL.
  const it = blstItems[0]!
  const L = bls12_381.longSignatures
  console.log(`  blst signature verified by noble with the POP tag: ${L.verify(it.sig, L.hash(it.data, POP_DST), it.pk)}; with Filecoin's NUL tag: ${L.verify(it.sig, hashToBlsG2(it.data), it.pk)}`)
}

// BLS aggregate of a 1,000-message block.
{
  console.log(`  preparing ${BLOCK_MESSAGES} keys, messages and signatures…`)
  const messages = Array.from({ length: BLOCK_MESSAGES }, (_, i) => messageBytes(i))
  const scalars = messages.map((_, i) => BigInt(i + 1) * 0x5851f42d4c957f2dn + 7n)
  const publicKeys = scalars.map((k) => getBlsPublicKey(numberToBytesLE(k, 32)))
  // Sign by hand (sk·H(m)) rather than with signBls, which checks each signature it makes.
  let sum = bls12_381.G2.Point.ZERO
  messages.forEach((m, i) => (sum = sum.add(hashToBlsG2(m).multiply(scalars[i]!))))
  const aggregate = sum.toBytes(true)

  const spec = opsPerSecond(() => verifyBlsAggregate(aggregate, publicKeys, messages), 0, 1)
  if (!verifyBlsAggregate(aggregate, publicKeys, messages)) throw new Error('bench: the aggregate does not verify')
  report(`BLS aggregate, ${BLOCK_MESSAGES} msgs`, 'spec (@noble/curves, 1 thread)', spec)
  if (!node.verifyBlsAggregate(aggregate, publicKeys, messages)) throw new Error('bench: the node verifier rejects the aggregate')
  report(`BLS aggregate, ${BLOCK_MESSAGES} msgs`, `node verifier (noble, ${availableParallelism()} threads)`, opsPerSecond(() => node.verifyBlsAggregate(aggregate, publicKeys, messages), 0, 2))

  const blstKeys = messages.map((_, i) => blst.SecretKey.fromKeygen(numberToBytesBE(BigInt(i) + 1n, 32)))
  const blstPks = blstKeys.map((k) => k.toPublicKey().toBytes())
  const blstAggregate = blst.aggregateSignatures(blstKeys.map((k, i) => k.sign(messages[i]!))).toBytes()
  const blstVerify = () => blst.aggregateVerify(messages, blstPks.map((p) => blst.PublicKey.fromBytes(p, true)), blst.Signature.fromBytes(blstAggregate, true), true, true)
  if (!blstVerify()) throw new Error('bench: blst rejects its aggregate')
  report(`BLS aggregate, ${BLOCK_MESSAGES} msgs`, '@chainsafe/blst (POP DST, native)', opsPerSecond(blstVerify, 3000, 3))
}

const ops = (what: string, backend: string) => rows.find((r) => r[0] === what && r[1].startsWith(backend))![2]
console.log('\nratios (higher = faster than the spec\'s single-threaded noble):')
for (const what of ['BLS verify', `BLS aggregate, ${BLOCK_MESSAGES} msgs`]) {
  console.log(`  ${what.padEnd(26)} node verifier ×${(ops(what, 'node') / ops(what, 'spec')).toFixed(2)}   @chainsafe/blst ×${(ops(what, '@chainsafe') / ops(what, 'spec')).toFixed(1)}`)
}
const agg = ops(`BLS aggregate, ${BLOCK_MESSAGES} msgs`, 'node')
console.log(`  a ${BLOCK_MESSAGES}-message block's BLS aggregate takes ${(1000 / agg).toFixed(0)} ms with the node verifier, ${(1000 / ops(`BLS aggregate, ${BLOCK_MESSAGES} msgs`, '@chainsafe')).toFixed(0)} ms with blst`)
console.log('\n@chainsafe/blst is not usable for Filecoin as packaged (its DST is fixed to ..._POP_, Filecoin\'s is ..._NUL_);')
console.log('its figures show what a native backend that takes Filecoin\'s DST would give. The node uses noble (src/crypto/verifier.ts).')
await node.close()
