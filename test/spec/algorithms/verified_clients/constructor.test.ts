// The verified registry's method table and Constructor on the mock runtime, after specs-actors'
// verified_registry_test.go TestExports and TestConstruction (v0.9.13 and v2.3.2).

import { describe, expect, it } from 'vitest'
import { newIdAddress } from '../../../../spec/appendix/address/address.ts'
import { INIT_ACTOR_ADDR, SYSTEM_ACTOR_ADDR, getBuiltinCode } from '../../../../spec/systems/filecoin_vm/actor/builtin_code.ts'
import { ExitCode } from '../../../../spec/systems/filecoin_vm/runtime/exit_code.ts'
import { getBuiltinRegistry } from '../../../../spec/systems/filecoin_vm/sysactors/builtin_actors.ts'
import { VerifregMethod, getVerifiedRegistryActor } from '../../../../spec/algorithms/verified_clients/methods.ts'
import { ROOT, VerifregRuntime, bls, encodeAddressParams } from './harness.ts'

const VERSIONS = [0, 2] as const
/** An empty go-hamt-ipld v0.1.5 or v2.0.0 map (`[h'', []]`): the f06 maps of every corpus pre-state. */
const EMPTY_MAP = 'bafy2bzaceamp42wmmgr2g2ymg46euououzfyck7szknvfacqscohrvaikwfay'

describe('getVerifiedRegistryActor', () => {
  for (const version of VERSIONS) {
    it(`v${version}: exports methods 1 to 6, is a singleton, and is in the builtin registry under its code`, () => {
      const actor = getVerifiedRegistryActor(version)
      expect(actor.methods.map((m) => m !== undefined)).toEqual([false, true, true, true, true, true, true])
      expect([actor.singleton, actor.actorsVersion]).toEqual([true, version])
      expect(String(actor.code)).toBe(String(getBuiltinCode('verifiedregistry', version)))
      expect(getBuiltinRegistry().get(String(actor.code))?.methods.length).toBe(7)
    })
  }
  it('numbers the methods as specs-actors builtin.MethodsVerifiedRegistry', () => {
    expect(VerifregMethod).toEqual({ Constructor: 1n, AddVerifier: 2n, RemoveVerifier: 3n, AddVerifiedClient: 4n, UseBytes: 5n, RestoreBytes: 6n })
  })
})

describe('Constructor', () => {
  for (const version of VERSIONS) {
    it(`v${version}: successful construction with root ID address: both maps the one empty HAMT, written once`, async () => {
      const rt = new VerifregRuntime(version)
      const { exitCode, gets, puts } = await rt.invoke(SYSTEM_ACTOR_ADDR, VerifregMethod.Constructor, encodeAddressParams(ROOT))
      expect([exitCode, gets, puts]).toEqual([ExitCode.Ok, 0, 2])
      const st = await rt.state()
      expect(st.RootKey).toEqual(ROOT)
      expect([String(st.Verifiers), String(st.VerifiedClients)]).toEqual([EMPTY_MAP, EMPTY_MAP])
      await rt.expectInvariants()
    })

    it(`v${version}: a non-ID root address is resolved to an ID address`, async () => {
      const rt = new VerifregRuntime(version)
      rt.addIdAddress(bls(101), newIdAddress(201n))
      expect(await rt.construct(bls(101))).toBe(ExitCode.Ok)
      expect((await rt.state()).RootKey).toEqual(newIdAddress(201n))
      expect(rt.sends).toEqual([])
      await rt.expectInvariants()
    })

    it(`v${version}: fails with ErrIllegalArgument if the root cannot be resolved to an ID address (no zero send)`, async () => {
      const rt = new VerifregRuntime(version)
      expect(await rt.construct(bls(101))).toBe(ExitCode.ErrIllegalArgument)
      expect(rt.head).toBeUndefined()
      expect(rt.sends).toEqual([])
    })

    it(`v${version}: only the system actor may call it (SysErrForbidden)`, async () => {
      const rt = new VerifregRuntime(version)
      expect((await rt.invoke(INIT_ACTOR_ADDR, VerifregMethod.Constructor, encodeAddressParams(ROOT))).exitCode).toBe(ExitCode.SysErrForbidden)
      expect(rt.head).toBeUndefined()
    })
  }
})
