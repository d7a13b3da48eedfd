// `filspec state actors` on vectors of the conformance corpus (../shared/conformance/test-vectors).
// Expected code CIDs: specs-actors actors/builtin/codes.go (v0 "fil/1/…", v2 "fil/2/…"), as listed
// in external-vectors.md; singleton IDs: specs-actors builtin/singletons.go (f00 system … f06
// verified registry, f099 burnt funds).
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { addressToString } from '../../../spec/appendix/address/address.ts'
import { getInlineBytes } from '../../../spec/systems/filecoin_nodes/repository/ipldstore/blockstore.ts'
import { UnsignedMessage } from '../../../spec/systems/filecoin_vm/message/message.ts'
import { loadDagFile } from '../../../src/cli/commands/car.ts'
import { type ActorEntry, listActors } from '../../../src/cli/commands/state.ts'

const repo = new URL('../../../', import.meta.url).pathname
const bin = join(repo, 'bin/filspec.js')
const corpus = join(repo, '../shared/conformance/test-vectors/corpus')

function filspec(args: string[]) {
  const r = spawnSync('node', [bin, ...args], { encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

// specs-actors v0 and v2 actors/builtin/codes.go (external-vectors.md, builtin actor code CIDs).
const CODES: Record<string, [string, string]> = {
  system: ['bafkqaddgnfwc6mjpon4xg5dfnu', 'bafkqaddgnfwc6mrpon4xg5dfnu'],
  init: ['bafkqactgnfwc6mjpnfxgs5a', 'bafkqactgnfwc6mrpnfxgs5a'],
  reward: ['bafkqaddgnfwc6mjpojsxoylsmq', 'bafkqaddgnfwc6mrpojsxoylsmq'],
  cron: ['bafkqactgnfwc6mjpmnzg63q', 'bafkqactgnfwc6mrpmnzg63q'],
  storagepower: ['bafkqaetgnfwc6mjpon2g64tbm5sxa33xmvza', 'bafkqaetgnfwc6mrpon2g64tbm5sxa33xmvza'],
  storagemarket: ['bafkqae3gnfwc6mjpon2g64tbm5sw2ylsnnsxi', 'bafkqae3gnfwc6mrpon2g64tbm5sw2ylsnnsxi'],
  verifiedregistry: ['bafkqaftgnfwc6mjpozsxe2lgnfswi4tfm5uxg5dspe', 'bafkqaftgnfwc6mrpozsxe2lgnfswi4tfm5uxg5dspe'],
  account: ['bafkqadlgnfwc6mjpmfrwg33vnz2a', 'bafkqadlgnfwc6mrpmfrwg33vnz2a'],
}
const SINGLETONS: [string, string][] = [
  ['f00', 'system'],
  ['f01', 'init'],
  ['f02', 'reward'],
  ['f03', 'cron'],
  ['f04', 'storagepower'],
  ['f05', 'storagemarket'],
  ['f06', 'verifiedregistry'],
  ['f099', 'account'],
]

interface JsonActor {
  Address: string
  Code: { '/': string }
  Head: { '/': string }
  Nonce: number
  Balance: string
}

describe('filspec state actors', () => {
  it.each([
    ['genesis (actors v0, a bare state tree HAMT)', 'vm_violations/caller_validation--fails-incorrect-caller-type--genesis.json', 0],
    ['actorsv2 (a StateRoot of version 1)', 'vm_violations/actor_creation--control-ok-with-good-address-good-cid--actorsv2.json', 1],
  ] as const)('lists the singleton actors with their code CIDs: %s (%s)', (_, file, actorsIndex) => {
    const r = filspec(['state', 'actors', join(corpus, file), '--json'])
    expect([r.code, r.stderr]).toEqual([0, ''])
    const actors = JSON.parse(r.stdout) as JsonActor[]
    const byAddress = new Map(actors.map((a) => [a.Address, a]))
    for (const [address, name] of SINGLETONS) expect([address, byAddress.get(address)?.Code['/']]).toEqual([address, CODES[name]![actorsIndex]])
    // Sorted by ID; every head is a state block, every balance a decimal string.
    expect(actors.map((a) => BigInt(a.Address.slice(2)))).toEqual(actors.map((a) => BigInt(a.Address.slice(2))).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)))
    for (const a of actors) {
      expect(a.Head['/']).toMatch(/^bafy2bzace/)
      expect(a.Balance).toMatch(/^(0|[1-9][0-9]*)$/)
    }
    // The table has the same rows, with the code's name beside it.
    const table = filspec(['state', 'actors', join(corpus, file)]).stdout.trim().split('\n')
    expect(table[0]).toMatch(/^address\s+code\s+balance\s+nonce\s+head$/)
    expect(table).toHaveLength(actors.length + 1)
    const system = actorsIndex === 0 ? 'fil/1/system' : 'fil/2/system'
    expect(table[1]!.split(/\s+/)).toEqual(['f00', CODES.system![actorsIndex], `(${system})`, byAddress.get('f00')!.Balance, `${byAddress.get('f00')!.Nonce}`, byAddress.get('f00')!.Head['/']])
  })

  it('shows the post-state with --root: actor_creation--control-ok-with-good-address-good-cid--actorsv2', () => {
    const file = join(corpus, 'vm_violations/actor_creation--control-ok-with-good-address-good-cid--actorsv2.json')
    const vector = JSON.parse(readFileSync(file, 'utf8')) as { apply_messages: { bytes: string }[]; postconditions: { state_tree: { root_cid: { '/': string } } } }
    const message = UnsignedMessage.decode(Buffer.from(vector.apply_messages[0]!.bytes, 'base64'))
    const pre = JSON.parse(filspec(['state', 'actors', file, '--json']).stdout) as JsonActor[]
    const post = JSON.parse(filspec(['state', 'actors', file, '--json', '--root', vector.postconditions.state_tree.root_cid['/']]).stdout) as JsonActor[]
    // The one message creates one account actor and bumps its sender's nonce.
    expect(post.length).toBe(pre.length + 1)
    const created = post.filter((a) => !pre.some((b) => b.Address === a.Address))
    expect(created.map((a) => a.Code['/'])).toEqual([CODES.account![1]])
    const sender = addressToString(message.From)
    expect(post.find((a) => a.Address === sender)!.Nonce).toBe(pre.find((a) => a.Address === sender)!.Nonce + 1)
    expect(pre.find((a) => a.Address === sender)!.Nonce).toBe(Number(message.Nonce))
  })

  it('refuses a bad --root or a root that is not a state tree, with exit code 2', () => {
    const file = join(corpus, 'vm_violations/actor_creation--control-ok-with-good-address-good-cid--actorsv2.json')
    const bad = filspec(['state', 'actors', file, '--root', 'not-a-cid'])
    expect([bad.code, bad.stderr]).toEqual([2, 'filspec: state actors: --root expected a CID, got "not-a-cid"\n'])
    const absent = 'bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4'
    const missing = filspec(['state', 'actors', file, '--root', absent])
    expect([missing.code, missing.stderr]).toEqual([2, `filspec: blockstore: block ${absent} expected in the store, got none\n`])
    // An actor's head is a block of the CAR, but not a HAMT node.
    const head = (JSON.parse(filspec(['state', 'actors', file, '--json']).stdout) as JsonActor[])[0]!.Head['/']
    const notTree = filspec(['state', 'actors', file, '--root', head])
    expect(notTree.code).toBe(2)
    expect(notTree.stderr.split('\n')).toHaveLength(2)
  })
})

describe('every state tree of the corpus lists, and its balances add up', () => {
  // In each vector the FIL of the pre-state is all in the post-state (gas is paid to the burnt
  // funds and reward actors), except where the vector makes it vanish: the chaos actor, sent some
  // FIL and then told to delete itself with itself as beneficiary, takes that FIL with it.
  const files = readdirSync(corpus, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json')).sort()
  const total = (actors: ActorEntry[]) => actors.reduce((s, a) => s + a.balance, 0n)
  it.each(files)('%s', async (file) => {
    const { store, roots } = await loadDagFile(join(corpus, file))
    const [pre, post] = [await listActors(store, roots[0]!), await listActors(store, roots[1]!)]
    for (const a of [...pre, ...post]) {
      if (getInlineBytes(a.head) === undefined) expect(await store.has(a.head)).toBe(true)
      expect(a.address.protocol).toBe(0)
    }
    if (file.includes('fail-delete-w-balance-and-self-beneficiary')) {
      const gone = pre.filter((a) => !post.some((b) => addressToString(b.address) === addressToString(a.address))).map((a) => addressToString(a.address))
      expect(gone).toEqual(['f098'])
      const vector = JSON.parse(readFileSync(join(corpus, file), 'utf8')) as { apply_messages: { bytes: string }[] }
      const messages = vector.apply_messages.map((m) => UnsignedMessage.decode(Buffer.from(m.bytes, 'base64')))
      const sent = messages.filter((m) => addressToString(m.To) === 'f098').reduce((s, m) => s + m.Value, 0n)
      expect(sent).toBeGreaterThan(0n)
      expect(total(pre) - total(post)).toBe(sent)
    } else {
      expect(total(post)).toBe(total(pre))
    }
  })
})
