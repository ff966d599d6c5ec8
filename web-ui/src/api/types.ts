/** The JSON of the Meridian REST API, as the console reads it. */

export interface Me {
  name: string;
  role: string;
}

export type Trigger =
  | { type: 'manual' }
  | { type: 'cron'; cron: string }
  | { type: 'event'; debounceSeconds: number | null };

export interface Policy {
  name: string;
  source: { registry: string; repositories: string[]; exclude?: string[] };
  tags: { include: string[]; exclude: string[]; semver?: string | null; latest?: number | null; digests?: string[] };
  destinations: { registry: string; namespace: string | null }[];
  override: boolean;
  trigger: Trigger;
}

export interface Schedule {
  cron: string;
  timeZone: string;
  nextRunAt: string | null;
  previousRunAt: string | null;
}

export interface Region {
  name: string;
  displayName: string | null;
  jurisdiction: string | null;
}

export interface Registry {
  name: string;
  region: string;
  url: string;
  insecure: boolean;
  kind: string;
  caBundle: string | null;
  username: string | null;
  passwordSet: boolean;
  /** For kind s3 only; the keys are write-only (only whether they are set). */
  s3?: { bucket: string; prefix: string | null; region: string | null; endpoint: string | null; pathStyle: boolean; accessKeyIdSet: boolean; secretAccessKeySet: boolean } | null;
}

export const REGISTRY_KINDS = ['distribution', 'harbor', 'ecr', 'acr', 'gcr', 'other', 'helm-http', 'chartmuseum', 's3'];

export interface RegistryHealth {
  registry: string;
  url: string;
  reachable: boolean;
  status: number | null;
  latencyMs: number;
  checkedAt: string;
  apiVersion: string | null;
  error: string | null;
}

export interface Link {
  from: string;
  to: string;
  latencyMs: number;
  bandwidthMbps: number;
  costPerGb: number;
}

export interface Artifacts {
  total: number;
  copied: number;
  skipped: number;
  failed: number;
  conflicts: number;
}

export interface Execution {
  id: string;
  policy: string;
  status: string;
  trigger: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  durationMillis?: number;
  summary: {
    artifacts: Artifacts;
    blobs: { copied: number; mounted: number; skipped: number };
    bytes: { read: number; written: number; byRegistry: { registry: string; read: number; written: number }[] };
  };
  error?: string;
}

export interface Task {
  id: number;
  artifact: { repository: string; reference: string; digest: string | null; mediaType: string | null };
  destination: { registry: string; repository: string };
  state: string;
  bytes: number;
  error: { code: string; message: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** How the task travels (endpoints as `<registry>/<endpoint>`), once the route step chose; else null. */
  path?: TaskPath | null;
}

export interface TaskPath {
  source: string;
  destination: string;
  reason: string | null;
  failovers: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}

/** The `execution` / `end` event of GET /api/v1/executions/{id}/events. */
export interface ExecutionProgress {
  id: string;
  policy: string;
  status: string;
  finished: boolean;
  progress: number;
  artifacts: Artifacts;
  bytesRead: number;
  bytesWritten: number;
  registries: { registry: string; read: number; written: number; readPerSecond: number; writtenPerSecond: number }[];
  durationMillis: number | null;
  error: string | null;
}

export const ACTIVE_STATUSES = ['QUEUED', 'RUNNING', 'STOPPING'];
export const EXECUTION_STATUSES = ['QUEUED', 'RUNNING', 'STOPPING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'STOPPED'];

export type TokenRole = 'admin' | 'operator' | 'viewer' | 'webhook';

/** A live API token as GET /api/v1/tokens lists it: never its secret. */
export interface ApiToken {
  name: string;
  role: string;
  registry: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** POST /api/v1/tokens's answer: the token plus its secret, shown this once. */
export interface CreatedToken extends Omit<ApiToken, 'lastUsedAt'> {
  token: string;
}

/** One record of GET /api/v1/audit. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  kind: string;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
}
