// Spec section: Libraries › drand. The drand networks Filecoin follows and how one round is checked.
// Chain info as Lotus pins it (build/buildconstants/drand.go `DrandConfigs`); the two signature
// schemes as drand defines them (drand/drand crypto/schemes.go: `pedersen-bls-chained` and
// `bls-unchained-g1-rfc9380`); the chain hash as drand computes it (common/chain/info.go `Hash`).

import { bls12_381 } from '@noble/curves/bls12-381.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { fromHex } from 'multiformats/bytes'
import type { BeaconEntry } from './beacon_entry.ts'

/**
 * The two drand schemes Filecoin has used. Chained (drand's default since 2018): 48-byte public
 * key on G1, 96-byte signatures on G2, each round signing the previous round's signature.
 * Unchained on G1 (quicknet, FIP-0063): 96-byte public key on G2, 48-byte signatures on G1, each
 * round signing only its number.
 */
export type DrandScheme = 'pedersen-bls-chained' | 'bls-unchained-g1-rfc9380'

/** RFC 9380 hash-to-curve DST of signatures on G2, the chained scheme's (drand `NewPedersenBLSChained`). */
export const DRAND_DST_G2 = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_'
/** RFC 9380 hash-to-curve DST of signatures on G1, quicknet's (drand `NewPedersenBLSUnchainedG1`). */
export const DRAND_DST_G1 = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_'

/** What a node must know of a drand network to check its rounds (drand `/info`). */
export interface DrandChainInfo {
  /** drand's beacon ID; the original network's is "default". Part of the chain hash otherwise. */
  readonly beaconId: string
  readonly scheme: DrandScheme
  /** The group public key: G1 (48 bytes) when chained, G2 (96 bytes) on quicknet. */
  readonly publicKey: Uint8Array
  /** Seconds between rounds. */
  readonly period: bigint
  /** Unix time of round 1. */
  readonly genesisTime: bigint
  /** The chain hash that names the network (drand `Info.Hash`). */
  readonly hash: Uint8Array
  /** The genesis seed ("groupHash"): the previous signature of round 1 on a chained network. */
  readonly groupHash: Uint8Array
}

/** drand mainnet, the League of Entropy's default chain: Filecoin mainnet from Smoke (epoch 51000) to Phoenix. */
export const DRAND_MAINNET: DrandChainInfo = {
  beaconId: 'default',
  scheme: 'pedersen-bls-chained',
  publicKey: fromHex('868f005eb8e6e4ca0a47c8a77ceaa5309a47978a7c71bc5cce96366b5d7a569937c529eeda66c7293784a9402801af31'),
  period: 30n,
  genesisTime: 1595431050n,
  hash: fromHex('8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce'),
  groupHash: fromHex('176f93498eac9ca337150b46d21dd58673ea4e3581185f869672e59fa4cb390a'),
}

/** drand quicknet: Filecoin mainnet from Phoenix (epoch 3855480, nv22) on. */
export const DRAND_QUICKNET: DrandChainInfo = {
  beaconId: 'quicknet',
  scheme: 'bls-unchained-g1-rfc9380',
  publicKey: fromHex(
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  ),
  period: 3n,
  genesisTime: 1692803367n,
  hash: fromHex('52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971'),
  groupHash: fromHex('f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e'),
}

/**
 * The incentinet drand network, Filecoin mainnet's beacon from genesis to Smoke. It no longer
 * runs; Lotus keeps its chain info (beacon ID empty, i.e. default) so that old blocks still verify.
 */
export const DRAND_INCENTINET: DrandChainInfo = {
  beaconId: 'default',
  scheme: 'pedersen-bls-chained',
  publicKey: fromHex('8cad0c72c606ab27d36ee06de1d5b2db1faf92e447025ca37575ab3a8aac2eaae83192f846fc9e158bc738423753d000'),
  period: 30n,
  genesisTime: 1595873820n,
  hash: fromHex('80c8b872c714f4c00fdd3daa465d5514049f457f01f85a4caf68cdcd394ba039'),
  groupHash: fromHex('d9406aaed487f7af71851b4399448e311f2328923d454e971536c05398ce2d9b'),
}

/** Whether rounds of this network sign the previous round's signature (Lotus `IsChained`). */
export function isChained(chain: DrandChainInfo): boolean {
  return chain.scheme === 'pedersen-bls-chained'
}

function uint64BigEndian(v: bigint): Uint8Array {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, v))
  return out
}

/**
 * The chain hash (drand `Info.Hash`): SHA-256 of the period as a u32 BE, the genesis time as an
 * i64 BE, the public key, the genesis seed, then the beacon ID unless it is "default" or empty.
 * The scheme is not hashed.
 */
export function computeDrandChainHash(chain: DrandChainInfo): Uint8Array {
  const head = new Uint8Array(12)
  const view = new DataView(head.buffer)
  view.setUint32(0, Number(chain.period))
  view.setBigInt64(4, chain.genesisTime)
  const h = sha256.create().update(head).update(chain.publicKey).update(chain.groupHash)
  if (chain.beaconId !== 'default' && chain.beaconId !== '') h.update(new TextEncoder().encode(chain.beaconId))
  return h.digest()
}

/**
 * The message a round signs (drand `DigestBeacon`): SHA-256 of the previous signature followed by
 * the round as a u64 BE when chained (an empty previous signature is simply left out), SHA-256 of
 * the round alone when unchained.
 */
export function computeBeaconMessage(scheme: DrandScheme, round: bigint, previousSignature: Uint8Array): Uint8Array {
  const h = sha256.create()
  if (scheme === 'pedersen-bls-chained') h.update(previousSignature)
  return h.update(uint64BigEndian(round)).digest()
}

/**
 * Checks one round's signature against the network's group key (drand `Scheme.VerifyBeacon`,
 * called by Lotus `DrandBeacon.VerifyEntry`). `previousSignature` is ignored by unchained schemes.
 * Returns false for any invalid signature, key or encoding (wrong length, point not on the curve
 * or not in the subgroup); it never throws.
 */
export function verifyBeaconEntry(chain: DrandChainInfo, entry: BeaconEntry, previousSignature: Uint8Array): boolean {
  if (entry.Round < 0n || entry.Round >= 2n ** 64n) return false
  const message = computeBeaconMessage(chain.scheme, entry.Round, previousSignature)
  try {
    if (chain.scheme === 'pedersen-bls-chained') {
      const sigs = bls12_381.longSignatures // keys on G1, signatures on G2
      return sigs.verify(entry.Data, sigs.hash(message, DRAND_DST_G2), chain.publicKey)
    }
    const sigs = bls12_381.shortSignatures // keys on G2, signatures on G1
    return sigs.verify(entry.Data, sigs.hash(message, DRAND_DST_G1), chain.publicKey)
  } catch {
    // noble throws on bytes that do not decode to a valid point; for us that is a bad signature
    return false
  }
}

/** drand's `randomness` of a round: SHA-256 of its signature. Filecoin draws from the signature itself. */
export function computeBeaconRandomness(signature: Uint8Array): Uint8Array {
  return sha256(signature)
}
