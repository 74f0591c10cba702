/**
 * The HTTP API's contract, defined once: these schemas validate requests at
 * the edge (`app.ts`), produce `/api/openapi.json` (`openapi.ts`), and give the
 * page its types (`web/src/api.ts` imports them), so page and server cannot drift.
 * Limits shared with the terminal client (`ask-cli.ts`) live here too.
 */
import { z } from 'zod';

/** Longest question accepted: a pasted paragraph fits, a pasted report does not. */
export const MAX_QUESTION_LENGTH = 2000;
/** How many passages a question may ask for: enough to read, few enough to check each. */
export const K_RANGE = { min: 1, max: 20, default: 5 } as const;
/** Largest `/api/ask` body: a 2,000-character question, 20 document ids and JSON around them fit. */
export const MAX_BODY_BYTES = 16 * 1024;
/** For monitors and load balancers: open without a token, never rate-limited. */
export const HEALTH_ROUTE = '/api/health';

const kMessage = `k must be a whole number from ${K_RANGE.min} to ${K_RANGE.max}`;

export const askRequestSchema = z
  .object({
    question: z
      .string({ error: 'question must be a string' })
      .trim()
      .min(1, 'question is empty')
      .max(MAX_QUESTION_LENGTH, `question is longer than ${MAX_QUESTION_LENGTH} characters`),
    k: z.number({ error: kMessage }).int(kMessage).min(K_RANGE.min, kMessage).max(K_RANGE.max, kMessage).default(K_RANGE.default),
    /** Restricts retrieval to these document ids; omitted or empty means every document. */
    docs: z.array(z.string({ error: 'docs must be a list of document ids' }), { error: 'docs must be a list of document ids' }).optional(),
  })
  .meta({ id: 'AskRequest' });

export const langSchema = z.enum(['fr', 'en']).meta({ id: 'Lang' });

export const citationLabelsSchema = z.object({ en: z.string(), fr: z.string() }).meta({ id: 'CitationLabels' });

export const noteSchema = z.object({ mark: z.string(), text: z.string() }).meta({ id: 'Note' });

/** What every citable paragraph carries, in an answer or in a document. */
export const citedParagraphSchema = z
  .object({
    anchor: z.string().meta({ description: 'URL fragment in the document view: p27, preamble, annex' }),
    paragraph: z.number().int().nullable().meta({ description: 'printed number; the ordinal for an unnumbered document; null for a labelled unit' }),
    unit: z.enum(['numbered', 'ordinal', 'labelled']),
    unitLabel: z.string().nullable(),
    label: z.string().meta({ description: "how to cite it, in the question's language" }),
    labels: citationLabelsSchema,
    section: z.string().nullable(),
    text: z.string().meta({ description: 'repaired text: what is shown and quoted' }),
    raw: z.string().meta({ description: 'the text as printed in the source (OCR)' }),
  })
  .meta({ id: 'CitedParagraph' });

const footnotes = z.array(noteSchema).meta({ description: 'the footnotes the paragraph calls' });

export const passageSchema = citedParagraphSchema
  .extend({
    source: z.string(),
    docId: z.string(),
    symbol: z.string().nullable(),
    title: z.string(),
    score: z.number(),
    // Always sent; optional for the page, which keeps answers saved before passages carried notes.
    notes: footnotes.optional(),
  })
  .meta({ id: 'Passage' });

export const documentParagraphSchema = citedParagraphSchema.extend({ notes: footnotes }).meta({ id: 'DocumentParagraph' });

export const quoteSchema = z
  .object({
    text: z.string().meta({ description: 'a sentence copied verbatim from the passage' }),
    passage: z.number().int().meta({ description: 'index in `passages` of the passage it comes from' }),
  })
  .meta({ id: 'Quote' });

export const askResponseSchema = z
  .object({
    question: z.string(),
    lang: langSchema,
    answer: z.string(),
    found: z.boolean().meta({ description: 'false: nothing answers, and `answer` says so' }),
    quotes: z.array(quoteSchema),
    passages: z.array(passageSchema),
  })
  .meta({ id: 'AskResponse' });

export const documentSummarySchema = z
  .object({
    id: z.string(),
    source: z.string().meta({ description: 'file name in the corpus, as received' }),
    symbol: z.string().nullable(),
    citeAs: z.string(),
    title: z.string(),
    titleEn: z.string(),
    date: z.string(),
    body: z.string(),
    bodyEn: z.string(),
    numbering: z.enum(['printed', 'ordinal']),
    paragraphs: z.number().int(),
  })
  .meta({ id: 'DocumentSummary' });

export const documentListSchema = z.object({ documents: z.array(documentSummarySchema) }).meta({ id: 'DocumentList' });

export const documentDetailSchema = z
  .object({ document: documentSummarySchema, paragraphs: z.array(documentParagraphSchema) })
  .meta({ id: 'DocumentDetail' });

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'not_ready']),
    index: z
      .object({
        builtAt: z.string(),
        fingerprint: z.string().nullable(),
        verified: z.boolean().meta({ description: 'the index lists its files with checksums, checked when it was loaded' }),
        documents: z.number().int(),
        paragraphs: z.number().int(),
        embedders: z.array(z.object({ id: z.string(), kind: z.string(), dim: z.number().int() }).loose()),
      })
      .nullable(),
    workers: z.number().int(),
    queue: z.object({ waiting: z.number().int(), limit: z.number().int() }),
  })
  .meta({ id: 'Health' });

/** Every error the API answers, with the status it comes with (see the README's table). */
export const ERROR_CODES = {
  invalid_request: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden_host: 403,
  unknown_document: 404,
  not_found: 404,
  request_timeout: 408,
  question_too_long: 413,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  overloaded: 503,
  not_ready: 503,
  timeout: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const errorSchema = z
  .object({ error: z.object({ code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]), message: z.string() }) })
  .meta({ id: 'Error' });

export type Lang = z.infer<typeof langSchema>;
export type CitationLabels = z.infer<typeof citationLabelsSchema>;
export type Note = z.infer<typeof noteSchema>;
export type CitedParagraph = z.infer<typeof citedParagraphSchema>;
export type UnitKind = CitedParagraph['unit'];
export type Passage = z.infer<typeof passageSchema>;
export type DocumentParagraph = z.infer<typeof documentParagraphSchema>;
export type Quote = z.infer<typeof quoteSchema>;
/** What a client sends (`k` may be left out). */
export type AskRequest = z.input<typeof askRequestSchema>;
/** What the server works with once the request is validated (`k` filled in). */
export type ValidAskRequest = z.output<typeof askRequestSchema>;
export type AskResponse = z.infer<typeof askResponseSchema>;
export type DocumentSummary = z.infer<typeof documentSummarySchema>;
export type DocumentDetail = z.infer<typeof documentDetailSchema>;
export type Health = z.infer<typeof healthSchema>;
export type ErrorBody = z.infer<typeof errorSchema>;
