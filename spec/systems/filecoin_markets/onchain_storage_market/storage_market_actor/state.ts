// Spec section: Systems › Filecoin Markets › Storage Market Actor, "State". The market's state
// and the keys and values of its tables, the same layout in actors v0 and v2 (specs-actors
// v0.9.13 and v2.3.2 builtin/market/market_state.go, set_multimap.go, util/adt/balancetable.go).
// Its two AMTs are go-amt-ipld v2 arrays in both versions; its HAMTs have bit width 5 and
// SHA-256 keys, written by go-hamt-ipld v0.1.5 in actors v0 and v2.0.0 in actors v2.

import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { addressToBytes, type Address } from '../../../../appendix/address/address.ts'
import { decodeCbor } from '../../../../libraries/ipld/dag_cbor.ts'
import type { Infer } from '../../../../../src/schema/kind.ts'
import { bigInt } from '../../../../../src/schema/big_int.ts'
import { SchemaError } from '../../../../../src/schema/errors.ts'
import { cid, int64, uint64 } from '../../../../../src/schema/kinds.ts'
import { defineStruct, field } from '../../../../../src/schema/struct.ts'
import { EPOCH_UNDEFINED } from './deal.ts'

export const MarketState = defineStruct(
  'MarketState',
  {
    Proposals: field(cid, 'AMT (go-amt-ipld v2): DealID → DealProposal, with ID addresses; a deal leaves it when it ends or times out.'),
    States: field(cid, 'AMT (go-amt-ipld v2): DealID → DealState, for each deal activated and not yet ended.'),
    PendingProposals: field(cid, 'HAMT: proposal CID bytes → DealProposal, for each deal published and not yet past its first cron update; refuses a proposal published twice.'),
    EscrowTable: field(cid, 'Balance table (HAMT): address bytes → BigInt, each party’s escrow, locked and unlocked together; never negative, an entry brought to zero removed.'),
    LockedTable: field(cid, 'Balance table (HAMT): address bytes → BigInt, the locked part of each party’s escrow; never above the escrow.'),
    NextID: field(uint64, 'The DealID the next published deal gets; above every DealID in Proposals.'),
    DealOpsByEpoch: field(cid, 'Set multimap (a HAMT of HAMT sets): epoch as an unsigned varint → the set of DealIDs (unsigned varint keys, null values) cron updates then.'),
    LastCron: field(int64, 'The last epoch cron processed, −1 before the first.'),
    TotalClientLockedCollateral: field(bigInt, 'The sum of the client collateral of the deals locked; never negative.'),
    TotalProviderLockedCollateral: field(bigInt, 'The sum of the provider collateral of the deals locked; never negative.'),
    TotalClientStorageFee: field(bigInt, 'The sum of the storage fees locked and not yet paid; never negative.'),
  },
  {
    doc:
      'The storage market actor state (the same in actors v0 and v2). The locked table sums to the three totals; ' +
      'the escrow table sums to no more than the actor’s balance.',
  },
)
export type MarketState = Infer<typeof MarketState>

/** The state of a new market (`ConstructState`): every table at its empty root, no deal, no cron yet. */
export function createMarketState(emptyArray: CID, emptyMap: CID, emptyMultimap: CID): MarketState {
  return {
    Proposals: emptyArray,
    States: emptyArray,
    PendingProposals: emptyMap,
    EscrowTable: emptyMap,
    LockedTable: emptyMap,
    NextID: 0n,
    DealOpsByEpoch: emptyMultimap,
    LastCron: EPOCH_UNDEFINED,
    TotalClientLockedCollateral: 0n,
    TotalProviderLockedCollateral: 0n,
    TotalClientStorageFee: 0n,
  }
}

/**
 * The HAMT key of an unsigned integer (`abi.UIntKey`): its unsigned varint, 7 bits a byte, least
 * significant first. An epoch is keyed as Go converts it, `uint64(epoch)`.
 */
export function getUintKey(v: bigint): Uint8Array {
  let x = BigInt.asUintN(64, v)
  const out: number[] = []
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80)
    x >>= 7n
  }
  out.push(Number(x))
  return Uint8Array.from(out)
}

/**
 * Reads an unsigned integer key (`abi.ParseUIntKey`: Go's binary.Uvarint over the whole key). As
 * there, a longer spelling than needed is read, but an overflow past 64 bits, a truncated varint
 * or bytes after it are a SchemaError.
 */
export function parseUintKey(key: Uint8Array): bigint {
  let x = 0n
  for (let i = 0; i < key.length; i++) {
    const b = key[i]!
    if (b < 0x80) {
      if (i > 9 || (i === 9 && b > 1)) break
      if (i + 1 !== key.length) break
      return x | (BigInt(b) << BigInt(7 * i))
    }
    x |= BigInt(b & 0x7f) << BigInt(7 * i)
  }
  throw new SchemaError('deal key', `expected one unsigned varint of at most 64 bits filling the key, got 0x${Buffer.from(key).toString('hex')}`)
}

/** The HAMT key of an address in the balance tables (`abi.AddrKey`): its bytes, protocol first. */
export function getAddressKey(addr: Address): Uint8Array {
  return addressToBytes(addr)
}

/** The HAMT key of a pending proposal (`abi.CidKey`): its CID's bytes. */
export function getCidKey(c: CID): Uint8Array {
  return c.bytes
}

/** A balance as a HAMT value: the CBOR of a go-state-types big integer. */
export function encodeBalance(amount: bigint): Uint8Array {
  return dagCbor.encode(bigInt.toCbor(amount))
}

/** Reads a HAMT value as a balance; anything but one canonical big integer is a SchemaError. */
export function decodeBalance(bytes: Uint8Array): bigint {
  return bigInt.fromCbor(decodeCbor(bytes), 'balance')
}

/** The value of a set entry: CBOR null, what go-ipld-cbor writes for the nil value adt.Set puts. */
export const SET_VALUE: Uint8Array = Uint8Array.of(0xf6)

/** A set root as a multimap value (`cbg.CborCid`): a CBOR link. */
export function encodeSetRoot(root: CID): Uint8Array {
  return dagCbor.encode(root)
}

/** Reads a multimap value as a set root; anything but one link is a SchemaError. */
export function decodeSetRoot(bytes: Uint8Array): CID {
  const root = CID.asCID(decodeCbor(bytes))
  if (root === null) throw new SchemaError('deal ops set root', 'expected a CID (tag 42)')
  return root
}
