// Worker threads start as plain Node: tsx's loader makes the TypeScript worker loadable under `npm start` and vitest alike.
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./worker.ts', import.meta.url);
export default worker.default;
