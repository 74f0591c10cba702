import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../test/serving.ts';
import { ERROR_CODES, askResponseSchema, documentDetailSchema, type ErrorCode } from './contract.ts';
import type { RunningServer } from './serve.ts';

/** Enough cases to meet every branch of the edge many times, few enough for CI (each valid question is answered). */
const ASK_RUNS = 200;
const DOCUMENT_RUNS = 100;

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ workers: 2, queueLimit: 1000 });
});
afterAll(() => server.close());

/** A 200 that fits the contract, or `{ error: { code, message } }` with the status its code has: never a 5xx, never a stack. */
async function expectContractReply(res: Response, ok: (body: unknown) => unknown): Promise<void> {
  const text = await res.text();
  expect(res.status).toBeLessThan(500);
  expect(text).not.toMatch(/at .*\.ts:\d+|node_modules|\/work\/|Error:/);
  const body = JSON.parse(text);
  if (res.status === 200) {
    ok(body);
    return;
  }
  const code = body.error.code as ErrorCode;
  expect(ERROR_CODES[code]).toBe(res.status);
  expect(body.error.message).toMatch(/\w/);
}

const jsonValue = fc.jsonValue({ maxDepth: 3 });
/** Bodies that are nearly right as well as plain garbage. */
const askBody = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  jsonValue.map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        question: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 2100 }), jsonValue),
        k: fc.oneof(fc.integer({ min: -5, max: 30 }), fc.double(), jsonValue),
        docs: fc.oneof(fc.array(fc.constantFrom('a-58-98', 'a-res-68-4', 'nope', '', '../x'), { maxLength: 4 }), jsonValue),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);
const contentType = fc.oneof(
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', ''),
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz/;=+- '.split('')), maxLength: 40 }),
);

describe('fuzzed requests', () => {
  it(`POST /api/ask: any body, any content type → a contract reply (${ASK_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(askBody, contentType, async (body, type) => {
        const headers: Record<string, string> = type ? { 'content-type': type } : {};
        const res = await fetch(`${server.url}/api/ask`, { method: 'POST', headers, body });
        await expectContractReply(res, (b) => askResponseSchema.parse(b));
      }),
      { numRuns: ASK_RUNS },
    );
  });

  it(`GET /api/documents/:id: any id, raw or encoded → a contract reply (${DOCUMENT_RUNS} runs)`, async () => {
    const id = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }).map(encodeURIComponent),
      fc.constantFrom('a-58-98', '%E0%A4%A', '%', '%00', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', 'a-58-98%20', 'A-58-98', '__proto__', 'constructor'),
      fc.string({ unit: fc.constantFrom(...'abc-%0123456789ABCDEF.'.split('')), maxLength: 20 }),
    );
    await fc.assert(
      fc.asyncProperty(id, async (docId) => {
        const res = await fetch(`${server.url}/api/documents/${docId}`);
        if (res.status === 404 && !res.headers.get('content-type')?.includes('json')) throw new Error(`non-JSON 404 for ${docId}`);
        await expectContractReply(res, (b) => documentDetailSchema.parse(b));
      }),
      { numRuns: DOCUMENT_RUNS },
    );
  });
});
