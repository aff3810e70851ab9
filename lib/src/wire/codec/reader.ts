/**
 * Reading Kafka's primitive types from untrusted bytes.
 *
 * Every read checks the bytes left first, and every length read from the wire (strings, bytes, arrays) is
 * checked against the bytes left *before* anything is allocated, so a 4-byte frame claiming a 2-billion-element
 * array costs nothing. Failures throw one typed error, `ProtocolDecodeError`, naming the field and the limit.
 * (Kafka: org.apache.kafka.common.protocol.types.Type and ByteBufferAccessor; varints are
 * org.apache.kafka.common.utils.ByteUtils, zigzag-encoded like protobuf.)
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

export class Reader {
  private readonly view: DataView;
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
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

  /** NULLABLE_STRING: int16 length (-1 = null), then UTF-8. */
  nullableString(field = "string"): string | null {
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

  /** NULLABLE_BYTES: int32 length (-1 = null). */
  nullableBytes(field = "bytes"): Uint8Array | null {
    const length = this.int32(`${field} length`);
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
    const r = new Reader(this.buf.subarray(this.pos, this.pos + length));
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

  nullableArray<T>(read: (r: Reader, index: number) => T, field = "array", minElementBytes = 1): T[] | null {
    const count = this.int32(`${field} length`);
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
