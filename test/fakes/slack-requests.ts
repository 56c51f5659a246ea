import { createHmac } from 'node:crypto';

/** Slack's v0 request signature headers for a raw body. */
export function signatureHeaders(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

/** Options for one request to the Bolt receiver. */
export interface SendOptions {
  /** Signing secret to sign with (a wrong one makes a bad signature). */
  secret: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Extra headers, e.g. x-slack-retry-num. */
  headers?: Record<string, string>;
}

/** Slack shows the user an error (and retries events) when the ack takes longer than this. */
export const SLACK_ACK_DEADLINE_MS = 3_000;

/** Every ack time seen by sendSigned in this test file, in ms (Slack's side of the 3-second rule). */
export const ackTimes: number[] = [];

/**
 * POSTs a signed body to `url` and returns status and text. Like Slack, it gives up on an ack (the HTTP
 * response) that takes longer than 3 s, so a handler that answers before acking fails its test.
 */
export async function sendSigned(
  url: string,
  body: string,
  contentType: 'application/x-www-form-urlencoded' | 'application/json',
  options: SendOptions,
): Promise<{ status: number; text: string; ackMs: number }> {
  const started = performance.now();
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        ...signatureHeaders(options.secret, body, options.timestamp),
        ...options.headers,
      },
      body,
      signal: AbortSignal.timeout(SLACK_ACK_DEADLINE_MS),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError')
      throw new Error(`no ack within ${SLACK_ACK_DEADLINE_MS} ms: Slack would show the user an error`, {
        cause: error,
      });
    throw error;
  }
  const ackMs = performance.now() - started;
  ackTimes.push(ackMs);
  return { status: res.status, text: await res.text(), ackMs };
}

/** A slash command as Slack sends it (form-encoded). */
export function slashCommandBody(fields: {
  text: string;
  responseUrl: string;
  channelId?: string;
  channelName?: string;
  userId?: string;
  userName?: string;
  teamId?: string;
  command?: string;
}): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: fields.teamId ?? 'T1',
    team_domain: 'test',
    channel_id: fields.channelId ?? 'C1',
    channel_name: fields.channelName ?? 'general',
    user_id: fields.userId ?? 'U1',
    user_name: fields.userName ?? 'ann',
    command: fields.command ?? '/quote',
    text: fields.text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '1.2.3',
  }).toString();
}

/** A block_actions payload for a button press (form-encoded `payload=`). */
export function buttonPressBody(fields: {
  actionId: string;
  value: string;
  responseUrl: string;
  ephemeral?: boolean;
  channelId?: string;
  userId?: string;
  userName?: string;
  teamId?: string;
}): string {
  const channelId = fields.channelId ?? 'C1';
  const payload = {
    type: 'block_actions',
    team: { id: fields.teamId ?? 'T1', domain: 'test' },
    user: {
      id: fields.userId ?? 'U1',
      username: fields.userName ?? 'ann',
      name: fields.userName ?? 'ann',
      team_id: 'T1',
    },
    api_app_id: 'A1',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: channelId,
      is_ephemeral: fields.ephemeral ?? true,
    },
    trigger_id: '1.2.3',
    channel: { id: channelId, name: 'general' },
    response_url: fields.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: fields.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'x' },
        value: fields.value,
        action_ts: '1700000001.000200',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API envelope (JSON). */
export function eventBody(event: Record<string, unknown>, eventId: string, teamId = 'T1'): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: teamId,
    api_app_id: 'A1',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  });
}
