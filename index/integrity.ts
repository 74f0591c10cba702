import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { streamHash } from './fingerprint.ts';

/** The index is missing, of another format, or damaged. Its message is one line a user can act on. */
export class IndexFormatError extends Error {
  override name = 'IndexFormatError';
}

/** What fixes a damaged index: a build from scratch, which does not reuse the damaged one. */
const REBUILD = '`npm run index -- --full`';

/** A file of a build, as meta.json lists it. */
export const indexedFileSchema = z.object({ name: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().length(64) });
export type IndexedFile = z.infer<typeof indexedFileSchema>;

/** A paragraph as the store holds it: what the API and citations read. */
export const paragraphSchema = z.object({
  docId: z.string().min(1),
  unit: z.enum(['numbered', 'ordinal', 'labelled']),
  paragraph: z.number().int().nullable(),
  unitLabel: z.string().nullable(),
  section: z.string().nullable(),
  sectionPath: z.array(z.string()),
  text: z.string(),
  raw: z.string(),
  notes: z.array(z.object({ mark: z.string(), text: z.string() })),
});

/** Size and SHA-256 of one file of a build, as meta.json lists it. */
export async function describeFile(dir: string, name: string): Promise<IndexedFile> {
  const file = path.join(dir, name);
  return { name, bytes: (await stat(file)).size, sha256: await streamHash(file) };
}

/** Every listed file is there, with its size and SHA-256; otherwise an IndexFormatError naming it. */
export async function verifyFiles(dir: string, files: IndexedFile[]): Promise<void> {
  for (const f of files) {
    const file = path.join(dir, f.name);
    const size = await stat(file).then((s) => s.size, () => null);
    if (size === null) throw damaged(file, 'is missing');
    if (size !== f.bytes) throw damaged(file, `has ${size} bytes, the build wrote ${f.bytes}`);
    if ((await streamHash(file)) !== f.sha256) throw damaged(file, 'does not match the SHA-256 the build recorded');
  }
}

export function damaged(file: string, what: string): IndexFormatError {
  return new IndexFormatError(`index file ${file} ${what}: rebuild it with ${REBUILD}`);
}

/** What an hnswlib file says of itself in its header: vector dimension, capacity and graph settings. */
export interface HnswHeader {
  dim: number;
  maxElements: number;
  count: number;
  M: number;
  efConstruction: number;
}

/**
 * Reads an hnswlib index header (hnswalg.h saveIndex: offsetLevel0, max_elements,
 * cur_element_count, size_data_per_element, label_offset, offsetData as size_t;
 * maxlevel and enterpoint as 32-bit; maxM, maxM0, M as size_t; mult as double;
 * ef_construction as size_t), since hnswlib trusts the dimension it is given.
 */
export async function readHnswHeader(file: string): Promise<HnswHeader> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(96);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead < buf.length) throw damaged(file, 'is too short to be an HNSW graph');
    const size = (offset: number) => Number(buf.readBigUInt64LE(offset));
    const labelOffset = size(32);
    const offsetData = size(40);
    return { maxElements: size(8), count: size(16), dim: (labelOffset - offsetData) / 4, M: size(72), efConstruction: size(88) };
  } finally {
    await handle.close();
  }
}
