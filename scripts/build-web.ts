/**
 * `npm run build`: builds the page into a new folder of `web/builds/`, then points the
 * `web/dist` link at it in one rename. A server serving `web/dist` meanwhile never finds
 * a half-written page, and a page loaded before the switch still finds its hashed assets:
 * the previous build's own assets are copied into the new one.
 */
import { existsSync } from 'node:fs';
import { cp, lstat, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web');
/** Lists the assets a build made itself, so that only one generation of old assets is carried. */
const OWN_ASSETS = '.own-assets.json';
const PARTIAL = '.partial';

export interface PublishOptions {
  /** Holds `dist` (the link the server serves) and `builds/`. Default: the repository's `web/`. */
  webRoot?: string;
  /** Writes a complete page (index.html, assets/) into `outDir`. */
  build(outDir: string): Promise<void>;
  /**
   * Finished builds kept besides the current one, to go back by hand (`ln -sfn builds/<stamp> web/dist`).
   * Default 2; the older ones are removed.
   */
  keep?: number;
}

/**
 * Builds into `builds/<stamp>.partial`, carries the current build's assets over, renames it
 * `builds/<stamp>`, then switches `dist` to it. A failed build removes its folder and leaves
 * `dist` as it was. Returns the new build's folder.
 * @example
 * await publishBuild({ build: (outDir) => viteBuild(outDir) });
 */
export async function publishBuild(options: PublishOptions): Promise<string> {
  const webRoot = options.webRoot ?? WEB_ROOT;
  const builds = path.join(webRoot, 'builds');
  const dist = path.join(webRoot, 'dist');
  await mkdir(builds, { recursive: true });
  await removeAbandoned(builds);

  const stamp = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  const staging = path.join(builds, `${stamp}${PARTIAL}`);
  // Two builds within the same millisecond get distinct folders.
  let name = stamp;
  for (let n = 2; existsSync(path.join(builds, name)); n++) name = `${stamp}-${n}`;
  const final = path.join(builds, name);
  try {
    await options.build(staging);
    const own = await listFiles(path.join(staging, 'assets'));
    await writeFile(path.join(staging, OWN_ASSETS), JSON.stringify(own));
    await carryAssets(dist, staging);
    await rename(staging, final);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  await switchLink(dist, builds, name);
  await prune(builds, name, options.keep ?? 2);
  return final;
}

/** Copies the assets the current build made itself into the new one, unless already there. */
async function carryAssets(dist: string, staging: string): Promise<void> {
  let own: string[];
  try {
    own = JSON.parse(await readFile(path.join(dist, OWN_ASSETS), 'utf8')) as string[];
  } catch {
    // No build yet, or one made before builds were switched: carry every asset it has.
    own = await listFiles(path.join(dist, 'assets'));
  }
  for (const file of own) {
    await cp(path.join(dist, 'assets', file), path.join(staging, 'assets', file), { force: false, errorOnExist: false });
  }
}

/** Points `dist` at `builds/<name>` in one rename; a real `dist` folder (older layout) becomes a build first. */
async function switchLink(dist: string, builds: string, name: string): Promise<void> {
  const current = await lstat(dist).catch(() => null);
  // Once only, when moving from the older layout: `dist` is missing for the time of two renames.
  if (current?.isDirectory()) await rename(dist, path.join(builds, `${name}-before`));
  const next = `${dist}.${process.pid}.link`;
  await rm(next, { force: true });
  await symlink(path.relative(path.dirname(dist), path.join(builds, name)), next, 'dir');
  await rename(next, dist);
}

/** Keeps the current build and the `keep` newest before it. */
async function prune(builds: string, current: string, keep: number): Promise<void> {
  const finished = (await readdir(builds)).filter((n) => !n.endsWith(PARTIAL) && n !== current).sort();
  for (const old of finished.slice(0, Math.max(0, finished.length - keep))) {
    await rm(path.join(builds, old), { recursive: true, force: true });
  }
}

/** Removes `.partial` folders whose build process is gone (killed mid-build). */
async function removeAbandoned(builds: string): Promise<void> {
  for (const entry of await readdir(builds)) {
    if (!entry.endsWith(PARTIAL)) continue;
    const pid = Number(/-(\d+)\.partial$/.exec(entry)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) continue;
    await rm(path.join(builds, entry), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const final = await publishBuild({
    build: (outDir) =>
      build({ configFile: path.join(WEB_ROOT, 'vite.config.ts'), build: { outDir, emptyOutDir: true } }).then(() => undefined),
  });
  console.log(`web/dist → ${path.relative(WEB_ROOT, final)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(`build: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
