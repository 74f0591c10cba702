import { writeFileSync } from 'node:fs';

/**
 * Preloaded into a build the benchmark runs (`node --import tsx --import
 * bench/peak-memory.ts index/cli.ts`): at exit, writes the process's peak
 * resident set in bytes (getrusage's maxRSS, which misses no short spike) to
 * BENCH_PEAK_FILE.
 */
const file = process.env.BENCH_PEAK_FILE;
if (file) process.once('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
