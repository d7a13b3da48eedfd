// The schema layer's cost over the codec it wraps: UnsignedMessage.decode/encode (typed fields,
// validation, and the canonical re-encoding check on decode) against plain @ipld/dag-cbor
// decode/encode of the same bytes, measured in the same run on every message of the
// conformance corpus. Run: make bench (or npx tsx bench/schema_codec.bench.ts).
import * as dagCbor from '@ipld/dag-cbor'
import { join } from 'node:path'
import { corpusDir, listCorpus } from '../src/conformance/corpus.ts'
import { UnsignedMessage } from '../spec/systems/filecoin_vm/message/message.ts'

const root = new URL('../', import.meta.url).pathname
const dir = corpusDir(root)
const messages = listCorpus(dir).flatMap((e) => (e.header.apply_messages ?? []).map((m) => Buffer.from(m.bytes, 'base64')))

/** Operations per second of `fn` over all messages, best of five rounds of at least 200 ms. */
function opsPerSecond(fn: (bytes: Uint8Array) => unknown): number {
  let best = 0
  for (let round = 0; round < 5; round++) {
    let ops = 0
    const start = process.hrtime.bigint()
    let elapsed = 0n
    while (elapsed < 200_000_000n) {
      for (const m of messages) fn(m)
      ops += messages.length
      elapsed = process.hrtime.bigint() - start
    }
    best = Math.max(best, ops / (Number(elapsed) / 1e9))
  }
  return best
}

const decoded = messages.map((m) => UnsignedMessage.decode(m))
const raw = messages.map((m) => dagCbor.decode(m))
let i = 0
const rows: Array<[string, number, number]> = [
  ['decode', opsPerSecond((m) => UnsignedMessage.decode(m)), opsPerSecond((m) => dagCbor.decode(m))],
  ['encode', opsPerSecond(() => UnsignedMessage.encode(decoded[i++ % decoded.length]!)), opsPerSecond(() => dagCbor.encode(raw[i++ % raw.length]))],
]
console.log(`${messages.length} corpus messages (${join(dir)})`)
for (const [op, ours, peer] of rows) {
  console.log(`${op.padEnd(7)} UnsignedMessage ${Math.round(ours).toLocaleString('en').padStart(9)} msg/s   @ipld/dag-cbor ${Math.round(peer).toLocaleString('en').padStart(9)} msg/s   ratio ${(ours / peer).toFixed(2)}`)
}
