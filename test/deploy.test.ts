import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../src/config.js';

const root = join(import.meta.dirname, '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

describe('deployment files', () => {
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<
      string,
      {
        build?: string;
        env_file?: string;
        environment?: Record<string, string>;
        healthcheck?: unknown;
        restart?: string;
        volumes?: string[];
        image?: string;
        profiles?: string[];
        depends_on?: Record<string, { condition: string }>;
        deploy?: { replicas?: number };
      }
    >;
  };
  const service = compose.services.mingyan!;

  it('compose builds from a Dockerfile that exists and names only files that exist', () => {
    expect(service.build).toBe('.');
    const dockerfile = read('Dockerfile');
    for (const [, src] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const file of src!.split(/\s+/))
        expect(existsSync(join(root, file)), `Dockerfile copies ${file}`).toBe(true);
    }
  });

  it('compose passes only variables the config knows, and .env.example documents every one', () => {
    for (const name of Object.keys(service.environment ?? {})) expect(CONFIG_VARIABLES).toContain(name);
    const documented = [...read('.env.example').matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...CONFIG_VARIABLES].sort());
    expect(service.env_file).toBe('.env');
  });

  it('compose keeps the database on a volume, restarts, and checks health', () => {
    expect(service.volumes?.some((v) => v.endsWith(':/data'))).toBe(true);
    expect(service.environment?.MINGYAN_DB).toMatch(/^\/data\//);
    expect(service.restart).toBe('unless-stopped');
    expect(JSON.stringify(service.healthcheck)).toContain('/healthz');
  });

  it('the postgres profile runs PostgreSQL on a volume with a health check, and two bot replicas against it', () => {
    const pg = compose.services.postgres!;
    const bots = compose.services['mingyan-postgres']!;
    expect(pg.profiles).toEqual(['postgres']);
    expect(pg.image).toMatch(/^postgres:\d+/);
    expect(pg.volumes?.some((v) => v.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    expect(JSON.stringify(pg.healthcheck)).toContain('pg_isready');
    expect(bots.profiles).toEqual(['postgres']);
    expect(bots.build).toBe('.');
    expect(bots.deploy?.replicas).toBe(2);
    expect(bots.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(bots.environment?.DATABASE_URL).toMatch(/^postgres:\/\/mingyan:.*@postgres:5432\/mingyan$/);
    for (const name of Object.keys(bots.environment ?? {})) expect(CONFIG_VARIABLES).toContain(name);
    // The SQLite bot stays the default: it is in no profile, so plain `docker compose up` is unchanged.
    expect(compose.services.mingyan?.profiles).toBeUndefined();
  });

  it('the image runs the compiled JavaScript as a non-root user', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^FROM node:20-slim AS build$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('CMD ["node", "dist/bin/mingyan.js", "start"]');
    const pkg = JSON.parse(read('package.json')) as { bin: Record<string, string> };
    expect(pkg.bin.mingyan).toBe('dist/bin/mingyan.js');
  });
});
