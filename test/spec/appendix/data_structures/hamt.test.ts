// The HAMT against the references' own expectations: root CIDs from ref-fvm's fvm_ipld_hamt tests
// (ipld/hamt/tests/hamt_tests.rs, whose blocks are go-hamt-ipld v3's, so layout v3), and the
// cases of go-hamt-ipld's hamt_test.go (TestMalformedHamt, TestCleanChildOrdering, TestOverflow,
// TestFillAndCollapse), then what the API promises: what set/delete return, what flush writes,
// and the errors.
import { describe, expect, it } from 'vitest'
import { CID } from 'multiformats/cid'
import { fromHex } from 'multiformats/bytes'
import { createMemoryBlockstore } from '../../../../spec/systems/filecoin_nodes/repository/ipldstore/memory_store.ts'
import { computeHashIndex, createHamt, getHamtVersionForActors, loadHamt, type Hamt, type HamtOptions } from '../../../../spec/appendix/data_structures/hamt.ts'
import { HamtError, type HamtErrorKind, type HamtVersion } from '../../../../spec/appendix/data_structures/hamt_node.ts'
import { bytesValue, collectNodes, createCountingStore, identityHash, shortIdentityHash, textKey, uvarint, VERSIONS } from './hamt_fixtures.ts'

const EMPTY_HAMT = 'bafy2bzaceamp42wmmgr2g2ymg46euououzfyck7szknvfacqscohrvaikwfay'

async function expectHamtError(p: Promise<unknown>, kind: HamtErrorKind): Promise<HamtError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(HamtError)
  expect((e as HamtError).kind).toBe(kind)
  return e as HamtError
}

async function count(h: Hamt): Promise<number> {
  let n = 0
  for await (const _ of h.entries()) n++
  return n
}

describe('root CIDs of ref-fvm hamt_tests.rs (v3 layout, sha2-256)', () => {
  const v3 = (bitWidth = 8): HamtOptions => ({ version: 'v3', bitWidth })

  it('test_set_if_absent', async () => {
    const h = createHamt(createMemoryBlockstore(), v3())
    expect(await h.setIfAbsent(textKey('favorite-animal'), bytesValue('owl bear'))).toBe(true)
    expect(await h.setIfAbsent(textKey('favorite-animal'), bytesValue('bright green bear'))).toBe(false)
    expect(await h.setIfAbsent(textKey('favorite-animal'), bytesValue('owl bear'))).toBe(false)
    expect(String(await h.flush())).toBe('bafy2bzaced2tgnlsq4n2ioe6ldy75fw3vlrrkyfv4bq6didbwoob2552zvpuk')
  })

  it('set_with_no_effect_does_not_put (bit width 1)', async () => {
    const store = createCountingStore()
    const h = createHamt(store, v3(1))
    for (let i = 0; i < 30; i++) await h.set(textKey(String(i)), bytesValue('filler'))
    expect(String(await h.flush())).toBe('bafy2bzacebjilcrsqa4uyxuh36gllup4rlgnvwgeywdm5yqq2ks4jrsj756qq')
    expect(await h.set(textKey('favorite-animal'), bytesValue('bright green bear'))).toBe(true)
    expect(String(await h.flush())).toBe('bafy2bzacea7biyabzk7v7le2rrlec5tesjbdnymh5sk4lfprxibg4rtudwtku')
    const writes = store.written.length
    expect(await h.set(textKey('favorite-animal'), bytesValue('bright green bear'))).toBe(false)
    expect(String(await h.flush())).toBe('bafy2bzacea7biyabzk7v7le2rrlec5tesjbdnymh5sk4lfprxibg4rtudwtku')
    expect(store.written.length).toBe(writes)
  })

  it('delete', async () => {
    const store = createMemoryBlockstore()
    const h = createHamt(store, v3())
    await h.set(textKey('foo'), bytesValue('cat dog bear'))
    await h.set(textKey('bar'), bytesValue('cat dog'))
    await h.set(textKey('baz'), bytesValue('cat'))
    const c = await h.flush()
    expect(String(c)).toBe('bafy2bzacebql36crv4odvxzstx2ubaczmawy2tlljxezvorcsoqeyyojxkrom')
    const h2 = await loadHamt(store, c, v3())
    expect(await h2.delete(textKey('foo'))).toBe(true)
    expect(await h2.get(textKey('foo'))).toBeUndefined()
    expect(await h2.delete(textKey('nonexistent'))).toBe(false)
    expect(String(await h2.flush())).toBe('bafy2bzaced7up7wkm7cirieh5bs4iyula5inrprihmjzozmku3ywvekzzmlyi')
  })

  it('delete_case and reload_empty: the empty HAMT', async () => {
    const store = createMemoryBlockstore()
    const h = createHamt(store, v3())
    await h.set(Uint8Array.of(0), bytesValue('Test data'))
    const c = await h.flush()
    expect(String(c)).toBe('bafy2bzaceb2hikcc6tfuuuuehjstbiq356oruwx6ejyse77zupq445unranv6')
    const h2 = await loadHamt(store, c, v3())
    expect(await h2.delete(Uint8Array.of(0))).toBe(true)
    expect(String(await h2.flush())).toBe(EMPTY_HAMT)
  })

  it.each(VERSIONS)('the empty root [h\'\', []] is the same block in every version (%s)', async (version) => {
    const store = createMemoryBlockstore()
    const c = await createHamt(store, { version }).flush()
    expect(String(c)).toBe(EMPTY_HAMT)
    expect(await count(await loadHamt(store, c, { version }))).toBe(0)
  })

  it('set_delete_many (200 keys, bit width 5)', async () => {
    const h = createHamt(createMemoryBlockstore(), v3(5))
    for (let i = 0; i < 200; i++) await h.set(textKey(String(i)), bytesValue(String(i)))
    expect(String(await h.flush())).toBe('bafy2bzaceczhz54xmmz3xqnbmvxfbaty3qprr6dq7xh5vzwqbirlsnbd36z7a')
    for (let i = 200; i < 400; i++) await h.set(textKey(String(i)), bytesValue(String(i)))
    expect(String(await h.flush())).toBe('bafy2bzacecxcp736xkl2mcyjlors3tug6vdlbispbzxvb75xlrhthiw2xwxvw')
    for (let i = 200; i < 400; i++) expect(await h.delete(textKey(String(i)))).toBe(true)
    expect(String(await h.flush())).toBe('bafy2bzaceczhz54xmmz3xqnbmvxfbaty3qprr6dq7xh5vzwqbirlsnbd36z7a')
    for (let i = 0; i < 200; i++) expect(await h.delete(textKey(String(i)))).toBe(true)
    expect(await count(h)).toBe(0)
    expect(String(await h.flush())).toBe(EMPTY_HAMT)
  })

  it('for_each (200 keys, bit width 5)', async () => {
    const store = createMemoryBlockstore()
    const h = createHamt(store, v3(5))
    for (let i = 0; i < 200; i++) await h.set(textKey(String(i)), bytesValue(String(i)))
    expect(await count(h)).toBe(200)
    const c = await h.flush()
    expect(String(c)).toBe('bafy2bzaceczhz54xmmz3xqnbmvxfbaty3qprr6dq7xh5vzwqbirlsnbd36z7a')
    const h2 = await loadHamt(store, c, v3(5))
    for await (const { key, value } of h2.entries()) expect(value).toEqual(bytesValue(new TextDecoder().decode(key)))
    expect(String(await h2.flush())).toBe(String(c))
    await h2.set(textKey('10'), bytesValue('modified-10'))
    await h2.set(textKey('80'), bytesValue('modified-80'))
    await h2.set(textKey('81'), bytesValue('modified-81'))
    expect(await h2.delete(textKey('30'))).toBe(true)
    expect(await h2.delete(textKey('300'))).toBe(false)
    expect(await count(h2)).toBe(199)
    expect(String(await h2.flush())).toBe('bafy2bzacebln5j7tdfavh2qqhio6mgaoq6mm2jbmcex2ngcmi3uqlx5k3mov4')
  })

  it('clean_child_ordering (varint keys 100..194, value 42)', async () => {
    const store = createMemoryBlockstore()
    const h = createHamt(store, v3(5))
    for (let i = 100; i < 195; i++) await h.set(uvarint(i), Uint8Array.of(0x18, 0x2a))
    const c = await h.flush()
    expect(String(c)).toBe('bafy2bzacebqox3gtng4ytexyacr6zmaliyins3llnhbnfbcrqmhzuhmuuawqk')
    const h2 = await loadHamt(store, c, v3(5))
    await h2.delete(uvarint(104))
    await h2.delete(uvarint(108))
    const c2 = await h2.flush()
    expect(String(c2)).toBe('bafy2bzacedlyeuub3mo4aweqs7zyxrbldsq2u4a2taswubudgupglu2j4eru6')
    expect(await count(await loadHamt(store, c2, v3(5)))).toBe(93)
  })

  // canonical_structure and canonical_structure_alt_bit_width (identity hash): set, add extra keys,
  // delete them again; the root must be the one the first keys alone give.
  const canonical: Array<[number, string[], string[], string]> = [
    [8, ['K'], ['B'], 'bafy2bzacecosy45hp4sz2t4o4flxvntnwjy7yaq43bykci22xycpeuj542lse'],
    [8, ['K0', 'K1', 'KAA1', 'KAA2', 'KAA3'], ['KAA4'], 'bafy2bzaceaqdaj5aqkwugr7wx4to3fahynoqlxuo5j6xznly3khazgyxihkbo'],
    [5, ['K'], ['B'], 'bafy2bzacec3cquclaqkb32cntwtizgij55b7isb4s5hv5hv5ujbbeu6clxkug'],
    [6, ['K'], ['B'], 'bafy2bzacebj7b2jahw7nxmu6mlhkwzucjmfq7aqlj52jusqtufqtaxcma4pdm'],
    [7, ['K'], ['B'], 'bafy2bzacedrwwndijql6lmmtyicjwyehxtgey5fhzocc43hrzhetrz25v2k2y'],
    [5, ['K0', 'K1', 'KAA1', 'KAA2', 'KAA3'], ['KAA4'], 'bafy2bzacedbiipe7l7gbtjandyyl6rqlkuqr2im2nl7d4bljidv5mta22rjqk'],
    [6, ['K0', 'K1', 'KAA1', 'KAA2', 'KAA3'], ['KAA4'], 'bafy2bzaceb3c76qlbsiv3baogpao3zah56eqonsowpkof33o5hmncfow4seso'],
    [7, ['K0', 'K1', 'KAA1', 'KAA2', 'KAA3'], ['KAA4'], 'bafy2bzacebhkyrwfexokaoygsx2crydq3fosiyfoa5bthphntmicsco2xf442'],
  ]
  it.each(canonical)('canonical_structure, bit width %i, keys %j plus %j', async (bitWidth, keys, extra, expected) => {
    const store = createMemoryBlockstore()
    const h = createHamt(store, { version: 'v3', bitWidth, hash: identityHash })
    for (const [i, k] of keys.entries()) await h.set(textKey(k), bytesValue(String(i)))
    const first = await h.flush()
    for (const k of extra) await h.set(textKey(k), bytesValue('0'))
    for (const k of extra) expect(await h.delete(textKey(k))).toBe(true)
    expect(String(await h.flush())).toBe(expected)
    expect(String(first)).toBe(expected)
  })
})

// go-hamt-ipld hamt_test.go TestMalformedHamt: hand-written node blocks loaded with bit width 8
// and the identity hash; v2.0.0's copy writes pointers as {"1": …}/{"0": …}, v3's bare.
describe('go-hamt-ipld TestMalformedHamt', () => {
  const root = CID.parse('bafy2bzaceab7vkg5c3zti7ebqensb3onksjkc4wwktkiledkezgvnbvzs4cti')
  const child = CID.parse('bafy2bzaceab7vkg5c3zti7ebqensb3onksjkc4wwktkiledkezgvnbvzs4cqa')
  const cidBytes = fromHex('000171a0e4022003faa8dd16f3347c81811b20edcd5492a172d654d485906a264d5686b9970534')
  const childCidBytes = fromHex('000171a0e4022003faa8dd16f3347c81811b20edcd5492a172d654d485906a264d5686b9970500')
  const badCidBytes = fromHex('000170a0e4022003faa8dd16f3347c81811b20edcd5492a172d654d485906a264d5686b9970534')
  const cat = (...parts: Array<number | Uint8Array>) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : [...p])))
  const opts = (version: HamtVersion, bitWidth = 8): HamtOptions => ({ version, bitWidth, hash: identityHash })

  for (const version of ['v2', 'v3'] as const) {
    const bucket = (...kvs: Array<[number, number]>) =>
      cat(...(version === 'v3' ? [] : [0xa1, 0x61, 0x31]), 0x80 + kvs.length, ...kvs.flatMap(([k, v]) => [cat(0x82, 0x41, k, 0x41, v)]))
    const link = (bytes: Uint8Array) => cat(...(version === 'v3' ? [] : [0xa1, 0x61, 0x30]), 0xd8, 0x2a, 0x58, 0x27, bytes)
    const node = (bitfield: number[], ...pointers: Uint8Array[]) => cat(0x82, 0x40 + bitfield.length, ...bitfield, 0x80 + pointers.length, ...pointers)
    const withRoot = async (bytes: Uint8Array, childBytes?: Uint8Array) => {
      const store = createMemoryBlockstore()
      await store.put(root, bytes)
      if (childBytes) await store.put(child, childBytes)
      return store
    }

    it(`${version}: the minimal node with one entry loads, and the 10-entry node needs bit width above 3`, async () => {
      const h = await loadHamt(await withRoot(node([0x01], bucket([0x00, 0xff]))), root, opts(version))
      expect(await h.get(Uint8Array.of(0))).toEqual(Uint8Array.of(0x41, 0xff))
      const ten = node([0x03, 0xff], ...Array.from({ length: 10 }, (_, i) => bucket([i, 0xf0 + i])))
      const h10 = await loadHamt(await withRoot(ten), root, opts(version))
      for (let i = 0; i < 10; i++) expect(await h10.get(Uint8Array.of(i))).toEqual(Uint8Array.of(0x41, 0xf0 + i))
      await expectHamtError(loadHamt(await withRoot(ten), root, opts(version, 3)), 'layout')
    })

    it(`${version}: a bitfield that disagrees with the pointers is refused`, async () => {
      const bad = cat(0x82, 0x41, 0x03, 0x81, bucket([0, 0xff]), bucket([0, 0xff]), bucket([0, 0xff]), bucket([0, 0xff]))
      const e = await expectHamtError(loadHamt(await withRoot(bad), root, opts(version, 3)), 'layout')
      expect(e.message).toContain(`node ${root}`)
    })

    it(`${version}: links must be DAG-CBOR`, async () => {
      await loadHamt(await withRoot(node([0x01], link(cidBytes))), root, opts(version))
      await expectHamtError(loadHamt(await withRoot(node([0x01], link(badCidBytes))), root, opts(version)), 'layout')
    })

    it(`${version}: buckets hold 1 to 3 entries, in key order, without repeats`, async () => {
      await expectHamtError(loadHamt(await withRoot(node([0x01], bucket())), root, opts(version)), 'layout')
      await expectHamtError(loadHamt(await withRoot(node([0x01], bucket([0, 0xff], [1, 0xff], [2, 0xff], [3, 0xff]))), root, opts(version)), 'layout')
      await expectHamtError(loadHamt(await withRoot(node([0x01], bucket([1, 0xff], [0, 0xff]))), root, opts(version)), 'layout')
      await expectHamtError(loadHamt(await withRoot(node([0x01], bucket([0, 0x01], [1, 0xf0], [1, 0xff]))), root, opts(version)), 'layout')
    })

    it(`${version}: the empty root loads; go accepts its bitfield written h'00', filspec refuses it as not minimal`, async () => {
      expect(await count(await loadHamt(await withRoot(node([])), root, opts(version)))).toBe(0)
      // Deliberate: go's big.Int.SetBytes reads h'00' as 0, and writing the node back gives h'',
      // another block; filspec reads only blocks that it would write the same.
      await expectHamtError(loadHamt(await withRoot(node([0x00])), root, opts(version)), 'malformed')
    })

    it(`${version}: a child is never empty, and never small enough to be a bucket`, async () => {
      const parent = node([0x01], link(childCidBytes))
      const key = Uint8Array.of(0x00, 0x01)
      await expectHamtError((await loadHamt(await withRoot(parent, node([])), root, opts(version))).get(key), 'layout')
      await expectHamtError((await loadHamt(await withRoot(parent, node([0x01], bucket([0x00, 0x01]))), root, opts(version))).get(key), 'layout')
      const three = node([0x07], bucket([0x00, 0x01]), bucket([0x01, 0x01]), bucket([0x02, 0x01]))
      const e = await expectHamtError((await loadHamt(await withRoot(parent, three), root, opts(version))).get(key), 'layout')
      expect(e.cid?.equals(child)).toBe(true)
    })

    it(`${version}: a child with few entries but a link is allowed; go finds 0x0001 through a self-link, filspec refuses the misplaced key`, async () => {
      // go's last case stores this node as the child of `root`, linking to itself. A lookup of
      // 0x0001 goes root slot 0 → child slot 1 → child again, slot 0. But the child, met first at
      // level 2, holds 0x0001 in slot 0 where its hash says slot 1: filspec checks each key's
      // place when it loads a node (go does not), so the lookup fails there.
      const parent = node([0x01], link(childCidBytes))
      const withLink = node([0x03], cat(...(version === 'v3' ? [] : [0xa1, 0x61, 0x31]), 0x81, 0x82, 0x42, 0x00, 0x01, 0x41, 0xff), link(childCidBytes))
      await expectHamtError((await loadHamt(await withRoot(parent, withLink), root, opts(version))).get(Uint8Array.of(0x00, 0x01)), 'layout')
    })
  }

  it('v2: a pointer that is a map of two entries is refused (go: "Pointers should be a single element map")', async () => {
    const bad = cat(0x82, 0x41, 0x03, 0x82, 0xa1, 0x61, 0x31, 0x81, 0x82, 0x42, 0x01, 0x00, 0x41, 0xff, 0xa2, 0x61, 0x30, 0xd8, 0x2a, 0x58, 0x27, cidBytes, 0x61, 0x31, 0x81, 0x82, 0x41, 0x01, 0x41, 0xfe)
    const store = createMemoryBlockstore()
    await store.put(root, bad)
    await expectHamtError(loadHamt(store, root, opts('v2')), 'malformed')
  })

  it('v0 accepts a bucket out of key order (v0.1.5 wrote them), still not a repeated key', async () => {
    const store = createMemoryBlockstore()
    const entry = (k: number, v: number) => cat(0x82, 0x42, 0x00, k, 0x41, v)
    await store.put(root, cat(0x82, 0x41, 0x01, 0x81, 0xa1, 0x61, 0x31, 0x82, entry(2, 0xff), entry(1, 0xfe)))
    const h = await loadHamt(store, root, opts('v0'))
    expect(await h.get(Uint8Array.of(0, 1))).toEqual(Uint8Array.of(0x41, 0xfe))
    await expectHamtError(loadHamt(store, root, opts('v2')), 'layout')
    await store.put(child, cat(0x82, 0x41, 0x01, 0x81, 0xa1, 0x61, 0x31, 0x82, entry(1, 0xff), entry(1, 0xfe)))
    await expectHamtError(loadHamt(store, child, opts('v0')), 'layout')
  })
})

// go-hamt-ipld hamt_test.go TestCleanChildOrdering: with sha2-256 and bit width 5, deleting
// varint keys 104 and 108 from 100..194 collapses a child of four single-entry buckets, 0x006c
// among them, into one bucket of three keys. go-hamt-ipld v0.1.5 kept them in slot order; the
// test was added with the fix (v2.0.0) that sorts them.
describe('go-hamt-ipld TestCleanChildOrdering', () => {
  async function afterDeletes(version: HamtVersion) {
    const store = createMemoryBlockstore()
    const h = createHamt(store, { version })
    for (let i = 100; i < 195; i++) await h.set(uvarint(i), Uint8Array.of(0x18, 0x2a))
    const loaded = await loadHamt(store, await h.flush(), { version })
    await loaded.delete(uvarint(104))
    await loaded.delete(uvarint(108))
    const root = await loaded.flush()
    const nodes = await collectNodes(store, root, 5, version)
    const buckets = nodes.flatMap(({ node }) => node.slots.flatMap((p) => (p?.kind === 'bucket' ? [p.entries.map((e) => Buffer.from(e.key).toString('hex'))] : [])))
    return { store, root, buckets }
  }

  it('v2 and v3 sort the collapsed bucket, and load again', async () => {
    for (const version of ['v2', 'v3'] as const) {
      const { store, root, buckets } = await afterDeletes(version)
      for (const b of buckets) expect(b).toEqual([...b].sort())
      expect(await count(await loadHamt(store, root, { version }))).toBe(93)
    }
  })

  it('v0 keeps the slot order go-hamt-ipld v0.1.5 wrote, which v2 refuses to load', async () => {
    const { store, root, buckets } = await afterDeletes('v0')
    const unsorted = buckets.filter((b) => b.join() !== [...b].sort().join())
    expect(unsorted).toEqual([['a001', 'a801', '8101']])
    expect(await count(await loadHamt(store, root, { version: 'v0' }))).toBe(93)
    const e = await expectHamtError(loadHamt(store, root, { version: 'v2' }), 'layout')
    expect(e.reason).toContain('ascending byte order')
  })
})

describe('go-hamt-ipld TestOverflow and TestFillAndCollapse (identity hash, bit width 8)', () => {
  const opts: HamtOptions = { version: 'v3', bitWidth: 8, hash: identityHash }
  const value = bytesValue('foobar')

  it('a fourth key with the same 32-byte hash is beyond the maximum depth, and changes nothing', async () => {
    const h = createHamt(createMemoryBlockstore(), opts)
    const keys = [0, 1, 2, 3].map((i) => textKey('A'.repeat(32) + i))
    for (const k of keys.slice(0, 3)) await h.set(k, value)
    await expectHamtError(h.set(keys[3]!, value), 'max-depth')
    expect(await count(h)).toBe(3)
    // Forced to the maximum depth: the last byte tells this key apart.
    const deepest = textKey('A'.repeat(31) + '3')
    expect(await h.set(deepest, value)).toBe(true)
    const fresh = createHamt(createMemoryBlockstore(), opts)
    for (const k of [...keys.slice(0, 3), deepest]) await fresh.set(k, value)
    expect(String(await h.flush())).toBe(String(await fresh.flush()))
  })

  it('a hash too short for the tree\'s depth is the maximum depth when reading', async () => {
    const store = createMemoryBlockstore()
    const h = createHamt(store, opts)
    const keys = [textKey('A'.repeat(31) + '0'), textKey('A'.repeat(31) + '1'), textKey('A'.repeat(31) + '2'), textKey('A'.repeat(31) + '3')]
    for (const k of keys) await h.set(k, value)
    const short = await loadHamt(store, await h.flush(), { ...opts, hash: shortIdentityHash })
    await expectHamtError(short.get(keys[0]!), 'max-depth')
  })

  it('a fourth colliding key makes a chain of 6 nodes; deleting it gives back the single node', async () => {
    const store = createCountingStore()
    const h = createHamt(store, opts)
    for (const k of ['AAAAAA11', 'AAAAAA12', 'AAAAAA21']) await h.set(textKey(k), value)
    const base = await h.flush()
    await h.set(textKey('AAAAAA22'), value)
    const grown = await h.flush()
    expect((await collectNodes(store, grown, 8, 'v3')).length).toBe(7)
    expect(await h.delete(textKey('AAAAAA22'))).toBe(true)
    expect(String(await h.flush())).toBe(String(base))
    expect((await collectNodes(store, base, 8, 'v3')).length).toBe(1)
  })
})

describe('the API', () => {
  it('a flush of an unchanged HAMT writes nothing; a change rewrites only the nodes on its path', async () => {
    const store = createCountingStore()
    const h = createHamt(store, { version: 'v3' })
    for (let i = 0; i < 2000; i++) await h.set(textKey(`key-${i}`), bytesValue(`value-${i}`))
    const root = await h.flush()
    const before = await collectNodes(store, root, 5, 'v3')
    const loaded = await loadHamt(store, root, { version: 'v3' })
    const written = store.written.length
    expect(String(await loaded.flush())).toBe(String(root))
    expect(store.written.length).toBe(written)
    await loaded.set(textKey('key-7'), bytesValue('changed'))
    const after = await collectNodes(store, await loaded.flush(), 5, 'v3')
    const rewritten = store.written.slice(written)
    const depth = Math.max(...after.filter(({ node }) => node.slots.some((p) => p?.kind === 'bucket' && p.entries.some((e) => Buffer.from(e.key).toString() === 'key-7'))).map((n) => n.path.length))
    expect(rewritten.length).toBe(depth + 1)
    const unchanged = after.filter((n) => before.some((b) => b.cid.equals(n.cid)))
    expect(unchanged.length).toBe(after.length - rewritten.length)
  })

  it('in v0 and v2 a flush writes the root and every child loaded since the last flush, as go-hamt-ipld v0.1.5/v2.0.0 Flush did', async () => {
    for (const version of ['v0', 'v2'] as const) {
      const store = createCountingStore()
      const h = createHamt(store, { version })
      for (let i = 0; i < 500; i++) await h.set(textKey(`key-${i}`), bytesValue(`value-${i}`))
      const root = await h.flush()
      const loaded = await loadHamt(store, root, { version })
      const written = store.written.length
      expect(String(await loaded.flush())).toBe(String(root))
      expect(store.written.length - written).toBe(1)
      expect(await loaded.get(textKey('key-7'))).toEqual(bytesValue('value-7'))
      const path = (await collectNodes(store, root, 5, version)).filter(({ node }) => node.slots.some((p) => p?.kind === 'bucket' && p.entries.some((e) => Buffer.from(e.key).toString() === 'key-7')))
      const depth = Math.max(...path.map((n) => n.path.length))
      expect(String(await loaded.flush())).toBe(String(root))
      expect(store.written.length - written).toBe(1 + depth + 1)
    }
  })

  it('a missing block is a HamtError naming its CID, at load and when a child is reached', async () => {
    const absent = CID.parse('bafy2bzaceab7vkg5c3zti7ebqensb3onksjkc4wwktkiledkezgvnbvzs4cti')
    const e = await expectHamtError(loadHamt(createMemoryBlockstore(), absent, { version: 'v3' }), 'missing-block')
    expect(e.message).toBe(`hamt: node ${absent}: block expected in the store, got none`)
    const store = createMemoryBlockstore()
    const h = createHamt(store, { version: 'v3' })
    for (let i = 0; i < 500; i++) await h.set(textKey(String(i)), bytesValue(String(i)))
    const root = await h.flush()
    const [, firstChild] = await collectNodes(store, root, 5, 'v3')
    const partial = createMemoryBlockstore()
    await partial.put(root, await store.get(root))
    const e2 = await expectHamtError(count(await loadHamt(partial, root, { version: 'v3' })), 'missing-block')
    expect(e2.cid?.equals(firstChild!.cid)).toBe(true)
  })

  it('set refuses a value that is not one CBOR item', async () => {
    const h = createHamt(createMemoryBlockstore(), { version: 'v3' })
    await expectHamtError(h.set(textKey('k'), Uint8Array.of(0x82, 0x01)), 'malformed')
    await expectHamtError(h.set(textKey('k'), Uint8Array.of(0x01, 0x02)), 'malformed')
    expect(await count(h)).toBe(0)
  })

  it('options out of range are a HamtError', async () => {
    expect(() => createHamt(createMemoryBlockstore(), { version: 'v3', bitWidth: 0 })).toThrow(HamtError)
    expect(() => createHamt(createMemoryBlockstore(), { version: 'v3', bitWidth: 9 })).toThrow(HamtError)
    expect(() => createHamt(createMemoryBlockstore(), { version: 'v1' as HamtVersion })).toThrow(HamtError)
  })

  it('getHamtVersionForActors follows specs-actors go.mod', () => {
    expect([0, 2, 3, 4, 7, 16].map(getHamtVersionForActors)).toEqual(['v0', 'v2', 'v3', 'v3', 'v3', 'v3'])
    expect(() => getHamtVersionForActors(1)).toThrow(HamtError)
  })

  it('computeHashIndex reads bits from the most significant bit of each byte (go-hamt-ipld hashBits)', () => {
    const digest = Uint8Array.of(0b1011_0011, 0b0110_0000)
    expect([0, 1, 2, 3, 4].map((d) => computeHashIndex(digest, d, 3))).toEqual([0b101, 0b100, 0b110, 0b110, 0b000])
    expect(computeHashIndex(digest, 0, 8)).toBe(0b1011_0011)
    expect(() => computeHashIndex(digest, 2, 8)).toThrow(HamtError)
  })
})
