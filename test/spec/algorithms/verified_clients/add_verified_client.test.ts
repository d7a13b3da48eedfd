// AddVerifiedClient (method 4) on the mock runtime, after specs-actors' verified_registry_test.go
// TestAddVerifiedClient (v0.9.13 and v2.3.2), its addresses and allowances, plus the v0/v2
// differences in naming the client and in reading an existing client's entry.

import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../spec/appendix/address/address.ts'
import { ExitCode } from '../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { VerifregMethod } from '../../../../spec/algorithms/verified_clients/methods.ts'
import { encodeDataCap } from '../../../../spec/algorithms/verified_clients/state.ts'
import { AddVerifiedClientParams } from '../../../../spec/algorithms/verified_clients/types.ts'
import { MIN, ROOT, bls, setupRegistry } from './harness.ts'

const VERSIONS = [0, 2] as const
const [CLIENT, CLIENT2, CLIENT3, CLIENT4] = [201n, 202n, 203n, 204n].map(newIdAddress) as [ReturnType<typeof newIdAddress>, ReturnType<typeof newIdAddress>, ReturnType<typeof newIdAddress>, ReturnType<typeof newIdAddress>]
const VERIFIER = newIdAddress(301n)
const VERIFIER2 = newIdAddress(302n)
const ALLOWANCE = MIN + 42n
const CLIENT_ALLOWANCE = ALLOWANCE - 1n

describe('AddVerifiedClient', () => {
  for (const version of VERSIONS) {
    it(`v${version}: successfully adds multiple verified clients from different verifiers, each verifier left with 0`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VERIFIER, 2n * CLIENT_ALLOWANCE)).toBe(ExitCode.Ok)
      expect(await rt.addVerifier(VERIFIER2, 2n * CLIENT_ALLOWANCE)).toBe(ExitCode.Ok)
      for (const [verifier, client] of [[VERIFIER, CLIENT], [VERIFIER, CLIENT2], [VERIFIER2, CLIENT3], [VERIFIER2, CLIENT4]] as const) {
        expect(await rt.addVerifiedClient(verifier, client, CLIENT_ALLOWANCE)).toBe(ExitCode.Ok)
      }
      for (const client of [CLIENT, CLIENT2, CLIENT3, CLIENT4]) expect(await rt.getClientCap(client)).toBe(CLIENT_ALLOWANCE)
      expect([await rt.getVerifierCap(VERIFIER), await rt.getVerifierCap(VERIFIER2)]).toEqual([0n, 0n])
      await rt.expectInvariants()
    })

    it(`v${version}: reads 4 blocks and writes 3 (both maps' roots and the state)`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VERIFIER, ALLOWANCE)).toBe(ExitCode.Ok)
      const call = await rt.invoke(VERIFIER, VerifregMethod.AddVerifiedClient, AddVerifiedClientParams.encode({ Address: CLIENT, Allowance: CLIENT_ALLOWANCE }))
      expect(call).toEqual({ exitCode: ExitCode.Ok, gets: 4, puts: 3 })
      expect(await rt.getVerifierCap(VERIFIER)).toBe(1n)
    })

    it(`v${version}: a verifier adds one client, then fails on another for lack of allowance (ErrIllegalArgument)`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VERIFIER, CLIENT_ALLOWANCE)).toBe(ExitCode.Ok)
      expect(await rt.addVerifiedClient(VERIFIER, CLIENT, CLIENT_ALLOWANCE)).toBe(ExitCode.Ok)
      expect(await rt.addVerifiedClient(VERIFIER, CLIENT2, CLIENT_ALLOWANCE)).toBe(ExitCode.ErrIllegalArgument)
      expect([await rt.getClientCap(CLIENT), await rt.getClientCap(CLIENT2), await rt.getVerifierCap(VERIFIER)]).toEqual([CLIENT_ALLOWANCE, undefined, 0n])
      await rt.expectInvariants()
    })

    it(`v${version}: succeeds when the allowance is exactly MinVerifiedDealSize`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VERIFIER, MIN)).toBe(ExitCode.Ok)
      expect(await rt.addVerifiedClient(VERIFIER, CLIENT, MIN)).toBe(ExitCode.Ok)
      await rt.expectInvariants()
    })

    it(`v${version}: fails when the allowance is less than MinVerifiedDealSize (ErrIllegalArgument), reading nothing`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VERIFIER, ALLOWANCE)).toBe(ExitCode.Ok)
      const call = await rt.invoke(VERIFIER, VerifregMethod.AddVerifiedClient, AddVerifiedClientParams.encode({ Address: newIdAddress(501n), Allowance: MIN - 1n }))
      expect(call).toEqual({ exitCode: ExitCode.ErrIllegalArgument, gets: 0, puts: 0 })
      await rt.expectInvariants()
    })

    it(`v${version}: fails when the caller is not a verifier (ErrNotFound)`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VERIFIER, ALLOWANCE)).toBe(ExitCode.Ok)
      expect(await rt.addVerifiedClient(newIdAddress(209n), CLIENT, CLIENT_ALLOWANCE)).toBe(ExitCode.ErrNotFound)
      // the root key is no verifier either
      expect(await rt.addVerifiedClient(ROOT, CLIENT, CLIENT_ALLOWANCE)).toBe(ExitCode.ErrNotFound)
      await rt.expectInvariants()
    })

    it(`v${version}: fails when the verifier's cap is less than the client allowance (ErrIllegalArgument)`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VERIFIER, ALLOWANCE)).toBe(ExitCode.Ok)
      expect(await rt.addVerifiedClient(VERIFIER, CLIENT, ALLOWANCE + 1n)).toBe(ExitCode.ErrIllegalArgument)
      expect(await rt.getVerifierCap(VERIFIER)).toBe(ALLOWANCE)
      await rt.expectInvariants()
    })

    it(`v${version}: fails when the verified client already exists (ErrIllegalArgument)`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VERIFIER, ALLOWANCE)).toBe(ExitCode.Ok)
      expect(await rt.addVerifiedClient(VERIFIER, CLIENT, CLIENT_ALLOWANCE)).toBe(ExitCode.Ok)
      expect(await rt.addVerifier(VERIFIER, ALLOWANCE)).toBe(ExitCode.Ok)
      expect(await rt.addVerifiedClient(VERIFIER, CLIENT, CLIENT_ALLOWANCE)).toBe(ExitCode.ErrIllegalArgument)
      expect([await rt.getClientCap(CLIENT), await rt.getVerifierCap(VERIFIER)]).toEqual([CLIENT_ALLOWANCE, ALLOWANCE])
      await rt.expectInvariants()
    })

    it(`v${version}: fails when the root is added as a verified client (ErrIllegalArgument)`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VERIFIER, ALLOWANCE)).toBe(ExitCode.Ok)
      expect(await rt.addVerifiedClient(VERIFIER, ROOT, CLIENT_ALLOWANCE)).toBe(ExitCode.ErrIllegalArgument)
      await rt.expectInvariants()
    })

    it(`v${version}: fails when a verifier is added as a verified client (ErrIllegalArgument)`, async () => {
      const rt = await setupRegistry(version)
      expect(await rt.addVerifier(VERIFIER, ALLOWANCE)).toBe(ExitCode.Ok)
      expect(await rt.addVerifiedClient(VERIFIER, VERIFIER, CLIENT_ALLOWANCE)).toBe(ExitCode.ErrIllegalArgument)
      expect(await rt.addVerifier(VERIFIER2, ALLOWANCE)).toBe(ExitCode.Ok)
      expect(await rt.addVerifiedClient(VERIFIER, VERIFIER2, CLIENT_ALLOWANCE)).toBe(ExitCode.ErrIllegalArgument)
      await rt.expectInvariants()
    })

    it(`v${version}: a verifier entry that does not decode aborts with ErrIllegalState`, async () => {
      const rt = await setupRegistry(version)
      await rt.replaceMap('Verifiers', [[VERIFIER, Uint8Array.of(0x40 + 1, 7)]])
      expect(await rt.addVerifiedClient(VERIFIER, CLIENT, CLIENT_ALLOWANCE)).toBe(ExitCode.ErrIllegalState)
    })
  }

  it('an existing client whose entry does not decode: v0 only looks it up (ErrIllegalArgument), v2 reads it (ErrIllegalState)', async () => {
    for (const version of VERSIONS) {
      const rt = await setupRegistry(version)
      await rt.replaceMap('Verifiers', [[VERIFIER, encodeDataCap(ALLOWANCE)]])
      await rt.replaceMap('VerifiedClients', [[CLIENT, Uint8Array.of(0x60)]])
      expect(await rt.addVerifiedClient(VERIFIER, CLIENT, CLIENT_ALLOWANCE)).toBe(version === 0 ? ExitCode.ErrIllegalArgument : ExitCode.ErrIllegalState)
    }
  })

  it('v2: adds a verified client after resolving its non-ID address; the same client by its ID then fails', async () => {
    const rt = await setupRegistry(2)
    rt.addIdAddress(bls(1), newIdAddress(501n))
    expect(await rt.addVerifier(VERIFIER, ALLOWANCE)).toBe(ExitCode.Ok)
    expect(await rt.addVerifiedClient(VERIFIER, bls(1), CLIENT_ALLOWANCE)).toBe(ExitCode.Ok)
    expect(await rt.getClientCap(newIdAddress(501n))).toBe(CLIENT_ALLOWANCE)
    expect(await rt.addVerifier(VERIFIER, ALLOWANCE)).toBe(ExitCode.Ok)
    expect(await rt.addVerifiedClient(VERIFIER, newIdAddress(501n), CLIENT_ALLOWANCE)).toBe(ExitCode.ErrIllegalArgument)
    await rt.expectInvariants()
  })

  it('v0: the client is stored under the address given, so its ID form is another client', async () => {
    const rt = await setupRegistry(0)
    rt.addIdAddress(bls(1), newIdAddress(501n))
    expect(await rt.addVerifier(VERIFIER, 2n * ALLOWANCE)).toBe(ExitCode.Ok)
    expect(await rt.addVerifiedClient(VERIFIER, bls(1), CLIENT_ALLOWANCE)).toBe(ExitCode.Ok)
    expect(await rt.addVerifiedClient(VERIFIER, newIdAddress(501n), CLIENT_ALLOWANCE)).toBe(ExitCode.Ok)
    expect([await rt.getClientCap(bls(1)), await rt.getClientCap(newIdAddress(501n))]).toEqual([CLIENT_ALLOWANCE, CLIENT_ALLOWANCE])
    await rt.expectInvariants()
  })

  it('v2: fails if the client address is not resolvable to an ID address (a zero send, then ErrIllegalState)', async () => {
    const rt = await setupRegistry(2)
    expect(await rt.addVerifier(VERIFIER, ALLOWANCE)).toBe(ExitCode.Ok)
    expect(await rt.addVerifiedClient(VERIFIER, bls(1), CLIENT_ALLOWANCE)).toBe(ExitCode.ErrIllegalState)
    expect(rt.sends).toEqual([{ to: bls(1), method: 0n, params: undefined, value: 0n }])
    rt.onSend = () => ({ exitCode: ExitCode.SysErrInvalidReceiver, returnValue: new Uint8Array() })
    expect(await rt.addVerifiedClient(VERIFIER, bls(1), CLIENT_ALLOWANCE)).toBe(ExitCode.SysErrInvalidReceiver)
    await rt.expectInvariants()
  })

  it('a verifier added by a key address in v0 can never verify: callers are ID addresses', async () => {
    const rt = await setupRegistry(0)
    rt.addIdAddress(bls(3), VERIFIER)
    expect(await rt.addVerifier(bls(3), ALLOWANCE)).toBe(ExitCode.Ok)
    expect(await rt.addVerifiedClient(VERIFIER, CLIENT, CLIENT_ALLOWANCE)).toBe(ExitCode.ErrNotFound)
  })
})
