// `filspec state actors <file.car|vector.json> [--root CID] [--json]`: lists the actors of a state
// tree (address, code, balance, nonce, head) for inspection, read with the state tree section's
// loadActorsHamt and decodeActor.
import type { CID } from 'multiformats/cid'
import { CID as Cid } from 'multiformats/cid'
import { type Address, addressFromBytes, addressToString, getId } from '../../../spec/appendix/address/address.ts'
import { decodeActor, loadActorsHamt } from '../../../spec/systems/filecoin_vm/state_tree/state_tree.ts'
import { getInlineBytes, type Blockstore } from '../../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { bigInt } from '../../schema/big_int.ts'
import { FilspecError } from '../../schema/errors.ts'
import { cid, uint64 } from '../../schema/kinds.ts'
import { type Command, UsageError } from '../command.ts'
import { loadDagFile } from './car.ts'

/** One entry of the state tree. */
export interface ActorEntry {
  address: Address
  code: CID
  head: CID
  nonce: bigint
  balance: bigint
  delegated: Address | null
}

/** One HAMT entry: the key an address's bytes, the value an actor record. */
function decodeActorEntry(key: Uint8Array, bytes: Uint8Array, version: bigint): ActorEntry {
  const address = addressFromBytes(key, 'state tree key')
  const a = decodeActor(bytes, version)
  return { address, code: a.Code, head: a.Head, nonce: a.Nonce, balance: a.Balance, delegated: a.DelegatedAddress }
}

/** ID addresses by number first (the state tree's keys), any other after, by their text. */
function compareActors(a: ActorEntry, b: ActorEntry): number {
  const [x, y] = [a.address, b.address]
  if (x.protocol === 0 && y.protocol === 0) {
    const [i, j] = [getId(x), getId(y)]
    return i < j ? -1 : i > j ? 1 : 0
  }
  if (x.protocol === 0 || y.protocol === 0) return x.protocol === 0 ? -1 : 1
  return addressToString(x) < addressToString(y) ? -1 : 1
}

/** A code CID with the name it carries when it is an identity CID (fil/1/account, …). */
function describeCode(code: CID): string {
  const inline = getInlineBytes(code)
  return inline === undefined ? `${code}` : `${code} (${new TextDecoder().decode(inline)})`
}

function toJson(a: ActorEntry) {
  return {
    Address: addressToString(a.address),
    Code: cid.toJson(a.code),
    Head: cid.toJson(a.head),
    Nonce: uint64.toJson(a.nonce),
    Balance: bigInt.toJson(a.balance),
    ...(a.delegated === null ? {} : { DelegatedAddress: addressToString(a.delegated) }),
  }
}

function toTable(actors: ActorEntry[]): string {
  const rows = [['address', 'code', 'balance', 'nonce', 'head'], ...actors.map((a) => [addressToString(a.address), describeCode(a.code), `${a.balance}`, `${a.nonce}`, `${a.head}`])]
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n'
}

/** The actors of the state tree under `root`, ID addresses in numeric order. */
export async function listActors(store: Blockstore, root: CID): Promise<ActorEntry[]> {
  const { version, hamt } = await loadActorsHamt(store, root)
  const actors: ActorEntry[] = []
  for await (const { key, value } of hamt.entries()) actors.push(decodeActorEntry(key, value, version))
  return actors.sort(compareActors)
}

export const command: Command = {
  name: 'state',
  usage: 'state actors <file.car|vector.json> [--root CID] [--json]\n                                 the actors of a state tree (--root: the state root; default the CAR\'s first root)',
  // --root is also the CLI's repository option; this command reads no repository and takes it as the state root.
  options: { json: { type: 'boolean' } },
  async run({ args, values, out }) {
    const [sub, file, ...rest] = args
    if (sub !== 'actors') throw new UsageError(`state: expected subcommand "actors", got ${JSON.stringify(sub ?? '')}`)
    if (file === undefined || rest.length > 0) throw new UsageError('state actors: expected one argument <file.car|vector.json>')
    const { store, roots } = await loadDagFile(file)
    let root = roots[0]
    if (typeof values.root === 'string') {
      try {
        root = Cid.parse(values.root)
      } catch {
        throw new UsageError(`state actors: --root expected a CID, got ${JSON.stringify(values.root)}`)
      }
    }
    if (root === undefined) throw new FilspecError(`${file}: expected a root to read, got none`)
    const actors = await listActors(store, root)
    out(values.json === true ? `${JSON.stringify(actors.map(toJson), null, 2)}\n` : toTable(actors))
    return 0
  },
}
