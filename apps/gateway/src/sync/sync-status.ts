/** Where the sync with the Cloud Gate stands, as `/_node/health` shows it. */
export type SyncState = 'starting' | 'synced' | 'unreachable' | 'unauthorized' | 'failing';

export interface SyncStatus {
  state: SyncState;
  /** What traffic is served from: the last sync, the copy on disk, or nothing yet. */
  servingFrom: 'cloud-gate' | 'disk' | 'nothing';
  lastSyncAt?: number;
  /** Set while the gate refuses or cannot be reached. */
  status?: number;
  code?: string;
  message?: string;
  since?: number;
}
