// Helpers shared by the HAMT tests: the hash functions the references' own tests use, a store that
// counts what it is given, and a walk over every node of a flushed HAMT.
import * as dagCbor from '@ipld/dag-cbor'
import type { CID } from 'multiformats/cid'
import type { Block, Blockstore } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { createMemoryBlockstore } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { decodeHamtNode, type HamtNode, type HamtVersion } from '../../../../spec/appendix/data_structures/hamt_node.ts'

export const VERSIONS: readonly HamtVersion[] = ['v0', 'v2', 'v3']

const utf8 = new TextEncoder()
/** A key from text. */
export const textKey = (s: string): Uint8Array => utf8.encode(s)
/** A value as ref-fvm's tests store `BytesKey`/`ByteBuf`: a CBOR byte string of the text. */
export const bytesValue = (s: string): Uint8Array => dagCbor.encode(utf8.encode(s))

/** go-hamt-ipld hamt_test.go `identityHash` and fvm_ipld_hamt `Identity`: the key, zero-padded or cut to 32 bytes. */
export function identityHash(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(32)
  out.set(key.subarray(0, 32))
  return out
}

/** go-hamt-ipld hamt_test.go `shortIdentityHash`: the same in 16 bytes. */
export function shortIdentityHash(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(16)
  out.set(key.subarray(0, 16))
  return out
}

/** An unsigned varint (Go `binary.PutUvarint`), the keys of TestCleanChildOrdering. */
export function uvarint(n: number): Uint8Array {
  const out: number[] = []
  for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n & 0x7f) | 0x80)
  out.push(n)
  return Uint8Array.from(out)
}

/** A memory store that records every block written to it. */
export function createCountingStore(): Blockstore & { written: Block[] } {
  const inner = createMemoryBlockstore()
  const written: Block[] = []
  return {
    written,
    has: (cid) => inner.has(cid),
    get: (cid) => inner.get(cid),
    async put(cid, bytes) {
      written.push({ cid, bytes })
      await inner.put(cid, bytes)
    },
    async putMany(blocks) {
      const all = [...blocks]
      written.push(...all)
      await inner.putMany(all)
    },
  }
}

/** Every node under `root`, depth first, with the slots that lead to it. */
export async function collectNodes(store: Blockstore, root: CID, bitWidth: number, version: HamtVersion): Promise<Array<{ cid: CID; bytes: Uint8Array; node: HamtNode; path: number[] }>> {
  const out: Array<{ cid: CID; bytes: Uint8Array; node: HamtNode; path: number[] }> = []
  const visit = async (cid: CID, path: number[]) => {
    const bytes = await store.get(cid)
    const node = decodeHamtNode(bytes, bitWidth, version, cid)
    out.push({ cid, bytes, node, path })
    for (const [slot, p] of node.slots.entries()) if (p?.kind === 'link') await visit(p.cid!, [...path, slot])
  }
  await visit(root, [])
  return out
}
