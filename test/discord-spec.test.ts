import { describe, expect, it } from 'vitest';
import { commandDefinitions } from '../adapters/discord/commands.js';
import { sharedSpecValidator, startFakeDiscord } from './fakes/discord-fake.js';
import { TEST_TOKEN } from './fakes/discord-harness.js';
import { IDS } from './fakes/discord-interactions.js';

const validator = sharedSpecValidator();
const callback = '/interactions/1/token/callback';
const good = {
  type: 4,
  data: {
    embeds: [{ title: 'ok', description: 'fine', color: 0xb5302a }],
    components: [{ type: 1, components: [{ type: 2, style: 2, label: 'Another', custom_id: 'mg:a:r' }] }],
    allowed_mentions: { parse: [] },
    flags: 64,
  },
};

describe("the validator built from Discord's OpenAPI spec", () => {
  it('accepts a well-formed interaction callback', () => {
    expect(validator.check('POST', callback, good)).toEqual({
      template: '/interactions/{interaction_id}/{interaction_token}/callback',
      errors: [],
    });
  });

  it('rejects deliberately bad bodies', () => {
    const longTitle = { ...good, data: { ...good.data, embeds: [{ title: 't'.repeat(257) }] } };
    expect(validator.check('POST', callback, longTitle).errors.join('\n')).toContain('/data/embeds/0/title');
    const longId = structuredClone(good);
    longId.data.components[0]!.components[0]!.custom_id = 'x'.repeat(101);
    expect(validator.check('POST', callback, longId).errors.length).toBeGreaterThan(0);
    expect(validator.check('POST', '/channels/1/messages/2/threads', { name: '' }).errors).toEqual([
      '/name must NOT have fewer than 1 characters',
    ]);
    expect(validator.check('POST', callback, { type: 99 }).errors.length).toBeGreaterThan(0);
    expect(validator.check('POST', '/no/such/route', {}).errors).toEqual([
      "POST /no/such/route is not an operation in Discord's spec",
    ]);
  });

  it('accepts int-parseable strings where the spec types an integer, and nothing else', () => {
    const [daily] = commandDefinitions().filter((c) => c.name === 'daily');
    expect(typeof daily?.default_member_permissions).toBe('string');
    expect(validator.check('PUT', `/applications/${IDS.app}/commands`, commandDefinitions()).errors).toEqual(
      [],
    );
    const bad = [{ ...daily, default_member_permissions: 'manage channels' }];
    expect(validator.check('PUT', `/applications/${IDS.app}/commands`, bad).errors.length).toBeGreaterThan(0);
  });

  it('makes the fake answer 400 and record a violation for a bad body', async () => {
    const fake = await startFakeDiscord({ token: TEST_TOKEN, applicationId: IDS.app, validator });
    try {
      const res = await fetch(`${fake.apiUrl}/v10/channels/1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bot ${TEST_TOKEN}` },
        body: JSON.stringify({ embeds: [{ description: 'd'.repeat(4097) }] }),
      });
      expect(res.status).toBe(400);
      expect(fake.violations).toEqual([
        {
          method: 'POST',
          path: '/channels/1/messages',
          errors: ['/embeds/0/description must NOT have more than 4096 characters'],
        },
      ]);
      const total = await fetch(`${fake.apiUrl}/v10/channels/1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bot ${TEST_TOKEN}` },
        body: JSON.stringify({
          embeds: [{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2001) }],
        }),
      });
      expect(total.status).toBe(400);
      expect(fake.violations[1]?.errors).toEqual(['embeds total 6001 characters > 6000']);
    } finally {
      await fake.close();
    }
  });
});
