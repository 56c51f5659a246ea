import { describe, expect, it } from 'vitest';
import { createLogger, redactText } from '../src/log.js';

const capture = () => {
  const lines: string[] = [];
  return {
    lines,
    destination: { write: (s: string) => void lines.push(s) },
    /** Everything logged; fails when nothing was, so a "does not contain" check cannot pass vacuously. */
    text(): string {
      expect(lines.length, 'the logger wrote nothing').toBeGreaterThan(0);
      return lines.join('');
    },
  };
};

describe('logs never carry secrets', () => {
  it('scrubs configured secret values wherever they appear', () => {
    const out = capture();
    const log = createLogger({ secrets: ['canary-signing-secret-123'], destination: out.destination });
    log.error({ err: new Error('bad canary-signing-secret-123') }, 'failed with canary-signing-secret-123');
    const text = out.text();
    expect(text).not.toContain('canary-signing-secret-123');
    expect(text).toContain('failed with [redacted]');
    expect(text).toContain('bad [redacted]');
  });

  it('scrubs token shapes even when nobody told it the value', () => {
    const text = redactText(
      'xoxb-111-222-abcDEF xapp-1-A111-222-abc https://discord.com/api/v10/interactions/1234/aW50ZXJhY3Rpb246dG9rZW4xMjM0NTY3ODkw/callback ' +
        'https://discord.com/api/v10/webhooks/5678/aW50ZXJhY3Rpb246dG9rZW4xMjM0NTY3ODkw/messages/@original ' +
        'https://hooks.slack.com/commands/T123/456/abcdefSECRET https://hooks.slack-gov.com/actions/T9/77/govSECRET1',
    );
    expect(text).not.toMatch(/xoxb-111|xapp-1-A111|aW50ZXJhY3Rpb246|abcdefSECRET|govSECRET1/);
    expect(text).toContain('/interactions/1234/[redacted]');
  });

  it('scrubs OAuth fields the Web API client prints at debug level, and rotating tokens', () => {
    const body =
      'http request body: {"code":"code-2-T1","client_id":"1.2","client_secret":"s3cr3tClientValue"} ' +
      'client_secret=formSecretValue&grant_type=refresh_token&refresh_token=opaqueRefresh123 ' +
      'xoxe.xoxb-1-rotatedToken xoxe-1-refreshTokenValue';
    const text = redactText(body);
    expect(text).not.toMatch(
      /s3cr3tClientValue|formSecretValue|opaqueRefresh123|rotatedToken|refreshTokenValue/,
    );
    expect(text).toContain('"client_secret":"[redacted]"');
    expect(text).toContain('"client_id":"1.2"');
    expect(text).toContain('grant_type=refresh_token');
  });

  it('censors token-named fields', () => {
    const out = capture();
    createLogger({ destination: out.destination }).info(
      { token: 'plain-value', config: { token: 'v2' } },
      'x',
    );
    const line = JSON.parse(out.text()) as { msg: string; token: string; config: { token: string } };
    expect(line).toMatchObject({ msg: 'x', token: '[redacted]', config: { token: '[redacted]' } });
    expect(JSON.stringify(line)).not.toMatch(/plain-value|v2/);
  });

  it('pretty output is scrubbed too', () => {
    const out = capture();
    createLogger({ pretty: true, secrets: ['canary-pretty-999'], destination: out.destination }).warn(
      'canary-pretty-999',
    );
    const text = out.text();
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('canary-pretty-999');
  });
});
