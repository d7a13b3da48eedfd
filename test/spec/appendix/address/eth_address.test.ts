import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fromHex, toHex } from 'multiformats/bytes'
import { AddressError, addressFromString, addressToString, getId, newDelegatedAddress, newIdAddress, MAX_ID, type AddressErrorKind } from '../../../../spec/appendix/address/address.ts'
import {
  ETHEREUM_ADDRESS_MANAGER_ACTOR_ID,
  ethAddressFromActorId,
  ethAddressFromFilecoinAddress,
  ethAddressToFilecoinAddress,
  ethAddressToString,
  isEthAddress,
  isMaskedIdEthAddress,
  parseEthAddress,
  type EthAddress,
} from '../../../../spec/appendix/address/eth_address.ts'
import { SchemaError } from '../../../../src/schema/errors.ts'
import { kindOf } from './address_errors.ts'
import { valueOrSchemaError } from '../../../src/schema/arbitraries.ts'


const eth = (hex: string) => fromHex(hex) as EthAddress

describe('f410 and Ethereum addresses', () => {
  // iso-filecoin address.test.js (hugomrdias/iso-repo, commit 57ea3cef…), "should create address from eth address".
  it('iso-filecoin: 0xd388…8498 ↔ f410f2oekwcmo2pueydmaq53eic2i62crtbeyuzx2gmy', () => {
    const a = ethAddressToFilecoinAddress(parseEthAddress('0xd388ab098ed3e84c0d808776440b48f685198498'))
    expect(addressToString(a)).toBe('f410f2oekwcmo2pueydmaq53eic2i62crtbeyuzx2gmy')
    expect(addressToString(a, 't')).toBe('t410f2oekwcmo2pueydmaq53eic2i62crtbeyuzx2gmy')
    expect(toHex(ethAddressFromFilecoinAddress(addressFromString('t410f2oekwcmo2pueydmaq53eic2i62crtbeyuzx2gmy')))).toBe('d388ab098ed3e84c0d808776440b48f685198498')
    expect(isEthAddress(a)).toBe(true)
  })

  // FIP-0055 (filecoin-project/FIPs FIPS/fip-0055.md, commit dd5075fe…), "Installation and wiring" step 4:
  // the account created for the Ethereum null address 0x0.
  it('FIP-0055: the null address is f410faaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaonc6iji', () => {
    const zero = parseEthAddress(`0x${'00'.repeat(20)}`)
    expect(addressToString(ethAddressToFilecoinAddress(zero))).toBe('f410faaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaonc6iji')
    expect(ethAddressFromFilecoinAddress(addressFromString('f410faaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaonc6iji'))).toEqual(zero)
  })

  // lotus node/impl/full/mpool_test.go TestSanityCheckOutgoingMessage (commit 069ffce4…): the first
  // address parses but "is a delegated address but not a valid Eth Address"; the second is one.
  it('lotus TestSanityCheckOutgoingMessage: f410f74aaa… is a masked ID inside f410, f410faxfeb… an Ethereum address', () => {
    const bad = addressFromString('f410f74aaaaaaaaaaaaaaaaaaaaaaaaac5sh2bf3lgta')
    expect(isEthAddress(bad)).toBe(false)
    expect(kindOf(() => ethAddressFromFilecoinAddress(bad))).toBe('not-eth-address')
    // Its subaddress is 0xff, 11 zero bytes, then actor ID 3066106 (external-vectors.md §1d, derived).
    const sub = eth('ff000000000000000000000000000000002ec8fa')
    expect(bad).toEqual(newDelegatedAddress(ETHEREUM_ADDRESS_MANAGER_ACTOR_ID, sub))
    expect(addressToString(ethAddressToFilecoinAddress(sub))).toBe('f03066106')
    const good = addressFromString('f410faxfebiima2gp4lduo2k3vt2iuqapuk3logeftky')
    expect(isEthAddress(good)).toBe(true)
    expect(ethAddressToFilecoinAddress(ethAddressFromFilecoinAddress(good))).toEqual(good)
  })

  // lotus chain/types/ethtypes/eth_types_test.go (commit c4e3b46b…) TestParseEthAddr and TestMaskedIDInF4.
  it.each([1n, 2n, 3n, 100n, 101n])('lotus TestParseEthAddr: ID %s → masked form → the same ID address', (id) => {
    const masked = ethAddressFromFilecoinAddress(newIdAddress(id))
    expect(isMaskedIdEthAddress(masked)).toBe(true)
    expect(ethAddressToFilecoinAddress(masked)).toEqual(newIdAddress(id))
  })
  it('lotus TestMaskedIDInF4: an f410 address holding a masked ID has no Ethereum form', () => {
    const masked = ethAddressFromFilecoinAddress(newIdAddress(100n))
    const bad = newDelegatedAddress(ETHEREUM_ADDRESS_MANAGER_ACTOR_ID, masked)
    expect(kindOf(() => ethAddressFromFilecoinAddress(bad))).toBe('not-eth-address')
  })

  // lotus chain/types/ethtypes/eth_types_test.go TestEthAddr: lowercase strings print back unchanged
  // (Lotus's String is lowercase; ours is EIP-55, so compared without case).
  it.each(['0xd4c5fb16488Aa48081296299d54b0c648C9333dA', '0x2C2EC67e3e1FeA8e4A39601cB3A3Cd44f5fa830d', '0x01184F793982104363F9a8a5845743f452dE0586'])(
    'lotus TestEthAddr: %s',
    (s) => {
      const e = parseEthAddress(s.toLowerCase())
      expect(ethAddressToString(e).toLowerCase()).toBe(s.toLowerCase())
    },
  )

  // lotus chain/index/events_test.go and chain/types/actor_event_test.go (commit 6f7498b6…): an
  // emitter with a 32-byte subaddress is a valid f410 address but not an Ethereum one.
  it('lotus actor_event_test: f410fagkp3qx2… has a 32-byte subaddress, so no Ethereum form', () => {
    const a = addressFromString('f410fagkp3qx2f76maqot74jaiw3tzbxe76k76zrkl3xifk67isrnbn2sll3yua')
    expect(toHex(a.payload)).toBe('0a0194fdc2fa2ffcc041d3ff12045b73c86e4ff95ff662a5eee82abdf44a2d0b75')
    expect(isEthAddress(a)).toBe(false)
    expect(kindOf(() => ethAddressFromFilecoinAddress(a))).toBe('not-eth-address')
  })

  // lotus chain/types/ethtypes/rlp_test.go TestDecode1 (commit 6c318c20…): the sender of an
  // EIP-1559 transaction, whose Ethereum form external-vectors.md §1d derives (a cross-check).
  it('lotus rlp_test TestDecode1: f410fkkld55… is 0x52963ef5…cfef', () => {
    const e = ethAddressFromFilecoinAddress(addressFromString('f410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxa'))
    expect(toHex(e)).toBe('52963ef50e27e06d72d59fcb4f3c2a687be3cfef')
  })

  it('iso-filecoin: an f1 address has no Ethereum form; nor has another namespace', () => {
    expect(kindOf(() => ethAddressFromFilecoinAddress(addressFromString('f17uoq6tp427uzv7fztkbsnn64iwotfrristwpryy')))).toBe('not-eth-address')
    expect(kindOf(() => ethAddressFromFilecoinAddress(addressFromString('f432f77777777x32lpna')))).toBe('not-eth-address')
  })

  it('reads masked IDs up to 2^63-1, as go-address NewIDAddress does', () => {
    expect(getId(ethAddressToFilecoinAddress(ethAddressFromActorId(MAX_ID)))).toBe(MAX_ID)
    expect(kindOf(() => ethAddressToFilecoinAddress(eth(`ff${'00'.repeat(11)}8000000000000000`)))).toBe('invalid-payload')
    expect(kindOf(() => ethAddressFromActorId(MAX_ID + 1n))).toBe('invalid-payload')
  })
})

describe('EIP-55', () => {
  // EIP-55 "Test Cases" (ethereum/EIPs EIPS/eip-55.md, now ethereum/ERCs ERCS/erc-55.md): all caps,
  // all lower, and mixed-case checksummed addresses; each is its own EIP-55 form.
  it.each([
    '0x52908400098527886E0F7030069857D2E4169EE7',
    '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
    '0xde709f2102306220921060314715629080e2fb77',
    '0x27b1fdb04752bbc536007a920d24acb045561c26',
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  ])('EIP-55 test case %s', (s) => {
    expect(ethAddressToString(parseEthAddress(s))).toBe(s)
    expect(parseEthAddress(s.toLowerCase())).toEqual(parseEthAddress(s))
  })

  it.each<[string, AddressErrorKind]>([
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD', 'invalid-checksum'], // one letter's case changed
    ['5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', 'invalid-encoding'], // no 0x (Lotus accepts it)
    ['0X5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', 'invalid-encoding'], // 0X (Lotus accepts it)
    ['0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea', 'invalid-length'],
    ['0xaaeb6053f3e94c9b9a09f33669435e7ef1beaed', 'invalid-length'], // 39 digits (Lotus pads them)
    ['0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaedaa', 'invalid-length'],
    ['0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg', 'invalid-encoding'],
    ['', 'invalid-encoding'],
  ])('rejects %j as %s', (s, kind) => {
    expect(kindOf(() => parseEthAddress(s))).toBe(kind)
  })

  it('reads garbage strings only into an address that prints back the same, case aside', () => {
    const hex = '0123456789abcdefABCDEFx'.split('')
    const arb = fc.oneof(fc.string(), fc.array(fc.constantFrom(...hex), { minLength: 38, maxLength: 44 }).map((cs) => `0${cs.join('')}`))
    fc.assert(
      fc.property(arb, (s) => {
        const e = valueOrSchemaError(() => parseEthAddress(s))
        if (e instanceof SchemaError) expect(e).toBeInstanceOf(AddressError)
        else expect(ethAddressToString(e).toLowerCase()).toBe(s.toLowerCase())
      }),
    )
  })

  it('round-trips every 20 bytes through text and through the Filecoin address', () => {
    const arbEth = fc.oneof(
      fc.uint8Array({ minLength: 20, maxLength: 20 }),
      fc.bigInt({ min: 0n, max: MAX_ID }).map((id) => ethAddressFromActorId(id) as Uint8Array),
    ) as fc.Arbitrary<EthAddress>
    fc.assert(
      fc.property(arbEth, (e) => {
        expect(parseEthAddress(ethAddressToString(e))).toEqual(e)
        const a = ethAddressToFilecoinAddress(e)
        expect(a.protocol).toBe(isMaskedIdEthAddress(e) ? 0 : 4)
        expect(isEthAddress(a)).toBe(!isMaskedIdEthAddress(e))
        expect(ethAddressFromFilecoinAddress(a)).toEqual(e)
      }),
    )
  })
})
