// The shared DAG-CBOR head reader and writer on their own: every fault parseCborHead names, the
// writer's shortest form read back across every size boundary, and a cursor's faults raised
// through its reader's own factory.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fromHex } from 'multiformats/bytes'
import { parseCborHead, readHead, skipItem, writeHead, type CborCursor, type CborWriter } from '../../../../spec/libraries/ipld/cbor_head.ts'

function cursor(hex: string): CborCursor {
  return { bytes: fromHex(hex), pos: 0, fail: (at, what, rule, got) => new Error(`${what} expected ${rule}, got ${got} at byte ${at}`) }
}

function written(major: number, arg: number | bigint): Uint8Array {
  const w: CborWriter = { buf: new Uint8Array(1), len: 0 }
  writeHead(w, major, arg)
  return w.buf.slice(0, w.len)
}

describe('parseCborHead', () => {
  it.each([
    ['', 'end', 0],
    ['1f', 'indefinite', 0],
    ['5c', 'reserved', 0],
    ['1a0001', 'truncated', 4],
    ['1817', 'not-shortest', 1],
    ['1900ff', 'not-shortest', 2],
    ['1a0000ffff', 'not-shortest', 4],
    ['1b00000000ffffffff', 'not-shortest', 8],
  ])('%s: %s', (hex, fault, size) => {
    const head = parseCborHead(fromHex(hex), 0)
    expect(head.fault).toBe(fault)
    expect(head.size).toBe(size)
  })

  it('reads each size at its least argument', () => {
    expect(parseCborHead(fromHex('17'), 0)).toEqual({ major: 0, size: 0, arg: 23, fault: undefined })
    expect(parseCborHead(fromHex('5818'), 0)).toEqual({ major: 2, size: 1, arg: 24, fault: undefined })
    expect(parseCborHead(fromHex('990100'), 0)).toEqual({ major: 4, size: 2, arg: 256, fault: undefined })
    expect(parseCborHead(fromHex('da00010000'), 0)).toEqual({ major: 6, size: 4, arg: 65536, fault: undefined })
    expect(parseCborHead(fromHex('3b0000000100000000'), 0)).toEqual({ major: 1, size: 8, arg: 2n ** 32n, fault: undefined })
  })

  it('reads back what writeHead writes, in its shortest form', () => {
    const arg = fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.bigInt({ min: 2n ** 32n, max: 2n ** 64n - 1n }))
    fc.assert(fc.property(fc.integer({ min: 0, max: 6 }), arg, (major, a) => {
      const bytes = written(major, a)
      const head = parseCborHead(bytes, 0)
      expect(head.fault).toBeUndefined()
      expect(head.major).toBe(major)
      expect(BigInt(head.arg)).toBe(BigInt(a))
      expect(bytes.length).toBe(1 + head.size)
    }))
  })
})

describe('a cursor', () => {
  it('raises a fault through its factory, at the head', () => {
    expect(() => readHead(cursor('001817'), 'x')).not.toThrow()
    const c = cursor('001817')
    c.pos = 1
    expect(() => readHead(c, 'count')).toThrow('count expected the shortest form of its head, got 0x1817 at byte 1')
  })

  it('holds an 8-byte argument exactly, as a bigint', () => {
    expect(readHead(cursor('1b0020000000000001'), 'n').arg).toBe(2n ** 53n + 1n)
  })

  it('skips one item, checking its heads', () => {
    const c = cursor('a2616101616282f5f6')
    skipItem(c, 0)
    expect(c.pos).toBe(c.bytes.length)
    expect(() => skipItem(cursor('f93c00'), 0)).toThrow('value expected false, true or null (no floats, no other simple values), got 0xf9 at byte 0')
    expect(() => skipItem(cursor('a10101'), 0)).toThrow('map key expected a text string, got major type 0 at byte 1')
  })
})
