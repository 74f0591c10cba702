import { writeFile } from 'node:fs/promises';
import { measureQuality } from './engine.ts';

/**
 * Run by `npm run bench` as a child process, so that loading a large index
 * does not stay in the benchmark's own memory:
 * `quality.ts <indexDir> <queries> <report.json>` writes a QualityReport.
 */
const [indexDir, queries, reportFile] = process.argv.slice(2);
measureQuality(indexDir!, Number(queries))
  .then((report) => writeFile(reportFile!, JSON.stringify(report)))
  .catch((err: Error) => {
    console.error(`bench quality: ${err.message}`);
    process.exit(1);
  });
