import { z } from 'zod';
import {
  askRequestSchema,
  askResponseSchema,
  documentDetailSchema,
  documentListSchema,
  errorSchema,
  healthSchema,
} from './contract.ts';

type Schema = z.ZodType;

/** A `$ref` to the component the contract names in its `.meta({ id })`. */
function ref(schema: Schema): { $ref: string } {
  return { $ref: `#/components/schemas/${(schema.meta() as { id: string }).id}` };
}

function json(schema: Schema, description: string) {
  return { description, content: { 'application/json': { schema: ref(schema) } } };
}

const errorReply = (description: string) => json(errorSchema, description);

/**
 * `/api/openapi.json`: the API described from the same zod schemas that
 * validate its requests, so the description cannot drift from the code.
 */
export function openApiDocument(): Record<string, unknown> {
  const uri = (id: string) => `#/components/schemas/${id}`;
  // Every schema of the contract carries an id, so each becomes one named component; the request is described as clients send it.
  const schemas = { ...z.toJSONSchema(z.globalRegistry, { uri, io: 'output' }).schemas };
  schemas.AskRequest = z.toJSONSchema(z.globalRegistry, { uri, io: 'input' }).schemas.AskRequest!;
  // Components are bare schemas: their name is their key.
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Migration documents assistant', version: '1', description: 'Questions in French or English, answered with cited passages of French-language UN documents.' },
    paths: {
      '/api/ask': {
        post: {
          summary: 'Answer a question with cited passages',
          requestBody: { required: true, ...json(askRequestSchema, 'the question') },
          responses: {
            200: json(askResponseSchema, 'the answer, its quotes and the passages they cite'),
            400: errorReply('invalid_request, invalid_json'),
            404: errorReply('unknown_document in `docs`'),
            413: errorReply('question_too_long, payload_too_large'),
            415: errorReply('unsupported_media_type'),
            429: errorReply('rate_limited'),
            503: errorReply('overloaded (with Retry-After), not_ready'),
            504: errorReply('timeout'),
          },
        },
      },
      '/api/documents': { get: { summary: 'The documents', responses: { 200: json(documentListSchema, 'every document') } } },
      '/api/documents/{docId}': {
        get: {
          summary: 'A document with all its paragraphs',
          parameters: [{ name: 'docId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: json(documentDetailSchema, 'the document'), 404: errorReply('unknown_document') },
        },
      },
      '/api/health': { get: { summary: 'The loaded index and the pool', responses: { 200: json(healthSchema, 'ready'), 503: json(healthSchema, 'not ready') } } },
    },
    components: {
      schemas,
      securitySchemes: { accessToken: { type: 'http', scheme: 'bearer', description: 'only when the server sets ACCESS_TOKEN' } },
    },
  };
}
