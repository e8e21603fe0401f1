import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GatewayState } from './gateway-state';

/** Whose configuration a state file holds; a file written for another token's scope is never served. */
export interface StateOwner {
  organizationId: string;
  environmentIds: string[];
  gatewayId: string;
}

interface StateFile {
  version: 1;
  owner: StateOwner;
  savedAt: number;
  /** Upper bound of the last successful sync window (gateway clock). */
  syncedUntil: number;
  state: GatewayState;
}

export interface SavedState {
  state: GatewayState;
  savedAt: number;
  syncedUntil: number;
}

const sameOwner = (a: StateOwner, b: StateOwner) =>
  a.organizationId === b.organizationId && a.gatewayId === b.gatewayId && [...a.environmentIds].sort().join(',') === [...b.environmentIds].sort().join(',');

/** Keeps the last synced configuration (and the license public key) in the state directory. */
export class StateStore {
  private readonly file: string;
  private readonly publicKeyFile: string;

  constructor(
    private readonly dir: string,
    private readonly owner: StateOwner,
  ) {
    this.file = join(dir, 'sync-state.json');
    this.publicKeyFile = join(dir, 'license-public-key.pem');
  }

  async load(): Promise<SavedState | undefined> {
    const text = await readFile(this.file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      const file = JSON.parse(text) as StateFile;
      if (file.version !== 1 || !sameOwner(file.owner, this.owner)) return undefined;
      return { state: file.state, savedAt: file.savedAt, syncedUntil: file.syncedUntil };
    } catch {
      return undefined;
    }
  }

  async save(state: GatewayState, syncedUntil: number): Promise<void> {
    const file: StateFile = { version: 1, owner: this.owner, savedAt: Date.now(), syncedUntil, state };
    await this.writeAtomically(this.file, JSON.stringify(file));
  }

  async loadPublicKey(): Promise<string | undefined> {
    return readFile(this.publicKeyFile, 'utf8').catch(() => undefined);
  }

  async savePublicKey(pem: string): Promise<void> {
    await this.writeAtomically(this.publicKeyFile, pem);
  }

  /** Write-then-rename, so a crash mid-write never leaves a torn file to start from. */
  private async writeAtomically(path: string, content: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, content, { mode: 0o600 });
    await rename(tmp, path);
  }
}
