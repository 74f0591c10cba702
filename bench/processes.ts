import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Preloaded into a build: writes the process's peak RSS where BENCH_PEAK_FILE says, at exit. */
const PEAK_MEMORY_HOOK = path.join(REPO_DIR, 'bench/peak-memory.ts');
/** How long a stopped child may take to close before it is killed. */
const STOP_GRACE_MS = 5_000;

/** A child's end: exit code (null if killed by a signal) and what it wrote to stderr. */
export interface Exit {
  code: number | null;
  stderr: string;
}

/**
 * Everything the benchmark starts or creates — child processes, temp
 * folders — so that one `release()` stops and removes it all, on success,
 * failure or Ctrl-C.
 */
export class BenchResources {
  private readonly children = new Set<ChildProcess>();
  private readonly dirs = new Set<string>();

  async tempDir(prefix: string): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    this.dirs.add(dir);
    return dir;
  }

  /** Runs a TypeScript entry of the repo (`node --import tsx`, no wrapper process: its pid is the program's). */
  spawnScript(script: string, env: Record<string, string>, options: { args?: string[]; peakFile?: string } = {}): ChildProcess {
    const hooks = options.peakFile ? ['--import', 'tsx', '--import', PEAK_MEMORY_HOOK] : ['--import', 'tsx'];
    const child = spawn(process.execPath, [...hooks, path.join(REPO_DIR, script), ...(options.args ?? [])], {
      cwd: REPO_DIR,
      env: { ...process.env, ...env, ...(options.peakFile ? { BENCH_PEAK_FILE: options.peakFile } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** SIGTERM, then SIGKILL if the child has not exited within STOP_GRACE_MS. */
  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  async release(): Promise<void> {
    await Promise.all([...this.children].map((c) => this.stop(c)));
    await Promise.all([...this.dirs].map((d) => rm(d, { recursive: true, force: true })));
    this.dirs.clear();
  }

  async remove(dir: string): Promise<void> {
    await rm(dir, { recursive: true, force: true });
    this.dirs.delete(dir);
  }
}

/** Waits for a child to exit, keeping the end of its stderr for an error message. */
export function exitOf(child: ChildProcess): Promise<Exit> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  child.stdout?.resume();
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

/** Peak RSS a build recorded through PEAK_MEMORY_HOOK, in bytes. */
export async function peakRssOf(peakFile: string): Promise<number> {
  return Number(await readFile(peakFile, 'utf8'));
}

export interface ProcessMemory {
  /** Resident set now, bytes, summed over the process and its descendants (cluster workers). */
  rss: number;
  /** Highest resident set so far (VmHWM), bytes, summed likewise. */
  peak: number;
}

/** Reads VmRSS and VmHWM from /proc for a process tree (Linux). */
export async function processMemory(pid: number): Promise<ProcessMemory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  const own = { rss: kib('VmRSS'), peak: kib('VmHWM') };
  for (const child of await childPids(pid)) {
    const theirs = await processMemory(child).catch(() => ({ rss: 0, peak: 0 }));
    own.rss += theirs.rss;
    own.peak += theirs.peak;
  }
  return own;
}

async function childPids(pid: number): Promise<number[]> {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return [];
  const lists = await Promise.all((await readdir(tasks)).map((t) => readFile(`${tasks}/${t}/children`, 'utf8').catch(() => '')));
  return lists.flatMap((l) => l.split(/\s+/).filter(Boolean).map(Number));
}

/** Bytes under a folder, links not followed. */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderBytes(p);
    else if (entry.isFile()) total += (await stat(p)).size;
  }
  return total;
}

/** A loopback port free right now (the server binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
