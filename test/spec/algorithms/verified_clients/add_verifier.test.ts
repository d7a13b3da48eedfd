// AddVerifier (method 2) on the mock runtime, after specs-actors' verified_registry_test.go
// TestAddVerifier (v0.9.13 and v2.3.2), its addresses and allowances, plus the v0/v2 differences
// in resolving the verifier's address and the blocks each call reads and writes.

import * as dagCbor from '@ipld/dag-cbor'
import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../spec/appendix/address/address.ts'
import { ExitCode } from '../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { VerifregMethod } from '../../../../spec/algorithms/verified_clients/methods.ts'
import { AddVerifierParams } from '../../../../spec/algorithms/verified_clients/types.ts'
import { MIN, ROOT, bls, setupRegistry } from './harness.ts'

const VERSIONS = [0, 2] as const
const VA = newIdAddress(201n)
const ALLOWANCE = MIN + 42n

describe('AddVerifier', () => {
  for (const version of VERSIONS) {
    it(`v${version}: successfully adds a verifier, reading 4 blocks and writing 2`, async () => {
      const rt = await setupRegistry(version)
      const call = await rt.invoke(ROOT, VerifregMethod.AddVerifier, AddVerifierParams.encode({ Address: VA, Allowance: ALLOWANCE }))
      // state read, state read in the transaction, both maps' roots; the verifiers' root and the state written
      expect(call).toEqual({ exitCode: ExitCode.Ok, gets: 4, puts: 2 })
      expect(await rt.getVerifierCap(VA)).toBe(ALLOWANCE)
      await rt.expectInvariants()
    })

    it(`v${version}: adding a verifier again replaces its allowance`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VA, ALLOWANCE)).toBe(ExitCode.Ok)
      expect(await rt.addVerifier(VA, MIN)).toBe(ExitCode.Ok)
      expect(await rt.getVerifierCap(VA)).toBe(MIN)
      await rt.expectInvariants()
    })

    it(`v${version}: fails when the caller is not the root key (SysErrForbidden), after reading the state`, async () => {
      const rt = await setupRegistry(version)
      const call = await rt.invoke(newIdAddress(501n), VerifregMethod.AddVerifier, AddVerifierParams.encode({ Address: VA, Allowance: ALLOWANCE }))
      expect(call).toEqual({ exitCode: ExitCode.SysErrForbidden, gets: 1, puts: 0 })
      await rt.expectInvariants()
    })

    it(`v${version}: fails when the allowance is less than MinVerifiedDealSize (ErrIllegalArgument), before reading anything`, async () => {
      const rt = await setupRegistry(version)
      const call = await rt.invoke(ROOT, VerifregMethod.AddVerifier, AddVerifierParams.encode({ Address: VA, Allowance: MIN - 1n }))
      expect(call).toEqual({ exitCode: ExitCode.ErrIllegalArgument, gets: 0, puts: 0 })
      // a non-root caller is not even looked at
      expect(await rt.addVerifier(VA, -1n, newIdAddress(501n))).toBe(ExitCode.ErrIllegalArgument)
      expect(await rt.addVerifier(VA, MIN)).toBe(ExitCode.Ok)
      await rt.expectInvariants()
    })

    it(`v${version}: fails when the root is added as a verifier (ErrIllegalArgument)`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(ROOT, ALLOWANCE)).toBe(ExitCode.ErrIllegalArgument)
      await rt.expectInvariants()
    })

    it(`v${version}: fails when a verified client is added as a verifier (ErrIllegalArgument)`, async () => {
      const rt = await setupRegistry(version)
      const client = newIdAddress(602n)
      await rt.addVerifierAndClient(newIdAddress(601n), client, ALLOWANCE, ALLOWANCE)
      expect(await rt.addVerifier(client, ALLOWANCE)).toBe(ExitCode.ErrIllegalArgument)
      expect(await rt.getVerifierCap(client)).toBeUndefined()
      await rt.expectInvariants()
    })

    it(`v${version}: a verified client whose entry does not decode still blocks it (the value is not read)`, async () => {
      const rt = await setupRegistry(version)
      await rt.replaceMap('VerifiedClients', [[VA, Uint8Array.of(0x60)]])
      expect(await rt.addVerifier(VA, ALLOWANCE)).toBe(ExitCode.ErrIllegalArgument)
    })

    it(`v${version}: a map whose root is not a HAMT node aborts with ErrIllegalState`, async () => {
      const rt = await setupRegistry(version)
      const notANode = await rt.putBlock(dagCbor.encode([1n]))
      await rt.writeState({ ...(await rt.state()), VerifiedClients: notANode })
      expect(await rt.addVerifier(VA, ALLOWANCE)).toBe(ExitCode.ErrIllegalState)
    })
  }

  it('v2: a non-ID address is resolved to its ID address, and the verifier stored under it', async () => {
    const rt = await setupRegistry(2)
    rt.addIdAddress(bls(1), newIdAddress(501n))
    expect(await rt.addVerifier(bls(1), ALLOWANCE)).toBe(ExitCode.Ok)
    expect([await rt.getVerifierCap(newIdAddress(501n)), await rt.getVerifierCap(bls(1))]).toEqual([ALLOWANCE, undefined])
    expect(rt.sends).toEqual([])
    await rt.expectInvariants()
  })

  it('v0: a non-ID address is stored as it is given, unresolved', async () => {
    const rt = await setupRegistry(0)
    rt.addIdAddress(bls(1), newIdAddress(501n))
    expect(await rt.addVerifier(bls(1), ALLOWANCE)).toBe(ExitCode.Ok)
    expect([await rt.getVerifierCap(bls(1)), await rt.getVerifierCap(newIdAddress(501n))]).toEqual([ALLOWANCE, undefined])
    await rt.expectInvariants()
  })

  it('v2: an address with no actor is sent zero value first; still unresolved, ErrIllegalState', async () => {
    const rt = await setupRegistry(2)
    expect(await rt.addVerifier(bls(1), ALLOWANCE)).toBe(ExitCode.ErrIllegalState)
    expect(rt.sends).toEqual([{ to: bls(1), method: 0n, params: undefined, value: 0n }])
    await rt.expectInvariants()
  })

  it('v2: the zero send creates the account, whose ID becomes the key', async () => {
    const rt = await setupRegistry(2)
    rt.onSend = (msg) => {
      rt.addIdAddress(msg.to, newIdAddress(777n))
      return { exitCode: 0, returnValue: new Uint8Array() }
    }
    expect(await rt.addVerifier(bls(1), ALLOWANCE)).toBe(ExitCode.Ok)
    expect(await rt.getVerifierCap(newIdAddress(777n))).toBe(ALLOWANCE)
  })

  it('v2: a failed zero send aborts with the send’s own exit code', async () => {
    const rt = await setupRegistry(2)
    rt.onSend = () => ({ exitCode: ExitCode.SysErrInsufficientFunds, returnValue: new Uint8Array() })
    expect(await rt.addVerifier(bls(1), ALLOWANCE)).toBe(ExitCode.SysErrInsufficientFunds)
  })

  it('v2 resolves before validating the caller: a stranger naming an unknown address gets ErrIllegalState, not SysErrForbidden', async () => {
    const rt = await setupRegistry(2)
    expect(await rt.addVerifier(bls(1), ALLOWANCE, newIdAddress(501n))).toBe(ExitCode.ErrIllegalState)
    const v0 = await setupRegistry(0)
    expect(await v0.addVerifier(bls(1), ALLOWANCE, newIdAddress(501n))).toBe(ExitCode.SysErrForbidden)
    expect(v0.sends).toEqual([])
  })

  it('the root key named by a key address: v2 refuses it (ErrIllegalArgument), v0 compares bytes and accepts it', async () => {
    for (const version of VERSIONS) {
      const rt = await setupRegistry(version)
      rt.addIdAddress(bls(9), ROOT)
      expect(await rt.addVerifier(bls(9), ALLOWANCE)).toBe(version === 0 ? ExitCode.Ok : ExitCode.ErrIllegalArgument)
    }
  })
})
