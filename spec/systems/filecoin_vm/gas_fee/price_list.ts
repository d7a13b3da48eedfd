// Spec section: Systems › Filecoin VM › Gas Fee, "Price lists". What each VM operation costs in
// gas before the FVM (Lotus chain/vm/gas.go `prices`, gas_v0.go `pricelistV0`): the list of
// network version 0 and the Calico list that replaced it at network version 7. Gas is counted in
// bigints: a message's gas limit is an int64 and Lotus's arithmetic never overflows on the corpus.

import { ON_CHAIN_MESSAGE_PRICES, type OnChainMessagePrice } from '../message/validation.ts'

/** One charge: its compute and storage parts (Lotus `GasCharge`; only their sum is used). */
export interface GasCharge {
  readonly name: string
  readonly compute: bigint
  readonly storage: bigint
}

/** The prices of one list (Lotus `pricelistV0` fields of the same names). */
export interface PriceList {
  readonly fromVersion: number
  readonly onChainMessage: OnChainMessagePrice
  readonly onChainReturnValuePerByte: bigint
  readonly sendBase: bigint
  readonly sendTransferFunds: bigint
  readonly sendTransferOnlyPremium: bigint
  readonly sendInvokeMethod: bigint
  readonly ipldGetBase: bigint
  readonly ipldPutBase: bigint
  readonly ipldPutPerByte: bigint
  readonly createActorCompute: bigint
  readonly createActorStorage: bigint
  readonly deleteActor: bigint
  readonly verifySignature: { readonly bls: bigint; readonly secp256k1: bigint }
  readonly hashingBase: bigint
  readonly computeUnsealedSectorCidBase: bigint
  readonly verifySealBase: bigint
  readonly verifyConsensusFault: bigint
  /** Storage gas multiplier, the same as the on-chain message's. */
  readonly storageMulti: bigint
}

function onChainPrice(version: number): OnChainMessagePrice {
  const price = ON_CHAIN_MESSAGE_PRICES.find((p) => p.fromVersion === version)
  if (price === undefined) throw new Error(`no on-chain message price from network version ${version}`)
  return price
}

const PRICE_LIST_V0: PriceList = {
  fromVersion: 0,
  onChainMessage: onChainPrice(0),
  onChainReturnValuePerByte: 1n,
  sendBase: 29233n,
  sendTransferFunds: 27500n,
  sendTransferOnlyPremium: 159672n,
  sendInvokeMethod: -5377n,
  ipldGetBase: 75242n,
  ipldPutBase: 84070n,
  ipldPutPerByte: 1n,
  createActorCompute: 1108454n,
  createActorStorage: 36n + 40n,
  deleteActor: -(36n + 40n),
  verifySignature: { bls: 16598605n, secp256k1: 1637292n },
  hashingBase: 31355n,
  computeUnsealedSectorCidBase: 98647n,
  verifySealBase: 2000n,
  verifyConsensusFault: 495422n,
  storageMulti: 1000n,
}

/** The price lists before the FVM, oldest first: network version 0, then Calico (version 7). */
export const PRICE_LISTS: readonly PriceList[] = [
  PRICE_LIST_V0,
  { ...PRICE_LIST_V0, fromVersion: 7, onChainMessage: onChainPrice(7), ipldGetBase: 114617n, ipldPutBase: 353640n, storageMulti: 1300n },
]

/** The list in force at a network version (Lotus `PricelistByEpoch` at that version's epochs). */
export function getPriceList(networkVersion: number): PriceList {
  let list = PRICE_LISTS[0]!
  for (const l of PRICE_LISTS) if (l.fromVersion <= networkVersion) list = l
  return list
}

const charge = (name: string, compute: bigint, storage = 0n): GasCharge => ({ name, compute, storage })

/** Storing a message of `size` bytes on chain. */
export function onChainMessage(pl: PriceList, size: number): GasCharge {
  const p = pl.onChainMessage
  return charge('OnChainMessage', p.computeBase, (p.storageBase + p.storagePerByte * BigInt(size)) * p.storageMulti)
}

/** Storing a top-level message's return value of `size` bytes in its receipt. */
export function onChainReturnValue(pl: PriceList, size: number): GasCharge {
  return charge('OnChainReturnValue', 0n, BigInt(size) * pl.onChainReturnValuePerByte * pl.storageMulti)
}

/** A send: the base, more when value moves (more still for a plain transfer), less when a method runs. */
export function onMethodInvocation(pl: PriceList, value: bigint, method: bigint): GasCharge {
  let gas = pl.sendBase
  if (value !== 0n) {
    gas += pl.sendTransferFunds
    if (method === 0n) gas += pl.sendTransferOnlyPremium
  }
  if (method !== 0n) gas += pl.sendInvokeMethod
  return charge('OnMethodInvocation', gas)
}

/** Reading one block from the actors' store. */
export function onIpldGet(pl: PriceList): GasCharge {
  return charge('OnIpldGet', pl.ipldGetBase)
}

/** Writing one block of `size` bytes to the actors' store. */
export function onIpldPut(pl: PriceList, size: number): GasCharge {
  return charge('OnIpldPut', pl.ipldPutBase, BigInt(size) * pl.ipldPutPerByte * pl.storageMulti)
}

export function onCreateActor(pl: PriceList): GasCharge {
  return charge('OnCreateActor', pl.createActorCompute, pl.createActorStorage * pl.storageMulti)
}

/** A negative charge: deleting an actor refunds its creation's storage. */
export function onDeleteActor(pl: PriceList): GasCharge {
  return charge('OnDeleteActor', 0n, pl.deleteActor * pl.storageMulti)
}

/** Verifying a signature of the given type (1 secp256k1, 2 BLS); other types have no price. */
export function onVerifySignature(pl: PriceList, type: number): GasCharge | undefined {
  if (type === 1) return charge('OnVerifySignature', pl.verifySignature.secp256k1)
  if (type === 2) return charge('OnVerifySignature', pl.verifySignature.bls)
  return undefined
}

export function onHashing(pl: PriceList): GasCharge {
  return charge('OnHashing', pl.hashingBase)
}

export function onComputeUnsealedSectorCid(pl: PriceList): GasCharge {
  return charge('OnComputeUnsealedSectorCid', pl.computeUnsealedSectorCidBase)
}

export function onVerifySeal(pl: PriceList): GasCharge {
  return charge('OnVerifySeal', pl.verifySealBase)
}

export function onVerifyConsensusFault(pl: PriceList): GasCharge {
  return charge('OnVerifyConsensusFault', pl.verifyConsensusFault)
}
