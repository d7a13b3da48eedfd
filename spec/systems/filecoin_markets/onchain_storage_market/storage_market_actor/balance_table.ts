// Spec section: Systems › Filecoin Markets › Storage Market Actor, "Balance tables". A map from
// addresses to token amounts over a HAMT, an absent address holding zero (specs-actors v0.9.13
// and v2.3.2 util/adt/balancetable.go). Each operation makes exactly the HAMT calls of its Go
// counterpart, in order, since each block read or written is charged gas; that includes Go's
// quirks: adding zero to an absent address writes a zero entry, and an entry is removed only
// when a change brings a non-zero balance to zero.

import type { CID } from 'multiformats/cid'
import type { Address } from '../../../../appendix/address/address.ts'
import { createHamt, getHamtVersionForActors, loadHamt, type Hamt } from '../../../../appendix/data_structures/hamt.ts'
import type { Blockstore } from '../../../filecoin_nodes/repository/ipldstore/blockstore.ts'
import type { ActorsVersion } from '../../../filecoin_vm/actor/builtin_code.ts'
import { FilspecError } from '../../../../../src/schema/errors.ts'
import { decodeBalance, encodeBalance, getAddressKey } from './state.ts'

/** A balance change the table refuses: one that would leave a balance negative, or a subtraction of more than there is. */
export class BalanceTableError extends FilspecError {
  override name = 'BalanceTableError'
}

/** A balance table open on a store; changes stay in memory until `flush`. */
export interface BalanceTable {
  /** The balance of `addr`, zero when absent (`Get`). */
  get(addr: Address): Promise<bigint>
  /** Adds `amount` (which may be negative) to the balance; a negative result is a BalanceTableError (`Add`). */
  add(addr: Address, amount: bigint): Promise<void>
  /** Subtracts up to `req`, leaving at least `floor`; the amount subtracted (`SubtractWithMinimum`). */
  subtractWithMinimum(addr: Address, req: bigint, floor: bigint): Promise<bigint>
  /** Subtracts exactly `req`; more than the balance is a BalanceTableError (`MustSubtract`). */
  mustSubtract(addr: Address, req: bigint): Promise<void>
  /** The sum of all balances (`Total`). */
  total(): Promise<bigint>
  /** Writes the table and returns its root (`Root`). */
  flush(): Promise<CID>
}

function openBalanceTable(map: Hamt): BalanceTable {
  const get = async (addr: Address): Promise<bigint> => {
    const value = await map.get(getAddressKey(addr))
    return value === undefined ? 0n : decodeBalance(value)
  }
  const add = async (addr: Address, amount: bigint): Promise<void> => {
    const prev = await get(addr)
    const sum = prev + amount
    if (sum < 0n) throw new BalanceTableError(`balance table: adding ${amount} to balance ${prev} would give negative ${sum}`)
    // go-hamt-ipld fails to delete an absent key, but a zero sum from a non-zero balance has its key
    if (sum === 0n && prev !== 0n) await map.delete(getAddressKey(addr))
    else await map.set(getAddressKey(addr), encodeBalance(sum))
  }
  return {
    get,
    add,
    async subtractWithMinimum(addr, req, floor) {
      const prev = await get(addr)
      const available = prev - floor > 0n ? prev - floor : 0n
      const sub = available < req ? available : req
      if (sub > 0n) await add(addr, -sub)
      return sub
    },
    async mustSubtract(addr, req) {
      const prev = await get(addr)
      if (req > prev) throw new BalanceTableError(`balance table: cannot subtract ${req} from balance ${prev}`)
      await add(addr, -req)
    },
    async total() {
      let sum = 0n
      for await (const { value } of map.entries()) sum += decodeBalance(value)
      return sum
    },
    flush: () => map.flush(),
  }
}

/** The balance table whose HAMT root is `root`; loading reads the root (`AsBalanceTable`). */
export async function loadBalanceTable(store: Blockstore, root: CID, version: ActorsVersion): Promise<BalanceTable> {
  return openBalanceTable(await loadHamt(store, root, { version: getHamtVersionForActors(version) }))
}

/** A new, empty balance table: nothing is written until it is flushed. */
export function createBalanceTable(store: Blockstore, version: ActorsVersion): BalanceTable {
  return openBalanceTable(createHamt(store, { version: getHamtVersionForActors(version) }))
}
