import type { Generated } from 'kysely';
import type { SubscriptionKind } from '../bot/command.js';
import type { Lang } from '../bot/reply.js';
import type { Deck, PostStatus } from './types.js';

/**
 * The tables as Kysely sees them, identical on SQLite and Postgres. Instants are ISO strings in UTC
 * (`toISOString()` form) on both, so they compare and sort as text the same way everywhere.
 */
export interface Tables {
  schema_migrations: { version: number; name: string; applied_at: string };
  channel_settings: { channel: string; lang: Lang; updated_at: string };
  subscriptions: {
    id: Generated<number>;
    channel: string;
    kind: SubscriptionKind;
    time: string;
    days: string;
    timezone: string;
    lang: Lang;
    created_by: string;
    created_at: string;
    effective_from: string;
    paused_reason: string | null;
    paused_at: string | null;
    removed_at: string | null;
    /** 1 when the subscription posts quote cards (images) rather than text. */
    card: Generated<number>;
    /** When a tick next has something to do for it (never later than that); null when paused or removed. */
    next_due_at: string | null;
  };
  posts: {
    id: Generated<number>;
    subscription_id: number;
    local_date: string;
    scheduled_at: string;
    quote_id: string | null;
    status: PostStatus;
    attempts: Generated<number>;
    next_attempt_at: string | null;
    message_id: string | null;
    error: string | null;
    claimed_at: string | null;
    posted_at: string | null;
  };
  rotation_shown: {
    seq: Generated<number>;
    channel: string;
    deck: Deck;
    cycle: number;
    quote_id: string;
    shown_at: string;
  };
  slack_installations: {
    enterprise_id: string;
    team_id: string;
    team_name: string | null;
    enterprise_name: string | null;
    enterprise_url: string | null;
    /** 0 or 1 (SQLite has no boolean). */
    is_enterprise_install: number;
    app_id: string | null;
    bot_token: string;
    bot_id: string | null;
    bot_user_id: string;
    /** Comma-separated. */
    bot_scopes: string;
    bot_refresh_token: string | null;
    bot_expires_at: string | null;
    installer_user_id: string | null;
    installed_at: string;
    updated_at: string;
  };
  slack_enterprise_teams: { team_id: string; enterprise_id: string; seen_at: string };
  leases: { name: string; holder: string; expires_at: string };
}

/** Which database a Store runs on. */
export type DialectName = 'sqlite' | 'postgres';
