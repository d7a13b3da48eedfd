// RemoveVerifier (method 3) on the mock runtime, after specs-actors' verified_registry_test.go
// TestRemoveVerifier (v0.9.13 and v2.3.2), plus the v0/v2 difference in naming the verifier.

import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../spec/appendix/address/address.ts'
import { ExitCode } from '../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { VerifregMethod } from '../../../../spec/algorithms/verified_clients/methods.ts'
import { MIN, ROOT, bls, encodeAddressParams, setupRegistry } from './harness.ts'

const VERSIONS = [0, 2] as const
const VA = newIdAddress(201n)
const ALLOWANCE = MIN + 42n

describe('RemoveVerifier', () => {
  for (const version of VERSIONS) {
    it(`v${version}: successfully removes a verifier, reading 3 blocks and writing 2`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VA, ALLOWANCE)).toBe(ExitCode.Ok)
      const call = await rt.invoke(ROOT, VerifregMethod.RemoveVerifier, encodeAddressParams(VA))
      expect(call).toEqual({ exitCode: ExitCode.Ok, gets: 3, puts: 2 })
      expect(await rt.getVerifierCap(VA)).toBeUndefined()
      // the map is empty again, and so has its first root back
      expect(String((await rt.state()).Verifiers)).toBe(String((await rt.state()).VerifiedClients))
      await rt.expectInvariants()
    })

    it(`v${version}: fails when the caller is not the root key (SysErrForbidden)`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VA, ALLOWANCE)).toBe(ExitCode.Ok)
      const call = await rt.invoke(newIdAddress(501n), VerifregMethod.RemoveVerifier, encodeAddressParams(VA))
      expect(call).toEqual({ exitCode: ExitCode.SysErrForbidden, gets: 1, puts: 0 })
      expect(await rt.getVerifierCap(VA)).toBe(ALLOWANCE)
      await rt.expectInvariants()
    })

    it(`v${version}: fails when the verifier does not exist (ErrIllegalState: the HAMT's delete fails)`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.removeVerifier(newIdAddress(501n))).toBe(ExitCode.ErrIllegalState)
      await rt.expectInvariants()
    })

    it(`v${version}: a verified client is no verifier to remove (ErrIllegalState)`, async () => {
      const rt = await setupRegistry(version)
      await rt.addVerifierAndClient(newIdAddress(301n), VA, ALLOWANCE, ALLOWANCE)
      expect(await rt.removeVerifier(VA)).toBe(ExitCode.ErrIllegalState)
      expect(await rt.getClientCap(VA)).toBe(ALLOWANCE)
    })
  }

  it('v2: a verifier added with a non-ID address is removed with its ID address, and the other way round', async () => {
    const rt = await setupRegistry(2)
    rt.addIdAddress(bls(1), newIdAddress(501n))
    expect(await rt.addVerifier(bls(1), ALLOWANCE)).toBe(ExitCode.Ok)
    expect(await rt.removeVerifier(newIdAddress(501n))).toBe(ExitCode.Ok)
    expect(await rt.getVerifierCap(newIdAddress(501n))).toBeUndefined()
    expect(await rt.addVerifier(newIdAddress(501n), ALLOWANCE)).toBe(ExitCode.Ok)
    expect(await rt.removeVerifier(bls(1))).toBe(ExitCode.Ok)
    await rt.expectInvariants()
  })

  it('v0: the verifier must be named by the same address it was added with', async () => {
    const rt = await setupRegistry(0)
    rt.addIdAddress(bls(1), newIdAddress(501n))
    expect(await rt.addVerifier(bls(1), ALLOWANCE)).toBe(ExitCode.Ok)
    expect(await rt.removeVerifier(newIdAddress(501n))).toBe(ExitCode.ErrIllegalState)
    expect(await rt.removeVerifier(bls(1))).toBe(ExitCode.Ok)
    await rt.expectInvariants()
  })

  it('v2: an address with no actor is sent zero value, then ErrIllegalState, before the caller is checked', async () => {
    const rt = await setupRegistry(2)
    expect(await rt.removeVerifier(bls(1), newIdAddress(501n))).toBe(ExitCode.ErrIllegalState)
    expect(rt.sends).toEqual([{ to: bls(1), method: 0n, params: undefined, value: 0n }])
    rt.onSend = () => ({ exitCode: ExitCode.SysErrInvalidReceiver, returnValue: new Uint8Array() })
    expect(await rt.removeVerifier(bls(1))).toBe(ExitCode.SysErrInvalidReceiver)
  })
})
