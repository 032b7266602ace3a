// The port every component reports its health through for GET /api/Status.
export interface ComponentHealth {
  status: 'ok' | 'down';
  [detail: string]: unknown;
}

export interface HealthCheck {
  readonly name: string;
  check(): Promise<ComponentHealth>;
}
