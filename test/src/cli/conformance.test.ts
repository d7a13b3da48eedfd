// `filspec conformance`: runs corpus vectors, reports each failure with its first difference, goes
// on past a malformed file (naming the file and the field), writes a JSON report, shows a state
// diff with --diff, and ends with `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { addressFromString } from '../../../spec/appendix/address/address.ts'
import { UnsignedMessage } from '../../../spec/systems/filecoin_vm/message/message.ts'

const repo = new URL('../../../', import.meta.url).pathname
const bin = join(repo, 'bin/filspec.js')
const corpus = join(repo, '../shared/conformance/test-vectors/corpus')
const tmp = mkdtempSync(join(tmpdir(), 'filspec-conformance-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function filspec(args: string[]) {
  const r = spawnSync('node', [bin, ...args], { encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const OK = 'transfer/basic--ok--genesis.json'

describe('filspec conformance', () => {
  it('passes a corpus vector, every variant (4 for a genesis-era vector)', () => {
    const r = filspec(['conformance', join(corpus, OK)])
    expect(r.stdout).toBe('4 passed, 0 failed, 0 skipped\n')
    expect(r.code).toBe(0)
  })

  it('names the file and field of a malformed vector, and goes on with the rest', () => {
    const dir = join(tmp, 'malformed')
    mkdirSync(dir, { recursive: true })
    copyFileSync(join(corpus, OK), join(dir, 'b-good.json'))
    const v = JSON.parse(readFileSync(join(corpus, OK), 'utf8'))
    v.postconditions.receipts[0].gas_used = 'lots'
    writeFileSync(join(dir, 'a-bad.json'), JSON.stringify(v))
    writeFileSync(join(dir, 'c-not-json.json'), '{')
    const r = filspec(['conformance', dir])
    expect(r.stdout).toContain('FAIL a-bad.json [*]: vector a-bad.json: postconditions.receipts.0.gas_used: ')
    expect(r.stdout).toContain('FAIL c-not-json.json [*]: vector c-not-json.json: not JSON')
    expect(r.stdout.trim().split('\n').at(-1)).toBe('4 passed, 2 failed, 0 skipped')
    expect(r.code).toBe(1)
  })

  it('a wrong expected receipt fails with the first differing field; --diff and --json report a wrong post-state root', () => {
    const dir = join(tmp, 'wrong')
    mkdirSync(dir, { recursive: true })
    const v = JSON.parse(readFileSync(join(corpus, OK), 'utf8'))
    v.postconditions.receipts[0].gas_used += 1
    writeFileSync(join(dir, 'gas.json'), JSON.stringify(v))
    const w = JSON.parse(readFileSync(join(corpus, OK), 'utf8'))
    w.postconditions.state_tree.root_cid['/'] = w.preconditions.state_tree.root_cid['/']
    writeFileSync(join(dir, 'root.json'), JSON.stringify(w))
    const report = join(tmp, 'report.json')
    const r = filspec(['conformance', '--diff', '--json', report, dir])
    expect(r.stdout).toContain('FAIL gas.json [genesis]: receipt 0 gas_used expected 316269, got 316268')
    expect(r.stdout).toMatch(/FAIL root.json \[genesis\]: post-state root expected bafy\w+, got bafy\w+/)
    // The diff: the sender paid value and gas, the receiver got 50, the burnt funds and reward actors their shares.
    expect(r.stdout).toMatch(/ {2}f0100: balance \d+ → \d+ \(-\d+\), nonce 0 → 1/)
    expect(r.stdout).toContain('  f0101: balance')
    const json = JSON.parse(readFileSync(report, 'utf8')) as { runs: { vector: string; variant: string; status: string }[] }
    expect(json.runs.length).toBe(8)
    expect(json.runs.every((x) => x.status === 'failed')).toBe(true)
    expect(r.code).toBe(1)
  })

  it('--diff decodes the state of actors the spec defines: the init actor’s next ID after an account was created', () => {
    const dir = join(tmp, 'state')
    mkdirSync(dir, { recursive: true })
    const v = JSON.parse(readFileSync(join(corpus, 'actor_creation/on_transfer--ok-create-secp256k1--genesis.json'), 'utf8'))
    v.postconditions.state_tree.root_cid['/'] = v.preconditions.state_tree.root_cid['/']
    v.preconditions.variants = v.preconditions.variants.slice(0, 1)
    writeFileSync(join(dir, 'create.json'), JSON.stringify(v))
    const r = filspec(['conformance', '--diff', dir])
    expect(r.stdout).toMatch(/\n {2}f01: head bafy\w+ → bafy\w+\n {4}AddressMap: \{"\/":"bafy\w+"\} → \{"\/":"bafy\w+"\}\n {4}NextID: (\d+) → (\d+)\n/)
    const [, before, after] = /NextID: (\d+) → (\d+)/.exec(r.stdout)!
    expect(Number(after) - Number(before)).toBe(1)
  })

  it('reports a skip for code it does not implement yet, without failing', () => {
    // A message to a miner's PreCommitSector (method 6, not implemented yet), from the account that
    // sends the first message of a reward vector, on that vector's pre-state.
    const dir = join(tmp, 'skip')
    mkdirSync(dir, { recursive: true })
    const v = JSON.parse(readFileSync(join(corpus, 'reward/reward--ok-miners-awarded-no-premiums--genesis.json'), 'utf8'))
    const first = UnsignedMessage.decode(Buffer.from(v.apply_tipsets[0].blocks[0].messages[0], 'base64'))
    const msg = UnsignedMessage.encode({ ...first, To: addressFromString('f0102'), Method: 6n, Value: 0n })
    Object.assign(v, { class: 'message', apply_messages: [{ bytes: Buffer.from(msg).toString('base64'), epoch_offset: 0 }] })
    v.postconditions.receipts = [{ exit_code: 0, return: '', gas_used: 0 }]
    delete v.apply_tipsets
    writeFileSync(join(dir, 'precommit.json'), JSON.stringify(v))
    const r = filspec(['conformance', dir])
    expect(r.stdout).toBe('0 passed, 0 failed, 1 skipped\n')
    expect(r.code).toBe(0)
  })

})
