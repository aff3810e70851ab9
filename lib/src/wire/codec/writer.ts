/**
 * Writing Kafka's primitive types into a growing buffer (the mirror of reader.ts).
 * Values are checked on the way out too: an encoder bug should fail loudly here, not on the client.
 * A writer made with `flexible: true` writes the compact forms of STRING, BYTES and ARRAY and, at `tags()`, an
 * empty tagged-field section (KIP-482); in older versions `tags()` writes nothing.
 */
import { uuidFromString } from "./reader.js";

const textEncoder = new TextEncoder();

export class Writer {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;
  /** True while writing a flexible version. */
  readonly flexible: boolean;

  constructor(initialBytes = 256, options: { flexible?: boolean } = {}) {
    this.buf = new Uint8Array(initialBytes);
    this.view = new DataView(this.buf.buffer);
    this.flexible = options.flexible ?? false;
  }

  get length(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.byteLength) return;
    let size = this.buf.byteLength * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  private checkInt(value: number, min: number, max: number, type: string): void {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`cannot write ${String(value)} as ${type}: expected an integer in [${min}, ${max}]`);
    }
  }

  int8(value: number): this {
    this.checkInt(value, -128, 127, "int8");
    this.ensure(1);
    this.view.setInt8(this.pos, value);
    this.pos += 1;
    return this;
  }

  boolean(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  int16(value: number): this {
    this.checkInt(value, -32768, 32767, "int16");
    this.ensure(2);
    this.view.setInt16(this.pos, value);
    this.pos += 2;
    return this;
  }

  int32(value: number): this {
    this.checkInt(value, -2147483648, 2147483647, "int32");
    this.ensure(4);
    this.view.setInt32(this.pos, value);
    this.pos += 4;
    return this;
  }

  uint32(value: number): this {
    this.checkInt(value, 0, 4294967295, "uint32");
    this.ensure(4);
    this.view.setUint32(this.pos, value);
    this.pos += 4;
    return this;
  }

  int64(value: number): this {
    this.checkInt(value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "int64");
    this.ensure(8);
    this.view.setBigInt64(this.pos, BigInt(value));
    this.pos += 8;
    return this;
  }

  /** Zigzag varint (int32 range). */
  varint(value: number): this {
    this.checkInt(value, -2147483648, 2147483647, "varint");
    let v = ((value << 1) ^ (value >> 31)) >>> 0;
    this.ensure(5);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
    return this;
  }

  /** Zigzag varlong (int64 range; the value must be a safe JS integer). */
  varlong(value: number): this {
    this.checkInt(value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "varlong");
    const n = BigInt(value);
    let v = BigInt.asUintN(64, (n << 1n) ^ (n >> 63n));
    this.ensure(10);
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
    return this;
  }

  /** UNSIGNED_VARINT in [0, 2^32 - 1]. */
  uvarint(value: number): this {
    this.checkInt(value, 0, 4294967295, "unsigned varint");
    this.ensure(5);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
    return this;
  }

  /** UUID from its Kafka text form (22 URL-safe base64 characters). */
  uuid(value: string): this {
    return this.raw(uuidFromString(value));
  }

  /**
   * The end of a struct in a flexible version: tagged fields, by ascending tag (empty by default). Nothing in an
   * older version, so encoders can call it unconditionally.
   */
  tags(fields: ReadonlyArray<readonly [tag: number, bytes: Uint8Array]> = []): this {
    if (!this.flexible) return this;
    this.uvarint(fields.length);
    let previous = -1;
    for (const [tag, bytes] of fields) {
      if (tag <= previous) throw new RangeError(`tagged fields must be written in increasing tag order: ${tag} after ${previous}`);
      previous = tag;
      this.uvarint(tag).uvarint(bytes.byteLength).raw(bytes);
    }
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.ensure(bytes.byteLength);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.byteLength;
    return this;
  }

  /** STRING, or COMPACT_STRING in a flexible version. */
  string(value: string): this {
    const b = textEncoder.encode(value);
    if (b.byteLength > 32767) throw new RangeError(`string of ${b.byteLength} bytes is longer than STRING allows (32767)`);
    return (this.flexible ? this.uvarint(b.byteLength + 1) : this.int16(b.byteLength)).raw(b);
  }

  nullableString(value: string | null): this {
    if (value !== null) return this.string(value);
    return this.flexible ? this.uvarint(0) : this.int16(-1);
  }

  /** NULLABLE_STRING in its int16-length form whatever the version (the client id of request header v2). */
  classicNullableString(value: string | null): this {
    if (value === null) return this.int16(-1);
    const b = textEncoder.encode(value);
    if (b.byteLength > 32767) throw new RangeError(`string of ${b.byteLength} bytes is longer than STRING allows (32767)`);
    return this.int16(b.byteLength).raw(b);
  }

  /** BYTES, or COMPACT_BYTES in a flexible version. */
  bytes(value: Uint8Array): this {
    return (this.flexible ? this.uvarint(value.byteLength + 1) : this.int32(value.byteLength)).raw(value);
  }

  nullableBytes(value: Uint8Array | null): this {
    if (value !== null) return this.bytes(value);
    return this.flexible ? this.uvarint(0) : this.int32(-1);
  }

  varintBytes(value: Uint8Array | null): this {
    return value === null ? this.varint(-1) : this.varint(value.byteLength).raw(value);
  }

  varintString(value: string): this {
    const b = textEncoder.encode(value);
    return this.varint(b.byteLength).raw(b);
  }

  /** ARRAY, or COMPACT_ARRAY in a flexible version. */
  array<T>(items: readonly T[], write: (w: this, item: T) => void): this {
    if (this.flexible) this.uvarint(items.length + 1);
    else this.int32(items.length);
    for (const item of items) write(this, item);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null, write: (w: this, item: T) => void): this {
    if (items !== null) return this.array(items, write);
    return this.flexible ? this.uvarint(0) : this.int32(-1);
  }

  /** Reserve an int32 and fill it later (length prefixes, CRCs). Returns the position to patch. */
  reserveInt32(): number {
    const at = this.pos;
    this.int32(0);
    return at;
  }

  patchInt32(at: number, value: number): void {
    this.checkInt(value, -2147483648, 2147483647, "int32");
    this.view.setInt32(at, value);
  }

  patchUint32(at: number, value: number): void {
    this.checkInt(value, 0, 4294967295, "uint32");
    this.view.setUint32(at, value);
  }

  /** The bytes written between two positions (a view, valid until the next write). */
  slice(from: number, to = this.pos): Uint8Array {
    return this.buf.subarray(from, to);
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

export const utf8 = (s: string): Uint8Array => textEncoder.encode(s);
