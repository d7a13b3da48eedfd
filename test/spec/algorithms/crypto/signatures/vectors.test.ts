// Signatures against values published outside this project: every signature vector of
// external-vectors.md §2 (Zondax filecoin-signing-tools, filecoin-project/serialization-vectors,
// iso-filecoin) and one delegated (f410) signature from Lotus. The JSON files under vectors/
// are the sources' own files (see vectors/SOURCES.md); each test is named after the file and entry.
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { fromHex, toHex } from 'multiformats/bytes'
import { addressFromString, addressToString, newBlsAddress, newSecp256k1Address } from '../../../../../spec/appendix/address/address.ts'
import { UnsignedMessage, computeMessageCid } from '../../../../../spec/systems/filecoin_vm/message/message.ts'
import { computeCborCid } from '../../../../../src/schema/struct.ts'
import {
  computeSecp256k1Digest,
  getSecp256k1PublicKey,
  recoverSecp256k1Address,
  signSecp256k1,
  verifySecp256k1,
} from '../../../../../spec/algorithms/crypto/signatures/secp256k1.ts'
import { aggregateBlsSignatures, getBlsPublicKey, signBls, verifyBls, verifyBlsAggregate } from '../../../../../spec/algorithms/crypto/signatures/bls.ts'
import { recoverDelegatedAddress, verifyDelegated } from '../../../../../spec/algorithms/crypto/signatures/delegated.ts'
import { verifySignature } from '../../../../../spec/algorithms/crypto/signatures/verifier.ts'

const load = <T>(path: string): T => JSON.parse(readFileSync(new URL(`vectors/${path}`, import.meta.url), 'utf8')) as T
const b64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'))

interface ZondaxMessage {
  To: string
  From: string
  Nonce: number
  Value: string
  GasLimit: number
  GasFeeCap: string
  GasPremium: string
  Method: number
  Params: string
}
/** Zondax writes Lotus JSON without Version and with Params as "" (external-vectors.md 2a). */
const zondaxMessage = (m: ZondaxMessage) => UnsignedMessage.fromJson({ Version: 0, ...m, Params: m.Params === '' ? null : m.Params })
const cidBytes = (m: UnsignedMessage) => computeMessageCid(m).bytes

describe('Zondax filecoin-signing-tools, secp256k1', () => {
  const wallet = load<{ private_key: string; childs: Array<{ path: string; address?: string }> }>('zondax/wallet.json')

  it('wallet.json private_key → the address of child m/44\'/461\'/0/0/0', () => {
    const child = wallet.childs.find((c) => c.path === "m/44'/461'/0/0/0")!
    expect(addressToString(newSecp256k1Address(getSecp256k1PublicKey(b64(wallet.private_key))))).toBe(child.address)
  })

  it('signed_message.json: the RFC 6979 signature of the message CID, byte for byte; it verifies and recovers From', () => {
    const v = load<{ pk: string; tx: { Message: ZondaxMessage; Signature: { Data: string; Type: number } } }>('zondax/signed_message.json')
    const data = cidBytes(zondaxMessage(v.tx.Message))
    const signature = signSecp256k1(b64(v.pk), data)
    expect(toHex(signature)).toBe(toHex(b64(v.tx.Signature.Data)))
    expect(verifySecp256k1(signature, addressFromString(v.tx.Message.From), data)).toBe(true)
    expect(verifySignature({ type: 1, data: signature }, addressFromString(v.tx.Message.From), data)).toBe(true)
    expect(addressToString(recoverSecp256k1Address(signature, data), 't')).toBe(v.tx.Message.From)
  })

  it('get_cid.json: the signed message\'s signature is reproduced and verifies against From', () => {
    const v = load<{ signed_message: { Message: ZondaxMessage; Signature: { Data: string } } }>('zondax/get_cid.json')
    const data = cidBytes(zondaxMessage(v.signed_message.Message))
    expect(toHex(signSecp256k1(b64(wallet.private_key), data))).toBe(toHex(b64(v.signed_message.Signature.Data)))
    expect(verifySecp256k1(b64(v.signed_message.Signature.Data), addressFromString(v.signed_message.Message.From), data)).toBe(true)
  })

  const utils = load<{
    cid_bytes: { cbor_message: string; cid: string }
    msg_digest: Array<{ cbor_message: string; digest: string }>
    public_from_private: { private: string; public: string }
    signature_test: { private: string; message: string; signature: string }
  }>('zondax/utils.json')

  it('utils.json cid_bytes: the CID of the (eight-field) message bytes', () => {
    expect(toHex(computeCborCid(fromHex(utils.cid_bytes.cbor_message)).bytes)).toBe(utils.cid_bytes.cid)
  })

  it.each(utils.msg_digest.map((d, i) => [i, d] as const))('utils.json msg_digest[%i]: blake2b-256 of the CID bytes', (_, d) => {
    expect(toHex(computeSecp256k1Digest(computeCborCid(fromHex(d.cbor_message)).bytes))).toBe(d.digest)
  })

  it('utils.json public_from_private', () => {
    expect(toHex(getSecp256k1PublicKey(fromHex(utils.public_from_private.private)))).toBe(utils.public_from_private.public)
  })

  it('utils.json signature_test: signature over the CID of the message bytes', () => {
    const t = utils.signature_test
    const data = computeCborCid(fromHex(t.message)).bytes
    expect(toHex(signSecp256k1(fromHex(t.private), data))).toBe(t.signature)
    const signer = newSecp256k1Address(getSecp256k1PublicKey(fromHex(t.private)))
    expect(verifySecp256k1(fromHex(t.signature), signer, data)).toBe(true)
  })
})

describe('Zondax filecoin-signing-tools, BLS', () => {
  it('wallet.json bls_private_key (little-endian) → bls_address', () => {
    const w = load<{ bls_private_key: string; bls_address: string }>('zondax/wallet.json')
    expect(addressToString(newBlsAddress(getBlsPublicKey(b64(w.bls_private_key))), 't')).toBe(w.bls_address)
  })

  it('bls_wallet.json + bls_signature.json: public key, and the signature of the message CID byte for byte', () => {
    const w = load<{ bls_public_key: string; bls_private_key: string }>('zondax/bls_wallet.json')
    const s = load<{ sig: string; cbor: string }>('zondax/bls_signature.json')
    expect(toHex(getBlsPublicKey(b64(w.bls_private_key)))).toBe(w.bls_public_key)
    const message = UnsignedMessage.decode(fromHex(s.cbor))
    const data = cidBytes(message)
    expect(toHex(signBls(b64(w.bls_private_key), data))).toBe(s.sig)
    expect(toHex(message.From.payload)).toBe(w.bls_public_key)
    expect(verifyBls(fromHex(s.sig), message.From, data)).toBe(true)
    expect(verifySignature({ type: 2, data: fromHex(s.sig) }, message.From, data)).toBe(true)
  })

  const cases = load<Array<{ pk: string; sk: string; sig: string; message: ZondaxMessage }>>('zondax/generated_test_cases.json')

  it('generated_test_cases.json holds the 10 cases external-vectors.md lists', () => {
    expect(cases).toHaveLength(10)
  })

  it.each(cases.map((c, i) => [i, c] as const))('generated_test_cases.json[%i]: key, address, signature and verification', (_, c) => {
    const data = cidBytes(zondaxMessage(c.message))
    expect(toHex(getBlsPublicKey(fromHex(c.sk)))).toBe(c.pk)
    expect(addressToString(newBlsAddress(fromHex(c.pk)), 't')).toBe(c.message.From)
    expect(toHex(signBls(fromHex(c.sk), data))).toBe(c.sig)
    expect(verifyBls(fromHex(c.sig), addressFromString(c.message.From), data)).toBe(true)
  })

  it('generated_test_cases.json: the 10 signatures aggregate into one that verifies over the 10 CIDs, and fails with one key swapped', () => {
    const data = cases.map((c) => cidBytes(zondaxMessage(c.message)))
    const keys = cases.map((c) => fromHex(c.pk))
    const aggregate = aggregateBlsSignatures(cases.map((c) => fromHex(c.sig)))
    expect(verifyBlsAggregate(aggregate, keys, data)).toBe(true)
    expect(verifyBlsAggregate(aggregate, [keys[1]!, keys[0]!, ...keys.slice(2)], data)).toBe(false)
  })
})

describe('filecoin-project/serialization-vectors message_signing.json', () => {
  const cases = load<Array<{ Unsigned: unknown; Cid: string; CidHexBytes: string; PrivateKey: string; Signature: { Type: number; Data: string } }>>(
    'serialization-vectors/message_signing.json',
  )

  it.each(cases.map((c, i) => [i, c] as const))('message_signing[%i]: From is the key\'s address; the signature of the CID, byte for byte', (_, c) => {
    const message = UnsignedMessage.fromJson(c.Unsigned)
    expect(computeMessageCid(message).toString()).toBe(c.Cid)
    const data = cidBytes(message)
    expect(toHex(data)).toBe(c.CidHexBytes)
    expect(newBlsAddress(getBlsPublicKey(b64(c.PrivateKey)))).toEqual(message.From)
    expect(c.Signature.Type).toBe(2)
    expect(toHex(signBls(b64(c.PrivateKey), data))).toBe(toHex(b64(c.Signature.Data)))
    expect(verifyBls(b64(c.Signature.Data), message.From, data)).toBe(true)
  })
})

describe('iso-filecoin test/wallet.test.js "should sign" (hugomrdias/iso-repo, commit 746f683bebf46a3d441084f8198b31a3ff20ec49)', () => {
  const privateKey = b64('tI1wF8uJseC1QdNj3CbpBAVC8G9/pfgtSYt4yXlJ+UY=')
  const cbor = '8a005501c3d1de6b2c6180b9a139b703873488e8b5ef92bd5501f8f0f9e2d563563868b26793ad7a776ae65e0116194e8544000155141951f64300a79c430070c719ff5040'
  const expected = 'jzg+/H2mHXezbUBAtQAYbj3MrwVn92mXFRw6FX2NRK1+Zfha2vSP23GVEkJHHXxyAd+IggjzG2L440fIJbdfSgA='

  it('public key and f1 address', () => {
    const publicKey = getSecp256k1PublicKey(privateKey)
    expect(Buffer.from(publicKey).toString('base64')).toBe('BLW+ZCazhsVWEuuwxt5DEcSyXnmpJGxFBizYf/pSiBKlXz9qgW9d4yN0Vm6WJ+D5G9c7WxWAO+mBL3RpjVEYR6E=')
    expect(addressToString(newSecp256k1Address(publicKey))).toBe('f17dyptywvmnldq2fsm6j226txnltf4aiwsi3vlka')
  })

  it('the signature of the message CID, byte for byte, and it verifies', () => {
    const data = cidBytes(UnsignedMessage.decode(fromHex(cbor)))
    expect(Buffer.from(signSecp256k1(privateKey, data)).toString('base64')).toBe(expected)
    expect(verifySecp256k1(b64(expected), addressFromString('f17dyptywvmnldq2fsm6j226txnltf4aiwsi3vlka'), data)).toBe(true)
  })
})

/**
 * The items of an RLP list whose items are all strings (all this transaction has besides its
 * empty access list, which is the one-byte list 0xc0): enough to cut the signature off.
 */
function rlpItems(list: Uint8Array): Uint8Array[] {
  const items: Uint8Array[] = []
  for (let i = 0; i < list.length; ) {
    const b = list[i]!
    const length = b < 0x80 || b === 0xc0 ? 0 : b <= 0xb7 ? b - 0x80 : -1
    if (length < 0) throw new Error(`rlpItems: unexpected prefix 0x${b.toString(16)}`)
    const start = b < 0x80 ? i : i + 1
    const end = b < 0x80 ? i + 1 : start + length
    items.push(list.slice(i, end))
    i = end
  }
  return items
}

describe('Lotus chain/types/ethtypes/rlp_test.go TestDecode1 (commit 23d705e33b8220bbf7aa7c025747ca2972b1e7a9)', () => {
  // An EIP-1559 transaction; Lotus checks that its sender is f410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxa.
  const tx = fromHex('02f8758401df5e7680832c8411832c8411830767f89452963ef50e27e06d72d59fcb4f3c2a687be3cfef880de0b6b3a764000080c080a094b11866f453ad85a980e0e8a2fc98cbaeb4409618c7734a7e12ae2f66fd405da042dbfb1b37af102023830ceeee0e703ffba0b8b3afeb8fe59f405eca9ed61072')

  it('the delegated signature (y-parity, r, s) over the unsigned transaction recovers and verifies the f410 sender', () => {
    expect([tx[0], tx[1], tx[2]]).toEqual([0x02, 0xf8, 0x75])
    const items = rlpItems(tx.subarray(3))
    expect(items).toHaveLength(12)
    const fields = items.slice(0, 9)
    const [v, r, s] = items.slice(9).map((item) => (item.length === 1 && item[0]! >= 0x80 ? item.subarray(1) : item))
    const body = Uint8Array.from(fields.flatMap((f) => [...f]))
    // The unsigned form: type byte ‖ RLP list of the nine fields (short list: 0xc0 + length).
    const unsigned = Uint8Array.from([0x02, 0xc0 + body.length, ...body])
    const signature = Uint8Array.from([...r!.subarray(1), ...s!.subarray(1), v!.length === 0 ? 0 : v![0]!])
    const sender = addressFromString('f410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxa')
    expect(addressToString(recoverDelegatedAddress(signature, unsigned))).toBe('f410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxa')
    expect(verifyDelegated(signature, sender, unsigned)).toBe(true)
    expect(verifySignature({ type: 3, data: signature }, sender, unsigned)).toBe(true)
    expect(verifyDelegated(signature, sender, unsigned.subarray(1))).toBe(false)
  })
})
