/**
 * The protobuf wire format, as much of it as ONNX files need: varints, 32-bit floats and
 * length-delimited fields. Writing is deterministic (fields in the order given, no maps), so a
 * model written twice from the same parameters is the same bytes.
 */

export class ProtoWriter {
  #bytes: number[] = [];

  #varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.#bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.#bytes.push(Number(v));
  }

  #tag(field: number, wireType: number): void {
    this.#varint((field << 3) | wireType);
  }

  int(field: number, value: number): this {
    this.#tag(field, 0);
    this.#varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.#tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.#bytes.push(...b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.#tag(field, 2);
    this.#varint(value.length);
    for (const b of value) this.#bytes.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, write: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  /** Packed repeated varints (ints of an attribute). */
  packedInts(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.#varint(v);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }
}

export interface ProtoField {
  field: number;
  wireType: number;
  /** Varint and fixed values. */
  value?: bigint;
  /** Length-delimited content. */
  bytes?: Uint8Array;
}

export class ProtoDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtoDecodeError';
  }
}

/** The fields of one message, in file order; throws ProtoDecodeError on bytes that are not protobuf. */
export function readFields(bytes: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (at >= bytes.length) throw new ProtoDecodeError(`a number runs past the end at byte ${at}`);
      const b = bytes[at++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new ProtoDecodeError(`a number at byte ${at} is too long`);
    }
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wireType = key & 7;
    if (field === 0) throw new ProtoDecodeError(`field number 0 at byte ${at}`);
    if (wireType === 0) fields.push({ field, wireType, value: varint() });
    else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      if (at + size > bytes.length) throw new ProtoDecodeError(`a value runs past the end at byte ${at}`);
      const view = new DataView(bytes.buffer, bytes.byteOffset + at, size);
      fields.push({
        field,
        wireType,
        value: size === 8 ? view.getBigUint64(0, true) : BigInt(view.getUint32(0, true))
      });
      at += size;
    } else if (wireType === 2) {
      const length = Number(varint());
      if (at + length > bytes.length)
        throw new ProtoDecodeError(`a field of ${length} bytes runs past the end at byte ${at}`);
      fields.push({ field, wireType, bytes: bytes.subarray(at, at + length) });
      at += length;
    } else throw new ProtoDecodeError(`unknown wire type ${wireType} at byte ${at}`);
  }
  return fields;
}
