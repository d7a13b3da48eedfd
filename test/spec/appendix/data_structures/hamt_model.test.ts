// Model tests (issue 5, must show): random sequences of set, delete and flush-and-reload on a HAMT
// agree with a plain Map (get, iteration, size, and what each operation returns), in every version
// and bit widths 3 to 8, with sha2-256 and with a hash that crowds keys into few slots (to force
// splits, deep chains and collapses). The same contents give the same root CID whatever the
// insertion order; after deletes too in v2 and v3, while v0 may differ there in bucket order only
// (go-hamt-ipld v0.1.5's cleanChild, see hamt.test.ts).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toHex } from 'multiformats/bytes'
import type { CID } from 'multiformats/cid'
import { sha256 } from '@noble/hashes/sha2.js'
import type { Blockstore } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { createMemoryBlockstore } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { createHamt, loadHamt, type Hamt, type HamtHashFunction, type HamtOptions } from '../../../../spec/appendix/data_structures/hamt.ts'
import { bytesValue, collectNodes, textKey, VERSIONS } from './hamt_fixtures.ts'

/** sha2-256 with the first three bytes cut to one bit each: most keys share their first slots. */
const crowdedHash: HamtHashFunction = (key) => {
  const digest = sha256(key)
  for (let i = 0; i < 3; i++) digest[i]! &= 0x01
  return digest
}

const KEYS = Array.from({ length: 40 }, (_, i) => textKey(`key-${i}`))
const VALUES = Array.from({ length: 4 }, (_, i) => bytesValue(`value-${i}`))

type Op = { op: 'set'; key: number; value: number } | { op: 'delete'; key: number } | { op: 'reload' }
const arbOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), key: fc.nat({ max: KEYS.length - 1 }), value: fc.nat({ max: VALUES.length - 1 }) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('delete' as const), key: fc.nat({ max: KEYS.length - 1 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'reload' as const }) },
)

async function contents(h: Hamt): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for await (const { key, value } of h.entries()) {
    expect(out.has(toHex(key))).toBe(false)
    out.set(toHex(key), toHex(value))
  }
  return out
}

async function build(store: Blockstore, options: HamtOptions, entries: Array<[Uint8Array, Uint8Array]>): Promise<CID> {
  const h = createHamt(store, options)
  for (const [k, v] of entries) await h.set(k, v)
  return h.flush()
}

/** The tree's shape, each bucket's keys sorted: equal for two trees that differ only in bucket order. */
async function shape(store: Blockstore, root: CID, options: HamtOptions): Promise<string[]> {
  const nodes = await collectNodes(store, root, options.bitWidth!, options.version)
  return nodes.map(({ path, node }) => `${path.join('/')}:${node.slots.map((p) => (p === undefined ? '' : p.kind === 'link' ? 'L' : p.entries.map((e) => toHex(e.key)).sort().join(','))).join('|')}`)
}

const configs = VERSIONS.flatMap((version) => [3, 4, 5, 6, 7, 8].flatMap((bitWidth) => [['sha256', undefined] as const, ['crowded', crowdedHash] as const].map(([name, hash]) => ({ version, bitWidth, name, hash }))))

describe('a HAMT behaves as a Map, and its root depends on its contents only', () => {
  it.each(configs)('$version, bit width $bitWidth, $name hash', async ({ version, bitWidth, hash }) => {
    const options: HamtOptions = { version, bitWidth, ...(hash ? { hash } : {}) }
    await fc.assert(
      fc.asyncProperty(fc.array(arbOp, { maxLength: 200, size: 'max' }), async (ops) => {
        const store = createMemoryBlockstore()
        let h = createHamt(store, options)
        const model = new Map<string, string>()
        for (const op of ops) {
          if (op.op === 'reload') {
            h = await loadHamt(store, await h.flush(), options)
          } else if (op.op === 'set') {
            const [k, v] = [toHex(KEYS[op.key]!), toHex(VALUES[op.value]!)]
            expect(await h.set(KEYS[op.key]!, VALUES[op.value]!)).toBe(model.get(k) !== v)
            model.set(k, v)
          } else {
            expect(await h.delete(KEYS[op.key]!)).toBe(model.has(toHex(KEYS[op.key]!)))
            model.delete(toHex(KEYS[op.key]!))
          }
        }
        for (const key of KEYS) {
          const got = await h.get(key)
          expect(got === undefined ? undefined : toHex(got)).toBe(model.get(toHex(key)))
        }
        expect(await contents(h)).toEqual(model)
        const root = await h.flush()
        expect(await contents(await loadHamt(store, root, options))).toEqual(model)

        const entries = [...model].map(([k, v]): [Uint8Array, Uint8Array] => [Buffer.from(k, 'hex'), Buffer.from(v, 'hex')])
        const ascending = await build(store, options, entries)
        const descending = await build(store, options, [...entries].reverse())
        expect(String(descending)).toBe(String(ascending))
        if (version === 'v0') expect(await shape(store, root, options)).toEqual(await shape(store, ascending, options))
        else expect(String(root)).toBe(String(ascending))
      }),
      { numRuns: 25 },
    )
  })

  it.each(VERSIONS)('%s: any two insertion orders of the same entries give the same root CID', async (version) => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(fc.uint8Array({ maxLength: 6 }), fc.nat({ max: 3 })), { selector: ([k]) => toHex(k), maxLength: 150, size: 'max' }),
        fc.integer({ min: 3, max: 8 }),
        fc.boolean(),
        async (entries, bitWidth, crowded) => {
          const options: HamtOptions = { version, bitWidth, ...(crowded ? { hash: crowdedHash } : {}) }
          const pairs = entries.map(([k, v]): [Uint8Array, Uint8Array] => [k, VALUES[v]!])
          const shuffled = [...pairs].sort(([a], [b]) => toHex(sha256(a)).localeCompare(toHex(sha256(b))))
          const store = createMemoryBlockstore()
          expect(String(await build(store, options, shuffled))).toBe(String(await build(store, options, pairs)))
        },
      ),
      { numRuns: 60 },
    )
  })
})
