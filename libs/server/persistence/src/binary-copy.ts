/**
 * Rows in PostgreSQL's binary COPY format, written straight into one growing buffer: the server
 * neither parses text nor escapes anything, and the rows waiting for a flush are bytes outside
 * the JavaScript heap rather than objects the garbage collector walks.
 * Format: https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4
 */
export class BinaryCopyWriter {
  private buffer = Buffer.allocUnsafe(64 * 1024);
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
    this.offset = this.buffer.writeInt32BE(0, this.offset);
    this.offset = this.buffer.writeInt32BE(0, this.offset);
  }

  /** Begins a row of `fields` columns, in the order the COPY statement names them. */
  row(fields: number): this {
    this.reserve(2);
    this.offset = this.buffer.writeInt16BE(fields, this.offset);
    this.rowCount++;
    return this;
  }

  null(): this {
    this.reserve(4);
    this.offset = this.buffer.writeInt32BE(-1, this.offset);
    return this;
  }

  int4(value: number): this {
    this.reserve(8);
    this.offset = this.buffer.writeInt32BE(4, this.offset);
    this.offset = this.buffer.writeInt32BE(value, this.offset);
    return this;
  }

  bool(value: boolean): this {
    this.reserve(5);
    this.offset = this.buffer.writeInt32BE(1, this.offset);
    this.buffer[this.offset++] = value ? 1 : 0;
    return this;
  }

  /** `text` and `json` share the format: the UTF-8 bytes. */
  text(value: string): this {
    // At most 3 bytes per UTF-16 unit; the length is written once the bytes are.
    this.reserve(4 + value.length * 3);
    const written = this.buffer.write(value, this.offset + 4, 'utf8');
    this.buffer.writeInt32BE(written, this.offset);
    this.offset += 4 + written;
    return this;
  }

  timestamptz(epochMs: number): this {
    this.reserve(12);
    this.offset = this.buffer.writeInt32BE(8, this.offset);
    this.offset = this.buffer.writeBigInt64BE(postgresMicroseconds(epochMs), this.offset);
    return this;
  }

  /** A one-dimensional `real[]`. */
  float4Array(values: ArrayLike<number>, count = values.length): this {
    this.arrayHeader(FLOAT4_OID, count, 4);
    for (let i = 0; i < count; i++) {
      this.offset = this.buffer.writeInt32BE(4, this.offset);
      this.offset = this.buffer.writeFloatBE(values[i], this.offset);
    }
    return this;
  }

  /** A one-dimensional `integer[]`. */
  int4Array(values: ArrayLike<number>, count = values.length): this {
    this.arrayHeader(INT4_OID, count, 4);
    for (let i = 0; i < count; i++) {
      this.offset = this.buffer.writeInt32BE(4, this.offset);
      this.offset = this.buffer.writeInt32BE(values[i], this.offset);
    }
    return this;
  }

  /** A one-dimensional `timestamptz[]` from epoch milliseconds. */
  timestamptzArray(epochMs: ArrayLike<number>, count = epochMs.length): this {
    this.arrayHeader(TIMESTAMPTZ_OID, count, 8);
    for (let i = 0; i < count; i++) {
      this.offset = this.buffer.writeInt32BE(8, this.offset);
      this.offset = this.buffer.writeBigInt64BE(postgresMicroseconds(epochMs[i]), this.offset);
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
      this.offset = this.buffer.writeInt32BE(values[i].length, this.offset);
      this.offset += this.buffer.write(values[i], this.offset, 'latin1');
    }
    this.buffer.writeInt32BE(this.offset - start - 4, start);
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
    const end = this.buffer.writeInt16BE(-1, this.offset);
    return this.buffer.subarray(0, end);
  }

  /** Field length, then the dimensions, for an array of fixed-size elements. */
  private arrayHeader(elementOid: number, count: number, elementBytes: number): void {
    const length = 20 + count * (4 + elementBytes);
    this.reserve(4 + length);
    this.offset = this.buffer.writeInt32BE(length, this.offset);
    this.arrayDimensions(elementOid, count);
  }

  /** One dimension of `count` elements from index 1, no nulls, of the given element type. */
  private arrayDimensions(elementOid: number, count: number): void {
    let o = this.buffer.writeInt32BE(1, this.offset);
    o = this.buffer.writeInt32BE(0, o);
    o = this.buffer.writeInt32BE(elementOid, o);
    o = this.buffer.writeInt32BE(count, o);
    this.offset = this.buffer.writeInt32BE(1, o);
  }

  private reserve(bytes: number): void {
    if (this.offset + bytes + 2 <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes + 2));
    this.buffer.copy(bigger, 0, 0, this.offset);
    this.buffer = bigger;
  }
}

/** A timestamp as PostgreSQL stores it: microseconds since its epoch. */
function postgresMicroseconds(epochMs: number): bigint {
  return BigInt(Math.round((epochMs - POSTGRES_EPOCH_MS) * 1000));
}

/** Signature, flags and header extension length. */
const HEADER_BYTES = 19;
/** 2000-01-01T00:00:00Z, where PostgreSQL's timestamps count from. */
const POSTGRES_EPOCH_MS = 946_684_800_000;
const INT4_OID = 23;
const TEXT_OID = 25;
const FLOAT4_OID = 700;
const TIMESTAMPTZ_OID = 1184;
