import { unsupportedMediaType, badRequest } from './status';

/**
 * Decoding of Kubernetes protobuf request bodies (api-concepts: "Protobuf encoding") for the kinds
 * kubectl's imperative generators send that way: `kubectl create namespace|configmap|secret|serviceaccount`.
 * A body is the 4-byte magic "k8s\0" followed by a runtime.Unknown wrapping the encoded object.
 */

type Scalar = 'string' | 'bytes' | 'int' | 'bool' | 'time';
interface Field {
  name: string;
  type: Scalar | Schema | { map: 'string' | 'bytes' };
  repeated?: boolean;
}
type Schema = Record<number, Field>;

const OWNER_REFERENCE: Schema = {
  1: { name: 'kind', type: 'string' },
  3: { name: 'name', type: 'string' },
  4: { name: 'uid', type: 'string' },
  5: { name: 'apiVersion', type: 'string' },
  6: { name: 'controller', type: 'bool' },
  7: { name: 'blockOwnerDeletion', type: 'bool' },
};

// k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto, message ObjectMeta
const OBJECT_META: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  5: { name: 'uid', type: 'string' },
  6: { name: 'resourceVersion', type: 'string' },
  7: { name: 'generation', type: 'int' },
  8: { name: 'creationTimestamp', type: 'time' },
  11: { name: 'labels', type: { map: 'string' } },
  12: { name: 'annotations', type: { map: 'string' } },
  13: { name: 'ownerReferences', type: OWNER_REFERENCE, repeated: true },
  14: { name: 'finalizers', type: 'string', repeated: true },
};

const NAME_ONLY: Schema = { 1: { name: 'name', type: 'string' } };

// k8s.io/api/core/v1/generated.proto
const KINDS: Record<string, Schema> = {
  'v1/Namespace': {
    1: { name: 'metadata', type: OBJECT_META },
    2: {
      name: 'spec',
      type: { 1: { name: 'finalizers', type: 'string', repeated: true } },
    },
  },
  'v1/ConfigMap': {
    1: { name: 'metadata', type: OBJECT_META },
    2: { name: 'data', type: { map: 'string' } },
    3: { name: 'binaryData', type: { map: 'bytes' } },
    4: { name: 'immutable', type: 'bool' },
  },
  'v1/Secret': {
    1: { name: 'metadata', type: OBJECT_META },
    2: { name: 'data', type: { map: 'bytes' } },
    3: { name: 'type', type: 'string' },
    4: { name: 'stringData', type: { map: 'string' } },
    5: { name: 'immutable', type: 'bool' },
  },
  'v1/ServiceAccount': {
    1: { name: 'metadata', type: OBJECT_META },
    3: { name: 'imagePullSecrets', type: NAME_ONLY, repeated: true },
    4: { name: 'automountServiceAccountToken', type: 'bool' },
  },
};

class Reader {
  pos = 0;
  constructor(private readonly buf: Buffer) {}
  done() {
    return this.pos >= this.buf.length;
  }
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.buf.length)
        throw badRequest('truncated protobuf body');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  }
  bytes(): Buffer {
    const len = this.varint();
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
  skip(wireType: number) {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.pos += 4;
    else throw badRequest(`unsupported protobuf wire type ${wireType}`);
  }
}

function decodeTime(buf: Buffer): string | undefined {
  const { seconds } = decodeMessage(buf, {
    1: { name: 'seconds', type: 'int' },
  });
  return seconds
    ? `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`
    : undefined;
}

function decodeMessage(buf: Buffer, schema: Schema): Record<string, any> {
  const r = new Reader(buf);
  const out: Record<string, any> = {};
  while (!r.done()) {
    const key = r.varint();
    const field = schema[Math.floor(key / 8)];
    const wireType = key % 8;
    if (!field) {
      r.skip(wireType);
      continue;
    }
    let value: any;
    const t = field.type;
    if (t === 'int') value = r.varint();
    else if (t === 'bool') value = r.varint() !== 0;
    else if (t === 'string') value = r.bytes().toString('utf8');
    else if (t === 'bytes') value = r.bytes().toString('base64');
    else if (t === 'time') value = decodeTime(r.bytes());
    else if ('map' in t) {
      const entry = decodeMessage(r.bytes(), {
        1: { name: 'k', type: 'string' },
        2: { name: 'v', type: t.map as Scalar },
      });
      out[field.name] = {
        ...(out[field.name] ?? {}),
        [entry.k ?? '']: entry.v ?? '',
      };
      continue;
    } else value = decodeMessage(r.bytes(), t as Schema);
    // JSON omits empty strings (omitempty); proto2 carries them explicitly.
    if (value === undefined || (value === '' && !field.repeated)) continue;
    if (field.repeated) out[field.name] = [...(out[field.name] ?? []), value];
    else out[field.name] = value;
  }
  return out;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** The object in a protobuf body, as JSON would have carried it. */
export function decodeProtobufObject(body: Buffer): Record<string, any> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC))
    throw badRequest('protobuf body without the k8s envelope');
  const unknown = decodeMessage(body.subarray(4), {
    1: {
      name: 'typeMeta',
      type: {
        1: { name: 'apiVersion', type: 'string' },
        2: { name: 'kind', type: 'string' },
      },
    },
    2: { name: 'raw', type: 'bytes' },
  });
  const { apiVersion = '', kind = '' } = unknown.typeMeta ?? {};
  const schema = KINDS[`${apiVersion}/${kind}`];
  if (!schema)
    throw unsupportedMediaType(['application/json', 'application/yaml']);
  return {
    apiVersion,
    kind,
    ...decodeMessage(Buffer.from(unknown.raw ?? '', 'base64'), schema),
  };
}
