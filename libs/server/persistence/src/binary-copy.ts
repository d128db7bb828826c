/**
 * Rows in PostgreSQL's binary COPY format, written straight into one growing buffer: the server
 * neither parses text nor escapes anything, and the rows waiting for a flush are bytes outside
 * the JavaScript heap rather than objects the garbage collector walks.
 * Format: https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4
 */
export class BinaryCopyWriter {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  // Numbers go through a DataView (big-endian by default): V8 compiles its setters to plain stores,
  // where Buffer's writeXxxBE check their arguments and write byte by byte.
  private view = viewOf(this.buffer);
  private offset = 0;
  private rowCount = 0;

  constructor() {
    this.reset();
  }

  get rows(): number {
    return this.rowCount;
  }

  /** Starts over (the header only), keeping the buffer for the next batch. */
  reset(): void {
    this.offset = 0;
    this.rowCount = 0;
    this.reserve(HEADER_BYTES);
    this.offset += this.buffer.write('PGCOPY\n\xff\r\n\0', this.offset, 'latin1');
    this.int32(0);
    this.int32(0);
  }

  /** Begins a row of `fields` columns, in the order the COPY statement names them. */
  row(fields: number): this {
    this.reserve(2);
    this.view.setInt16(this.offset, fields);
    this.offset += 2;
    this.rowCount++;
    return this;
  }

  null(): this {
    this.reserve(4);
    this.int32(-1);
    return this;
  }

  int4(value: number): this {
    this.reserve(8);
    this.int32(4);
    this.int32(value);
    return this;
  }

  bool(value: boolean): this {
    this.reserve(5);
    this.int32(1);
    this.buffer[this.offset++] = value ? 1 : 0;
    return this;
  }

  /** `text` and `json` share the format: the UTF-8 bytes. */
  text(value: string): this {
    // At most 3 bytes per UTF-16 unit; the length is written once the bytes are.
    this.reserve(4 + value.length * 3);
    const written = this.buffer.write(value, this.offset + 4, 'utf8');
    this.view.setInt32(this.offset, written);
    this.offset += 4 + written;
    return this;
  }

  timestamptz(epochMs: number): this {
    this.reserve(12);
    this.int32(8);
    this.microseconds(epochMs);
    return this;
  }

  /** A one-dimensional `real[]`. */
  float4Array(values: ArrayLike<number>, count = values.length): this {
    this.arrayHeader(FLOAT4_OID, count, 4);
    const view = this.view;
    let o = this.offset;
    for (let i = 0; i < count; i++, o += 8) {
      view.setInt32(o, 4);
      view.setFloat32(o + 4, values[i]);
    }
    this.offset = o;
    return this;
  }

  /** A one-dimensional `integer[]`. */
  int4Array(values: ArrayLike<number>, count = values.length): this {
    this.arrayHeader(INT4_OID, count, 4);
    const view = this.view;
    let o = this.offset;
    for (let i = 0; i < count; i++, o += 8) {
      view.setInt32(o, 4);
      view.setInt32(o + 4, values[i]);
    }
    this.offset = o;
    return this;
  }

  /** A one-dimensional `timestamptz[]` from epoch milliseconds. */
  timestamptzArray(epochMs: ArrayLike<number>, count = epochMs.length): this {
    this.arrayHeader(TIMESTAMPTZ_OID, count, 8);
    for (let i = 0; i < count; i++) {
      this.int32(8);
      this.microseconds(epochMs[i]);
    }
    return this;
  }

  /** A one-dimensional `text[]` of short ASCII words (edge types). */
  textArray(values: readonly string[], count = values.length): this {
    let bytes = 24;
    for (let i = 0; i < count; i++) bytes += 4 + values[i].length;
    this.reserve(bytes);
    const start = this.offset;
    this.offset += 4;
    this.arrayDimensions(TEXT_OID, count);
    for (let i = 0; i < count; i++) {
      this.int32(values[i].length);
      this.offset += this.buffer.write(values[i], this.offset, 'latin1');
    }
    this.view.setInt32(start, this.offset - start - 4);
    return this;
  }

  /** Adds another writer's rows after this one's (a failed batch put back in front of newer rows). */
  append(other: BinaryCopyWriter): this {
    const bytes = other.offset - HEADER_BYTES;
    this.reserve(bytes);
    other.buffer.copy(this.buffer, this.offset, HEADER_BYTES, other.offset);
    this.offset += bytes;
    this.rowCount += other.rowCount;
    return this;
  }

  /** The finished COPY data (header, rows, trailer); valid until the next write or reset. */
  finish(): Buffer {
    this.reserve(2);
    this.view.setInt16(this.offset, -1);
    return this.buffer.subarray(0, this.offset + 2);
  }

  /** Field length, then the dimensions, for an array of fixed-size elements. */
  private arrayHeader(elementOid: number, count: number, elementBytes: number): void {
    const length = 20 + count * (4 + elementBytes);
    this.reserve(4 + length);
    this.int32(length);
    this.arrayDimensions(elementOid, count);
  }

  /** One dimension of `count` elements from index 1, no nulls, of the given element type. */
  private arrayDimensions(elementOid: number, count: number): void {
    this.int32(1);
    this.int32(0);
    this.int32(elementOid);
    this.int32(count);
    this.int32(1);
  }

  /** Room must have been reserved. */
  private int32(value: number): void {
    this.view.setInt32(this.offset, value);
    this.offset += 4;
  }

  /**
   * A timestamp as PostgreSQL stores it, microseconds since its epoch, as an int64 in two halves:
   * exact below 2⁵³ µs (year 287,000), and without a BigInt per value.
   */
  private microseconds(epochMs: number): void {
    const us = Math.round((epochMs - POSTGRES_EPOCH_MS) * 1000);
    const high = Math.floor(us / 2 ** 32);
    this.view.setInt32(this.offset, high);
    this.view.setUint32(this.offset + 4, us - high * 2 ** 32);
    this.offset += 8;
  }

  private reserve(bytes: number): void {
    if (this.offset + bytes + 2 <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes + 2));
    this.buffer.copy(bigger, 0, 0, this.offset);
    this.buffer = bigger;
    this.view = viewOf(bigger);
  }
}

function viewOf(buffer: Buffer): DataView {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.length);
}

/** Signature, flags and header extension length. */
const HEADER_BYTES = 19;
/** 2000-01-01T00:00:00Z, where PostgreSQL's timestamps count from. */
const POSTGRES_EPOCH_MS = 946_684_800_000;
const INT4_OID = 23;
const TEXT_OID = 25;
const FLOAT4_OID = 700;
const TIMESTAMPTZ_OID = 1184;
