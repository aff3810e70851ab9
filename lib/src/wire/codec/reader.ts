/**
 * Reading Kafka's primitive types from untrusted bytes.
 *
 * Every read checks the bytes left first, and every length read from the wire (strings, bytes, arrays) is
 * checked against the bytes left *before* anything is allocated, so a 4-byte frame claiming a 2-billion-element
 * array costs nothing. Failures throw one typed error, `ProtocolDecodeError`, naming the field and the limit.
 * (Kafka: org.apache.kafka.common.protocol.types.Type and ByteBufferAccessor; varints are
 * org.apache.kafka.common.utils.ByteUtils, zigzag-encoded like protobuf.)
 *
 * Flexible versions (KIP-482). A reader made with `flexible: true` reads the compact forms wherever the schema
 * says STRING, BYTES or ARRAY: an unsigned varint holding length + 1 (0 = null), as Kafka's generated code does
 * for every flexible version; `tags()` then reads a struct's tagged fields (and is a no-op in older versions).
 * The record-level varints inside a record batch are a different, zigzag-encoded family and never compact.
 */

/** The bytes on the wire do not form a valid request (truncated, absurd length, bad value). */
export class ProtocolDecodeError extends Error {
  override name = "ProtocolDecodeError";
  constructor(
    message: string,
    /** Byte offset (in the buffer being read) where the problem was found. */
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
  }
}

const textDecoder = new TextDecoder("utf-8", { fatal: true });

/** Int64 values must fit a JS number exactly: offsets, timestamps, producer ids all do in practice. */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** Tagged fields of one struct, by tag: the raw bytes of each field (unknown tags are kept, never interpreted). */
export type TaggedFields = Map<number, Uint8Array>;

const NO_TAGS: TaggedFields = new Map();

export class Reader {
  private readonly view: DataView;
  private pos = 0;
  /** True while reading a flexible version: STRING, BYTES and ARRAY use their compact forms. */
  flexible: boolean;

  constructor(private readonly buf: Uint8Array, options: { flexible?: boolean } = {}) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.flexible = options.flexible ?? false;
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.buf.byteLength - this.pos;
  }

  fail(message: string): never {
    throw new ProtocolDecodeError(message, this.pos);
  }

  private need(n: number, field: string): void {
    if (n > this.remaining) {
      this.fail(`${field}: needs ${n} byte(s) but only ${this.remaining} left`);
    }
  }

  int8(field = "int8"): number {
    this.need(1, field);
    return this.view.getInt8(this.pos++);
  }

  boolean(field = "boolean"): boolean {
    return this.int8(field) !== 0;
  }

  int16(field = "int16"): number {
    this.need(2, field);
    const v = this.view.getInt16(this.pos);
    this.pos += 2;
    return v;
  }

  int32(field = "int32"): number {
    this.need(4, field);
    const v = this.view.getInt32(this.pos);
    this.pos += 4;
    return v;
  }

  uint32(field = "uint32"): number {
    this.need(4, field);
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  /** An int64 as a JS number; values beyond ±2^53 are rejected rather than silently rounded. */
  int64(field = "int64"): number {
    this.need(8, field);
    const v = this.view.getBigInt64(this.pos);
    if (v > MAX_SAFE || v < MIN_SAFE) {
      this.fail(`${field}: int64 value ${v} is outside the range this simulation represents (±2^53)`);
    }
    this.pos += 8;
    return Number(v);
  }

  /** Zigzag varint (int32 range, at most 5 bytes). */
  varint(field = "varint"): number {
    let raw = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      this.need(1, field);
      const b = this.buf[this.pos++]!;
      raw |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) {
        if (i === 4 && b > 0x0f) this.fail(`${field}: varint does not fit 32 bits`);
        return (raw >>> 1) ^ -(raw & 1);
      }
      shift += 7;
    }
    this.fail(`${field}: varint longer than 5 bytes`);
  }

  /** Zigzag varlong (int64 range, at most 10 bytes), as a JS number within ±2^53. */
  varlong(field = "varlong"): number {
    // Fast path in plain numbers for up to 7 bytes (49 bits: exact in a double), which covers every timestamp delta
    // and offset a record carries; longer encodings take the exact BigInt path below.
    let raw = 0;
    let scale = 1;
    const start = this.pos;
    for (let i = 0; i < 7; i++) {
      this.need(1, field);
      const b = this.buf[this.pos++]!;
      raw += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
      scale *= 128;
    }
    this.pos = start;
    return this.varlongExact(field);
  }

  private varlongExact(field: string): number {
    let raw = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      this.need(1, field);
      const b = this.buf[this.pos++]!;
      raw |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) {
        raw = BigInt.asUintN(64, raw);
        const v = (raw >> 1n) ^ -(raw & 1n);
        if (v > MAX_SAFE || v < MIN_SAFE) {
          this.fail(`${field}: varlong value ${v} is outside the range this simulation represents (±2^53)`);
        }
        return Number(v);
      }
      shift += 7n;
    }
    this.fail(`${field}: varlong longer than 10 bytes`);
  }

  /**
   * UNSIGNED_VARINT (flexible versions' lengths, counts and tags): at most 5 bytes, value in [0, 2^32 - 1].
   * (Kafka: ByteUtils.readUnsignedVarint, which also refuses a fifth byte above 0x0f.)
   */
  uvarint(field = "unsigned varint"): number {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      this.need(1, field);
      const b = this.buf[this.pos++]!;
      if (i === 4 && b > 0x0f) this.fail(`${field}: unsigned varint does not fit 32 bits`);
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) return value;
    }
    this.fail(`${field}: unsigned varint longer than 5 bytes`);
  }

  /**
   * A compact length: unsigned varint N, where N = 0 is null and N - 1 is the length. -1 stands for null.
   * Lengths past Int32 range are refused as Kafka refuses them.
   */
  private compactLength(field: string): number {
    const n = this.uvarint(`${field} length`);
    if (n - 1 > 0x7fffffff) this.fail(`${field}: compact length ${n - 1} is beyond the largest allowed (${0x7fffffff})`);
    return n - 1;
  }

  /** UUID: 16 bytes, shown the way Kafka prints topic ids (URL-safe base64, no padding). */
  uuid(field = "uuid"): string {
    return uuidToString(this.raw(16, field));
  }

  /**
   * The tagged fields that end every struct in a flexible version: unsigned varint count, then per field an
   * unsigned varint tag (strictly increasing), an unsigned varint size and the bytes. Tags this code does not know
   * are skipped, as KIP-482 requires. In a non-flexible version there are none and nothing is read.
   */
  tags(field = "tagged fields"): TaggedFields {
    if (!this.flexible) return NO_TAGS;
    const count = this.uvarint(`${field} count`);
    if (count === 0) return NO_TAGS;
    if (count * 2 > this.remaining) this.fail(`${field}: ${count} tagged field(s) cannot fit in the ${this.remaining} byte(s) left`);
    const out: TaggedFields = new Map();
    let previous = -1;
    for (let i = 0; i < count; i++) {
      const tag = this.uvarint(`${field} tag`);
      if (tag <= previous) this.fail(`${field}: tag ${tag} follows tag ${previous}; tags must be strictly increasing`);
      previous = tag;
      const size = this.uvarint(`${field} tag ${tag} size`);
      out.set(tag, this.raw(size, `${field} tag ${tag}`));
    }
    return out;
  }

  private utf8(length: number, field: string): string {
    this.need(length, field);
    const slice = this.buf.subarray(this.pos, this.pos + length);
    let s: string;
    try {
      s = textDecoder.decode(slice);
    } catch {
      this.fail(`${field}: not valid UTF-8`);
    }
    this.pos += length;
    return s;
  }

  /** STRING: int16 length, then UTF-8. */
  string(field = "string"): string {
    const s = this.nullableString(field);
    if (s === null) this.fail(`${field}: null where a non-nullable string is required`);
    return s;
  }

  /** NULLABLE_STRING: int16 length (-1 = null), then UTF-8; COMPACT_NULLABLE_STRING in a flexible version. */
  nullableString(field = "string"): string | null {
    if (this.flexible) {
      const n = this.compactLength(field);
      if (n > 0x7fff) this.fail(`${field}: string length ${n} is beyond the largest allowed (32767)`);
      return n === -1 ? null : this.utf8(n, field);
    }
    return this.classicNullableString(field);
  }

  /** NULLABLE_STRING in its int16-length form whatever the version (the client id of request header v2). */
  classicNullableString(field = "string"): string | null {
    const length = this.int16(`${field} length`);
    if (length === -1) return null;
    if (length < -1) this.fail(`${field}: invalid string length ${length}`);
    return this.utf8(length, field);
  }

  /** BYTES: int32 length, then raw bytes (a copy, so the frame can be released). */
  bytes(field = "bytes"): Uint8Array {
    const b = this.nullableBytes(field);
    if (b === null) this.fail(`${field}: null where non-nullable bytes are required`);
    return b;
  }

  /** NULLABLE_BYTES: int32 length (-1 = null); COMPACT_NULLABLE_BYTES in a flexible version. */
  nullableBytes(field = "bytes"): Uint8Array | null {
    const length = this.flexible ? this.compactLength(field) : this.int32(`${field} length`);
    if (length === -1) return null;
    if (length < -1) this.fail(`${field}: invalid bytes length ${length}`);
    return this.raw(length, field);
  }

  /** Exactly `length` raw bytes (a copy). */
  raw(length: number, field = "raw bytes"): Uint8Array {
    this.need(length, field);
    const out = this.buf.slice(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** Record-level bytes: varint length (-1 = null). */
  varintBytes(field = "varint bytes"): Uint8Array | null {
    const length = this.varint(`${field} length`);
    if (length === -1) return null;
    if (length < -1) this.fail(`${field}: invalid length ${length}`);
    return this.raw(length, field);
  }

  /** Record header keys: varint length, UTF-8, never null. */
  varintString(field = "varint string"): string {
    const length = this.varint(`${field} length`);
    if (length < 0) this.fail(`${field}: invalid length ${length}`);
    return this.utf8(length, field);
  }

  /** A sub-reader over the next `length` bytes (bounds-checked); this reader skips past them. */
  sub(length: number, field = "sub-buffer"): Reader {
    if (length < 0) this.fail(`${field}: negative length ${length}`);
    this.need(length, field);
    const r = new Reader(this.buf.subarray(this.pos, this.pos + length), { flexible: this.flexible });
    this.pos += length;
    return r;
  }

  /** The bytes between two absolute offsets already read (for CRC checks). */
  window(from: number, to: number): Uint8Array {
    return this.buf.subarray(from, to);
  }

  /**
   * ARRAY: int32 count, then the elements. `minElementBytes` (default 1) bounds the count by the bytes left,
   * so an absurd count fails before anything is allocated.
   */
  array<T>(read: (r: Reader, index: number) => T, field = "array", minElementBytes = 1): T[] {
    const a = this.nullableArray(read, field, minElementBytes);
    if (a === null) this.fail(`${field}: null where a non-nullable array is required`);
    return a;
  }

  /** ARRAY with int32 count (-1 = null); COMPACT_ARRAY (unsigned varint count + 1, 0 = null) in a flexible version. */
  nullableArray<T>(read: (r: Reader, index: number) => T, field = "array", minElementBytes = 1): T[] | null {
    const count = this.flexible ? this.compactLength(field) : this.int32(`${field} length`);
    if (count === -1) return null;
    return this.elements(count, read, field, minElementBytes);
  }

  /** Record-level arrays (record headers): varint count. */
  varintArray<T>(read: (r: Reader, index: number) => T, field = "array", minElementBytes = 1): T[] {
    const count = this.varint(`${field} length`);
    return this.elements(count, read, field, minElementBytes);
  }

  private elements<T>(count: number, read: (r: Reader, index: number) => T, field: string, minElementBytes: number): T[] {
    if (count < 0) this.fail(`${field}: invalid array length ${count}`);
    // The per-element minimums callers give are for the classic layout; a flexible element can be as small as its
    // one-byte tagged-field count, so there the bound is one byte per element (still no allocation ahead of bytes).
    if (this.flexible) minElementBytes = Math.min(minElementBytes, 1);
    if (count * minElementBytes > this.remaining) {
      this.fail(`${field}: array length ${count} cannot fit in the ${this.remaining} byte(s) left`);
    }
    const out: T[] = [];
    for (let i = 0; i < count; i++) out.push(read(this, i));
    return out;
  }

  /** Requests must be consumed exactly: trailing bytes mean the body did not match the schema. */
  expectEnd(what: string): void {
    if (this.remaining !== 0) this.fail(`${what}: ${this.remaining} unexpected trailing byte(s)`);
  }
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Kafka's Uuid.toString: the 16 bytes in URL-safe base64 without padding (22 characters). */
export function uuidToString(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += BASE64URL[(value >>> bits) & 0x3f];
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE64URL[(value << (6 - bits)) & 0x3f];
  return out;
}

/** The inverse of uuidToString; throws on anything that is not 22 URL-safe base64 characters. */
export function uuidFromString(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]{22}$/.test(text)) throw new RangeError(`${JSON.stringify(text)} is not a Kafka UUID (22 URL-safe base64 characters)`);
  const out = new Uint8Array(16);
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const c of text) {
    value = (value << 6) | BASE64URL.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (at < 16) out[at++] = (value >>> bits) & 0xff;
      value &= (1 << bits) - 1;
    }
  }
  return out;
}
