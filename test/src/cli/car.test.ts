// `filspec car verify` on vectors of the conformance corpus (../shared/conformance/test-vectors),
// whose CARs Lotus wrote; the expected counts come from reading the CAR with @ipld/car directly.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as dagCbor from '@ipld/dag-cbor'
import { CarBufferReader } from '@ipld/car/buffer-reader'
import { CarBufferWriter } from '@ipld/car'
import { CID } from 'multiformats/cid'
import { fromHex } from 'multiformats/bytes'
import { gunzipSync } from 'node:zlib'

const repo = new URL('../../../', import.meta.url).pathname
const bin = join(repo, 'bin/filspec.js')
const corpus = join(repo, '../shared/conformance/test-vectors/corpus')
const tmp = mkdtempSync(join(tmpdir(), 'filspec-car-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function filspec(args: string[]) {
  const r = spawnSync('node', [bin, ...args], { encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

// Vectors of three kinds: an actors v2 message, a genesis-era (actors v0) one, and a tipset.
const VECTORS = [
  'vm_violations/actor_creation--control-ok-with-good-address-good-cid--actorsv2.json',
  'vm_violations/caller_validation--fails-incorrect-caller-type--genesis.json',
  'msg_application/duplicates--messages-deduplicated--liftoff.json',
]

function carOfVector(file: string): Uint8Array {
  const v = JSON.parse(readFileSync(join(corpus, file), 'utf8')) as { car: string }
  return new Uint8Array(gunzipSync(Buffer.from(v.car, 'base64')))
}

function hasLink(v: unknown): boolean {
  if (CID.asCID(v) !== null) return true
  if (v instanceof Uint8Array || v === null || typeof v !== 'object') return false
  return Object.values(v).some(hasLink)
}

function writeCarFile(name: string, roots: CID[], blocks: { cid: CID; bytes: Uint8Array }[]): string {
  const size = CarBufferWriter.headerLength({ roots }) + blocks.reduce((n, b) => n + CarBufferWriter.blockLength(b), 0)
  const w = CarBufferWriter.createWriter(new ArrayBuffer(size), { roots })
  for (const b of blocks) w.write(b)
  const path = join(tmp, name)
  writeFileSync(path, w.close())
  return path
}

describe('filspec car verify', () => {
  it.each(VECTORS)('counts every block of %s as identical', (file) => {
    // Lotus's CAR holds exactly the DAG under its roots, each block once: so every distinct CID
    // of the file is a block the walk reaches.
    const expected = new Set(CarBufferReader.fromBytes(carOfVector(file)).cids().map(String)).size
    const line = `blocks=${expected} identical=${expected} missing=0\n`
    const fromVector = filspec(['car', 'verify', join(corpus, file)])
    expect([fromVector.code, fromVector.stdout, fromVector.stderr]).toEqual([0, line, ''])
    const carPath = join(tmp, `${file.replace(/\W/g, '_')}.car`)
    writeFileSync(carPath, carOfVector(file))
    const fromCar = filspec(['car', 'verify', carPath])
    expect([fromCar.code, fromCar.stdout]).toEqual([0, line])
  })

  const file = VECTORS[0]!
  const reader = CarBufferReader.fromBytes(carOfVector(file))
  const roots = reader.getRoots()
  const blocks = reader.blocks()
  const n = blocks.length
  // The last DAG-CBOR block that links nowhere: changing or dropping it leaves the rest reachable.
  const linkless = blocks.map((b) => b.cid.code === 0x71 && !hasLink(dagCbor.decode(b.bytes))).lastIndexOf(true)

  it(`reports a block that is missing (${file})`, () => {
    expect(linkless).toBeGreaterThan(0)
    const path = writeCarFile('missing.car', roots, blocks.filter((_, i) => i !== linkless))
    const r = filspec(['car', 'verify', path])
    expect([r.code, r.stdout]).toEqual([1, `blocks=${n - 1} identical=${n - 1} missing=1\n`])
    expect(r.stderr).toBe(`missing ${blocks[linkless]!.cid}\n`)
  })

  it(`reports a block whose bytes are not its CID's (${file})`, () => {
    const changed = blocks.map((b, i) => (i === linkless ? { cid: b.cid, bytes: dagCbor.encode('another value') } : b))
    const r = filspec(['car', 'verify', writeCarFile('changed.car', roots, changed)])
    expect([r.code, r.stdout, r.stderr]).toEqual([1, `blocks=${n} identical=${n - 1} missing=0\n`, `different ${blocks[linkless]!.cid}\n`])
  })

  it(`stops at a block that is not strict DAG-CBOR, naming it (${file})`, () => {
    // {"b": 1, "a": 2}: map keys out of DAG-CBOR order.
    const changed = blocks.map((b, i) => (i === linkless ? { cid: b.cid, bytes: fromHex('a2616201616102') } : b))
    const r = filspec(['car', 'verify', writeCarFile('nonstrict.car', roots, changed)])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`filspec: blockstore: block ${blocks[linkless]!.cid} is not strict DAG-CBOR (map key expected keys sorted shortest first, then bytewise, got "a" at byte 4)\n`)
  })

  it('refuses input that is not a CAR or a vector with exit code 2', () => {
    const notCar = join(tmp, 'not.car')
    writeFileSync(notCar, 'hello')
    const notVector = join(tmp, 'not-vector.json')
    writeFileSync(notVector, '{"car": 1}')
    const badBase64 = join(tmp, 'bad-gzip.json')
    writeFileSync(badBase64, JSON.stringify({ car: 'aGVsbG8=', preconditions: { state_tree: { root_cid: { '/': 'x' } } }, postconditions: { state_tree: { root_cid: { '/': 'x' } } } }))
    for (const [args, message] of [
      [['car', 'verify', notCar], 'filspec: car: file expected a CAR'],
      [['car', 'verify', notVector], 'filspec: ' + notVector + ': vector expected a car field and both state roots, got car missing or malformed'],
      [['car', 'verify', badBase64], 'filspec: car: vector car field expected gzip data'],
      [['car', 'verify', join(tmp, 'absent.car')], `filspec: ${join(tmp, 'absent.car')}: cannot read (ENOENT)`],
      [['car', 'verify'], 'filspec: car verify: expected one argument <file.car|vector.json>'],
      [['car', 'check', notCar], 'filspec: car: expected subcommand "verify", got "check"'],
    ] as const) {
      const r = filspec([...args])
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr.startsWith(message)).toBe(true)
      expect(r.stderr.split('\n')).toHaveLength(2)
    }
  })
})
