import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorOf, startTestServer } from '../test/serving.ts';
import { Assistant } from './assistant.ts';
import { askResponseSchema, documentDetailSchema, documentListSchema, healthSchema } from './contract.ts';
import type { RunningServer } from './serve.ts';

let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer({ workers: 2, queueLimit: 64 });
});
afterAll(() => server.close());

const get = (path: string) => fetch(server.url + path);
const ask = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${server.url}/api/ask`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function expectError(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  const error = await errorOf(res);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(/\w/);
  return error.message;
}

describe('POST /api/ask', () => {
  it('answers an English question about remittances with the resolution paragraph, cited', async () => {
    const res = await ask({ question: 'What does the 2013 declaration say about making remittances cheaper?' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.lang).toBe('en');
    expect(body.found).toBe(true);
    const top = body.passages[0];
    expect(top).toMatchObject({ docId: 'a-res-68-4', paragraph: 27, label: 'A/RES/68/4, para. 27', source: '001_dbef19ed20e80a53.txt' });
    expect(top.labels.fr).toBe('A/RES/68/4, par. 27');
    expect(body.answer).toContain('(A/RES/68/4, para. 27)');
  });

  it('answers a French question and cites in French', async () => {
    const res = await ask({ question: 'Que recommande le rapport du Secrétaire général sur la fuite des cerveaux ?', k: 3 });
    const body = await res.json();
    expect(body.lang).toBe('fr');
    expect(body.passages).toHaveLength(3);
    expect(body.passages[0].label).toMatch(/, par\. \d+$|paragraphe \(non numéroté\)$/);
    expect(body.answer).toMatch(/^« /);
  });

  it('quotes only sentences found verbatim in the passage each quote cites', async () => {
    const body = await (await ask({ question: 'Which agencies work on HIV/AIDS and migrants?' })).json();
    expect(body.quotes.length).toBeGreaterThan(0);
    for (const q of body.quotes) {
      expect(body.passages[q.passage].text).toContain(q.text);
      expect(body.answer).toContain(`${q.text}” (${body.passages[q.passage].label})`);
    }
  });

  it('cites the unnumbered communiqué by ordinal, saying so', async () => {
    const body = await (await ask({ question: 'Riviera Maya communiqué consular networks', docs: ['riviera-maya-2010'] })).json();
    expect(body.passages.every((p: { docId: string }) => p.docId === 'riviera-maya-2010')).toBe(true);
    expect(body.passages[0]).toMatchObject({ unit: 'ordinal', paragraph: 11, label: 'Communiqué spécial de Riviera Maya (2010), 11th paragraph (unnumbered)' });
  });

  it('restricts the search to the documents asked for', async () => {
    const body = await (await ask({ question: 'trafficking in women and children', docs: ['a-58-98'], k: 10 })).json();
    expect(body.passages).toHaveLength(10);
    expect(new Set(body.passages.map((p: { docId: string }) => p.docId))).toEqual(new Set(['a-58-98']));
  });

  it('says so instead of returning noise when nothing answers', async () => {
    const body = await (await ask({ question: 'What is the best recipe for chocolate cake with strawberries?' })).json();
    expect(body.found).toBe(false);
    expect(body.answer).toMatch(/^No passage in these documents answers/);
    expect(body.quotes).toEqual([]);
  });

  it('returns no passages for a question with no words to search', async () => {
    for (const question of ['🙂', '???', 'the of and']) {
      const body = await (await ask({ question })).json();
      expect(body).toMatchObject({ found: false, passages: [], quotes: [] });
    }
  });

  it.each([
    'How do I reset my password?',
    'What is the capital of France?',
    'How tall is the Eiffel Tower?',
    'Quelle est la météo demain à Genève ?',
    'Recette de la ratatouille',
    'Comment installer Python sur Windows ?',
  ])('finds nothing relevant for an off-topic question: %s', async (question) => {
    const body = await (await ask({ question })).json();
    expect(body.found).toBe(false);
    expect(body.answer).toMatch(body.lang === 'fr' ? /^Aucun passage/ : /^No passage/);
  });

  it.each([
    [{ question: '' }, 400, 'invalid_request'],
    [{ question: '   ' }, 400, 'invalid_request'],
    [{ question: 42 }, 400, 'invalid_request'],
    [{}, 400, 'invalid_request'],
    [{ question: 'x'.repeat(2001) }, 413, 'question_too_long'],
    [{ question: 'migration', k: 0 }, 400, 'invalid_request'],
    [{ question: 'migration', k: 21 }, 400, 'invalid_request'],
    [{ question: 'migration', k: 2.5 }, 400, 'invalid_request'],
    [{ question: 'migration', k: '5' }, 400, 'invalid_request'],
    [{ question: 'migration', docs: 'a-58-98' }, 400, 'invalid_request'],
    [{ question: 'migration', docs: ['no-such-doc'] }, 404, 'unknown_document'],
  ])('rejects %j with %i %s', async (body, status, code) => {
    await expectError(await ask(body), status, code);
  });

  it('rejects malformed JSON, a wrong content type and an oversized body', async () => {
    await expectError(await ask('{"question": "migr'), 400, 'invalid_json');
    await expectError(await ask({ question: 'migration' }, { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    await expectError(await ask(JSON.stringify({ question: 'a', pad: 'x'.repeat(20_000) })), 413, 'payload_too_large');
  });
});

describe('documents and health', () => {
  it('lists the five documents with their paragraph counts', async () => {
    const body = await (await get('/api/documents')).json();
    const counts = Object.fromEntries(body.documents.map((d: { id: string; paragraphs: number }) => [d.id, d.paragraphs]));
    expect(counts).toEqual({ 'osce-mc-2006': 6, 'a-res-68-4': 35, 'a-58-98': 55, 'a-61-187': 78, 'riviera-maya-2010': 14 });
    expect(body.documents.find((d: { id: string }) => d.id === 'a-58-98')).toMatchObject({ symbol: 'A/58/98', source: '002_d76175b80ff43ed6.txt' });
  });

  it('returns a document with its paragraphs, repaired and raw text, sections and notes', async () => {
    const body = await (await get('/api/documents/a-58-98')).json();
    expect(body.document.symbol).toBe('A/58/98');
    const p40 = body.paragraphs.find((p: { paragraph: number }) => p.paragraph === 40);
    expect(p40.text).toMatch(/^Il a été envisagé/);
    expect(p40.raw).toMatch(/^11 a été envisagé/);
    expect(p40.anchor).toBe('p40');
    const rdoc = await (await get('/api/documents/a-res-68-4')).json();
    expect(rdoc.paragraphs.find((p: { paragraph: number }) => p.paragraph === 15).notes[0].text).toContain('Recueil des Traités');
  });

  it('answers 404 with a JSON error for an unknown document or route', async () => {
    await expectError(await get('/api/documents/nope'), 404, 'unknown_document');
    await expectError(await get('/api/nope'), 404, 'not_found');
  });

  it('reports health: the loaded index, its counts and embedder, the workers and the queue', async () => {
    const body = healthSchema.parse(await (await get('/api/health')).json());
    expect(body).toMatchObject({ status: 'ok', index: { documents: 5, paragraphs: 188 }, workers: 2, queue: { waiting: 0 } });
    expect(Date.parse(body.index!.builtAt)).not.toBeNaN();
    expect(body.index!.embedders[0]).toMatchObject({ kind: 'offline', id: 'offline-bilingual-tfidf' });
  });

  it('sends what the contract says, so the page reads every field it expects', async () => {
    askResponseSchema.parse(await (await ask({ question: 'remittances', docs: ['a-res-68-4'] })).json());
    documentListSchema.parse(await (await get('/api/documents')).json());
    const detail = documentDetailSchema.parse(await (await get('/api/documents/a-res-68-4')).json());
    expect(detail.document).toMatchObject({ id: 'a-res-68-4', source: '001_dbef19ed20e80a53.txt' });
  });

  it('answers many questions at once from several workers, each with its own answer', async () => {
    const questions = ['remittances cost', 'brain drain of health workers', 'trafficking in women', 'consular networks'];
    const solo = await Promise.all(questions.map(async (question) => (await (await ask({ question })).json()).passages[0].label));
    const together = await Promise.all(Array.from({ length: 24 }, (_, i) => ask({ question: questions[i % 4] }).then((r) => r.json())));
    together.forEach((body, i) => expect(body.passages[0].label).toBe(solo[i % 4]));
  });

  it('describes the API in OpenAPI, from the contract', async () => {
    const doc = await (await get('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/ask'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/AskRequest' });
    expect(doc.components.schemas.AskRequest.properties.k).toMatchObject({ minimum: 1, maximum: 20, default: 5 });
    expect(doc.components.schemas.DocumentSummary.required).toContain('source');
  });
});

describe('LangChain', () => {
  it('exposes the hybrid retrieval as a retriever (invoke → Documents with citation data)', async () => {
    const assistant = await Assistant.open(inject('indexDir'));
    const docs = await assistant.retriever.invoke('brain drain of health workers');
    expect(docs).toHaveLength(5);
    expect(docs[0]!.pageContent.length).toBeGreaterThan(50);
    expect(docs[0]!.metadata).toMatchObject({ docId: expect.any(String), unit: expect.any(String), score: expect.any(Number) });
  });
});
