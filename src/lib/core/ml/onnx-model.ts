/**
 * ONNX model files written and read without a protobuf library: the few messages of onnx.proto
 * (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto) that our models use. Writing
 * lets training scripts turn trained parameters into a model byte-for-byte reproducibly; reading
 * lets the app check an imported file against a contract and take a linear model's weights out
 * of it to explain its predictions exactly.
 */
import { ProtoDecodeError, ProtoWriter, readFields, type ProtoField } from './protobuf';

export type ElementType = 'float32' | 'int64' | 'float64' | 'int32' | 'string' | 'bool' | 'uint8' | 'other';

/** A graph input or output: name, element type and shape (a string is a symbolic dimension, e.g. "N"). */
export interface TensorSpec {
  name: string;
  type: ElementType;
  shape: (number | string)[];
}

export interface Initializer {
  name: string;
  dims: number[];
  data: Float32Array;
}

/** A node attribute; kinds we never write (strings, tensors, graphs…) keep only their AttributeProto type code. */
export type Attribute = { int: number } | { float: number } | { ints: number[] } | { other: number };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, Attribute>;
}

export interface OnnxGraph {
  name: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  initializers: Initializer[];
  nodes: OnnxNode[];
  /** Model metadata (ModelProto.metadata_props): we store the model kind and version here. */
  metadata: Record<string, string>;
  opset?: number;
}

const ELEMENT_CODES: Record<number, ElementType> = {
  1: 'float32',
  2: 'uint8',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  11: 'float64'
};
const CODE_OF: Partial<Record<ElementType, number>> = { float32: 1, int64: 7 };

/** IR version 8 and opset 13: every operator we emit is in onnxruntime-web's wasm build at that opset. */
const IR_VERSION = 8;
const OPSET = 13;

function writeValueInfo(w: ProtoWriter, spec: TensorSpec): void {
  w.string(1, spec.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      const code = CODE_OF[spec.type];
      if (code === undefined) throw new Error(`Cannot write tensor type ${spec.type}`);
      tensor.int(1, code);
      tensor.message(2, (shape) => {
        for (const d of spec.shape)
          shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    })
  );
}

/** The model as ONNX bytes; the same graph always gives the same bytes. */
export function encodeOnnx(graph: OnnxGraph): Uint8Array {
  const model = new ProtoWriter();
  model.int(1, IR_VERSION);
  model.string(2, 'keel');
  model.string(3, '1');
  model.message(7, (g) => {
    for (const node of graph.nodes)
      g.message(1, (n) => {
        for (const i of node.inputs) n.string(1, i);
        for (const o of node.outputs) n.string(2, o);
        n.string(4, node.op);
        for (const [name, attr] of Object.entries(node.attributes ?? {}))
          n.message(5, (a) => {
            a.string(1, name);
            if ('int' in attr) a.int(3, attr.int).int(20, 2);
            else if ('float' in attr) a.float(2, attr.float).int(20, 1);
            else if ('ints' in attr) a.packedInts(8, attr.ints).int(20, 7);
            else throw new Error(`Cannot write attribute ${name} of type ${attr.other}`);
          });
      });
    g.string(2, graph.name);
    for (const init of graph.initializers)
      g.message(5, (t) => {
        for (const d of init.dims) t.int(1, d);
        t.int(2, 1);
        t.string(8, init.name);
        t.bytes(9, new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength));
      });
    for (const input of graph.inputs) g.message(11, (v) => writeValueInfo(v, input));
    for (const output of graph.outputs) g.message(12, (v) => writeValueInfo(v, output));
  });
  model.message(8, (o) => o.string(1, '').int(2, OPSET));
  for (const [key, value] of Object.entries(graph.metadata))
    model.message(14, (m) => m.string(1, key).string(2, value));
  return model.finish();
}

export class OnnxFormatError extends Error {
  readonly code = 'not-onnx';
  constructor(message: string) {
    super(message);
    this.name = 'OnnxFormatError';
  }
}

const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b ?? new Uint8Array());
const all = (fields: ProtoField[], n: number) => fields.filter((f) => f.field === n);
const one = (fields: ProtoField[], n: number) => fields.find((f) => f.field === n);

function readValueInfo(bytes: Uint8Array): TensorSpec {
  const fields = readFields(bytes);
  const name = text(one(fields, 1)?.bytes);
  const type = one(fields, 2)?.bytes;
  const tensor = type ? one(readFields(type), 1)?.bytes : undefined;
  if (!tensor) return { name, type: 'other', shape: [] };
  const tf = readFields(tensor);
  const code = Number(one(tf, 1)?.value ?? 0n);
  const shapeBytes = one(tf, 2)?.bytes;
  const shape = shapeBytes
    ? all(readFields(shapeBytes), 1).map((d) => {
        const df = readFields(d.bytes!);
        const value = one(df, 1)?.value;
        return value !== undefined ? Number(value) : text(one(df, 2)?.bytes) || '?';
      })
    : [];
  return { name, type: ELEMENT_CODES[code] ?? 'other', shape };
}

function readInitializer(bytes: Uint8Array): Initializer | undefined {
  const fields = readFields(bytes);
  if (Number(one(fields, 2)?.value ?? 0n) !== 1) return undefined;
  const dims = all(fields, 1).flatMap((f) =>
    f.bytes ? readPackedVarints(f.bytes) : [Number(BigInt.asIntN(64, f.value ?? 0n))]
  );
  const raw = one(fields, 9)?.bytes;
  let data: Float32Array;
  if (raw) {
    data = new Float32Array(raw.byteLength / 4);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(i * 4, true);
  } else {
    const packed = one(fields, 4)?.bytes;
    const values: number[] = [];
    if (packed) {
      const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
      for (let i = 0; i + 4 <= packed.byteLength; i += 4) values.push(view.getFloat32(i, true));
    } else for (const f of all(fields, 4)) values.push(new Float32Array(new Uint32Array([Number(f.value)]).buffer)[0]);
    data = Float32Array.from(values);
  }
  return { name: text(one(fields, 8)?.bytes), dims, data };
}

function readPackedVarints(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let value = 0n;
  let shift = 0n;
  for (const b of bytes) {
    value |= BigInt(b & 0x7f) << shift;
    if (b & 0x80) shift += 7n;
    else {
      out.push(Number(BigInt.asIntN(64, value)));
      value = 0n;
      shift = 0n;
    }
  }
  return out;
}

/**
 * The graph's interface, float initializers, operators and metadata. Throws OnnxFormatError
 * with a sentence a user can act on when the bytes are not an ONNX model.
 */
export function decodeOnnx(bytes: Uint8Array): OnnxGraph {
  let fields: ProtoField[];
  try {
    fields = readFields(bytes);
  } catch (e) {
    throw new OnnxFormatError(`This is not an ONNX model file: ${(e as ProtoDecodeError).message}.`);
  }
  const graphBytes = one(fields, 7)?.bytes;
  if (bytes.length === 0 || !graphBytes || one(fields, 1)?.value === undefined)
    throw new OnnxFormatError('This is not an ONNX model file: it has no model version or no graph.');
  try {
    const g = readFields(graphBytes);
    const initializers = all(g, 5)
      .map((f) => readInitializer(f.bytes!))
      .filter((i): i is Initializer => i !== undefined);
    const initNames = new Set(all(g, 5).map((f) => text(one(readFields(f.bytes!), 8)?.bytes)));
    const nodes = all(g, 1).map((f) => {
      const n = readFields(f.bytes!);
      const attributes = all(n, 5).map((a) => readAttribute(a.bytes!));
      return {
        op: text(one(n, 4)?.bytes),
        inputs: all(n, 1).map((x) => text(x.bytes)),
        outputs: all(n, 2).map((x) => text(x.bytes)),
        ...(attributes.length > 0 ? { attributes: Object.fromEntries(attributes) } : {})
      };
    });
    const metadata: Record<string, string> = {};
    for (const m of all(fields, 14)) {
      const kv = readFields(m.bytes!);
      metadata[text(one(kv, 1)?.bytes)] = text(one(kv, 2)?.bytes);
    }
    const opsets = all(fields, 8).map((f) => readFields(f.bytes!));
    const defaultOpset = opsets.find((o) => text(one(o, 1)?.bytes) === '');
    return {
      name: text(one(g, 2)?.bytes),
      // Older exporters list initializers among the inputs; they are not inputs a caller feeds.
      inputs: all(g, 11)
        .map((f) => readValueInfo(f.bytes!))
        .filter((i) => !initNames.has(i.name)),
      outputs: all(g, 12).map((f) => readValueInfo(f.bytes!)),
      initializers,
      nodes,
      metadata,
      opset: defaultOpset ? Number(one(defaultOpset, 2)?.value ?? 0n) : undefined
    };
  } catch (e) {
    if (e instanceof ProtoDecodeError) throw new OnnxFormatError(`This ONNX file is damaged: ${e.message}.`);
    throw e;
  }
}

/** AttributeProto: name 1, f 2, i 3, ints 8, type 20 (FLOAT 1, INT 2, INTS 7). */
function readAttribute(bytes: Uint8Array): [string, Attribute] {
  const a = readFields(bytes);
  const name = text(one(a, 1)?.bytes);
  const type = Number(one(a, 20)?.value ?? 0n);
  const int = one(a, 3);
  const float = one(a, 2);
  const ints = all(a, 8);
  if (type === 2 || (type === 0 && int)) return [name, { int: Number(BigInt.asIntN(64, int?.value ?? 0n)) }];
  if (type === 1 || (type === 0 && float)) {
    const view = new DataView(new ArrayBuffer(4));
    view.setUint32(0, Number(float?.value ?? 0n), true);
    return [name, { float: view.getFloat32(0, true) }];
  }
  if (type === 7 || (type === 0 && ints.length > 0))
    return [
      name,
      { ints: ints.flatMap((f) => (f.bytes ? readPackedVarints(f.bytes) : [Number(BigInt.asIntN(64, f.value ?? 0n))])) }
    ];
  return [name, { other: type }];
}

/** A float initializer by name, or an error naming what the model lacks. */
export function initializer(graph: OnnxGraph, name: string): Initializer {
  const found = graph.initializers.find((i) => i.name === name);
  if (!found) throw new OnnxFormatError(`The model has no parameter tensor named "${name}".`);
  return found;
}

/**
 * How `actual` differs in structure from `expected` (operators in order, their inputs, outputs
 * and attributes, and the parameter tensors' names and shapes), or undefined when it does not.
 * Reading parameters out of a file by their names is only sound when the graph around them is
 * the one we would write; anything else must be run, not re-implemented.
 */
export function graphDifference(actual: OnnxGraph, expected: OnnxGraph): string | undefined {
  const attributes = (node: OnnxNode) => JSON.stringify(Object.entries(node.attributes ?? {}).sort());
  const describe = (node: OnnxNode) => `${node.op}(${node.inputs.join(', ')}) → ${node.outputs.join(', ')}`;
  for (let i = 0; i < Math.max(actual.nodes.length, expected.nodes.length); i++) {
    const [a, e] = [actual.nodes[i], expected.nodes[i]];
    if (!a) return `it ends after ${actual.nodes.length} operators, before ${describe(e)}`;
    if (!e) return `it has more operators than expected, from ${describe(a)}`;
    const same =
      a.op === e.op &&
      a.inputs.join('\u0000') === e.inputs.join('\u0000') &&
      a.outputs.join('\u0000') === e.outputs.join('\u0000') &&
      attributes(a) === attributes(e);
    if (!same) return `operator ${i + 1} is ${describe(a)} where ${describe(e)} was expected`;
  }
  for (const e of expected.initializers) {
    const a = actual.initializers.find((i) => i.name === e.name);
    if (!a || a.dims.join('×') !== e.dims.join('×'))
      return `its parameter "${e.name}" is ${a ? `[${a.dims.join('×')}]` : 'missing'} where [${e.dims.join('×')}] was expected`;
  }
  const extra = actual.initializers.find((a) => !expected.initializers.some((e) => e.name === a.name));
  if (extra) return `it has a parameter "${extra.name}" the expected graph does not`;
  return undefined;
}
