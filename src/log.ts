import { pino, type Logger, type DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger };

/** Patterns for tokens that must never reach a log line, even inside library errors and URLs. */
const TOKEN_PATTERNS: readonly RegExp[] = [
  // xoxe-: refresh tokens (token rotation); rotated bot tokens are xoxe.xoxb-...
  /xox[abposre]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  // OAuth request fields the Web API client prints at debug level (form or JSON): the app's client secret and a
  // refresh token. (The one-time install code is worthless without the client secret and is left readable.)
  /((?:client_secret|refresh_token)\\?"?\s*[:=]\s*\\?"?)[^"\\&\s,}]+/g,
  // Discord bot tokens: base64 id . timestamp . hmac
  /[MNO][A-Za-z0-9_-]{20,30}\.[A-Za-z0-9_-]{5,8}\.[A-Za-z0-9_-]{25,45}/g,
  // Interaction and webhook tokens in URLs: /interactions/{id}/{token}/, /webhooks/{appId}/{token}
  /(\/interactions\/\d+\/)[A-Za-z0-9_.-]{20,}/g,
  /(\/webhooks\/\d+\/)[A-Za-z0-9_.-]{20,}/g,
  // Slack response_url: /commands/T../../<secret>, /actions/T../../<secret>
  /(hooks\.slack(?:-gov)?\.com\/(?:commands|actions)\/[A-Z0-9]+\/\d+\/)[A-Za-z0-9]+/g,
];

/** Replaces every token-looking substring, and every known secret value, with [redacted]. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('[redacted]');
  for (const re of TOKEN_PATTERNS)
    out = out.replace(re, (_m, keep?: string) => `${typeof keep === 'string' ? keep : ''}[redacted]`);
  return out;
}

/** Options for the logger. */
export interface LogOptions {
  /** pino level. */
  level?: string;
  /** Secret values (tokens) to scrub wherever they appear. */
  secrets?: readonly string[];
  /** Pretty output (a terminal) instead of JSON lines. */
  pretty?: boolean;
  /** Where lines go (tests capture them); stderr by default. */
  destination?: DestinationStream;
}

/** Creates the app's logger: JSON lines (pretty in a terminal), secrets scrubbed from every line. */
export function createLogger(options: LogOptions = {}): Logger {
  const secrets = options.secrets ?? [];
  const target: DestinationStream = options.destination ?? pino.destination({ fd: 2, sync: true });
  // pino-pretty's formatter runs in-process, before the scrubber, so no line escapes redaction.
  const format = options.pretty
    ? prettyFactory({ colorize: false, translateTime: 'SYS:HH:MM:ss' })
    : undefined;
  const stream: DestinationStream = {
    write: (line: string) => target.write(redactText(format ? format(line) : line, secrets)),
  };
  return pino(
    {
      level: options.level ?? 'info',
      redact: {
        paths: [
          'token',
          '*.token',
          'headers.authorization',
          '*.headers.authorization',
          'botToken',
          'appToken',
          'signingSecret',
        ],
        censor: '[redacted]',
      },
    },
    stream,
  );
}

/** A logger that writes nothing; for tests that do not look at logs. */
export const silentLogger: Logger = pino({ level: 'silent' });
