import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * No Docker engine runs here, so the image's build stage is replayed by hand: only what the
 * Dockerfile copies, then its build command. Catches a Dockerfile that forgot a file the build needs.
 */
describe('Dockerfile build stage', () => {
  it('compiles every app from only the files it copies', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const buildStage = dockerfile.split(/^FROM /m)[1];
    const copies = [...buildStage.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1].split(/\s+/));
    const run = /^RUN (node scripts\/build\.mjs[^&\n]*)/m.exec(buildStage)?.[1].trim().split(/\s+/);
    expect(run).toEqual(['node', 'scripts/build.mjs', '--production']);

    const dir = mkdtempSync(join(tmpdir(), 'dockerfile-'));
    try {
      for (const pattern of copies) {
        const names = pattern.includes('*')
          ? execFileSync('sh', ['-c', `ls -d ${pattern}`], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n')
          : [pattern];
        for (const name of names) cpSync(join(ROOT, name), join(dir, name), { recursive: true });
      }
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      execFileSync(process.execPath, run!.slice(1), { cwd: dir, stdio: 'pipe' });
      for (const app of ['control-plane', 'cloud-gate', 'ingest-worker', 'gateway']) {
        expect(existsSync(join(dir, 'dist', 'apps', app, 'src', 'main.js'))).toBe(true);
      }
      expect(existsSync(join(dir, 'dist', 'apps', 'control-plane', 'web', 'index.html'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
