// What differs between two state trees, actor by actor: for `filspec conformance --diff`.
import type { CID } from 'multiformats/cid'
import { addressFromBytes, addressToString } from '../../spec/appendix/address/address.ts'
import type { Blockstore } from '../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { decodeActor, loadActorsHamt } from '../../spec/systems/filecoin_vm/state_tree/state_tree.ts'

/** Lines describing each actor that differs between the expected and the actual state root. */
export async function diffStates(store: Blockstore, expected: CID, actual: CID): Promise<string[]> {
  const read = async (root: CID) => {
    const { version, hamt } = await loadActorsHamt(store, root)
    const actors = new Map<string, ReturnType<typeof decodeActor>>()
    for await (const { key, value } of hamt.entries()) actors.set(addressToString(addressFromBytes(key)), decodeActor(value, version))
    return actors
  }
  const [want, got] = await Promise.all([read(expected), read(actual)])
  const lines: string[] = []
  for (const addr of [...new Set([...want.keys(), ...got.keys()])].sort()) {
    const a = want.get(addr)
    const b = got.get(addr)
    if (a === undefined) lines.push(`${addr}: not expected, got code ${b!.Code} balance ${b!.Balance}`)
    else if (b === undefined) lines.push(`${addr}: expected (code ${a.Code} balance ${a.Balance}), missing`)
    else {
      const diffs: string[] = []
      if (!a.Code.equals(b.Code)) diffs.push(`code ${a.Code} → ${b.Code}`)
      if (a.Balance !== b.Balance) diffs.push(`balance ${a.Balance} → ${b.Balance} (${b.Balance - a.Balance > 0n ? '+' : ''}${b.Balance - a.Balance})`)
      if (a.Nonce !== b.Nonce) diffs.push(`nonce ${a.Nonce} → ${b.Nonce}`)
      if (!a.Head.equals(b.Head)) diffs.push(`head ${a.Head} → ${b.Head}`)
      if (diffs.length > 0) lines.push(`${addr}: ${diffs.join(', ')}`)
    }
  }
  return lines
}
