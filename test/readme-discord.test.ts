// The README's Discord setup must say what the code does: a wrong permissions number in a copied invite URL adds
// the bot without the right to start discussion threads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { discordInviteUrl, INVITE_PERMISSIONS } from '../adapters/discord/register-command.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('## Discord setup'),
  readme.indexOf('\n## ', readme.indexOf('## Discord setup') + 1),
);

describe('README, Discord setup', () => {
  it('documents the invite URL that discord-register prints', () => {
    const documented = [...readme.matchAll(/https:\/\/discord\.com\/oauth2\/authorize\?[^\s`)]+/g)].map(
      (m) => m[0],
    );
    expect(documented.length).toBeGreaterThan(0);
    const printed = discordInviteUrl('APPLICATION_ID').replace('APPLICATION_ID', '<APPLICATION_ID>');
    for (const url of documented) expect(url).toBe(printed);
  });

  it('names exactly the permissions the invite asks for', () => {
    const asked = Object.entries(PermissionFlagsBits)
      .filter(([, bit]) => (INVITE_PERMISSIONS & bit) === bit)
      .map(([name]) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
    const listed = /permissions=\d+`\s*\(([^)]+)\)/.exec(section)?.[1];
    expect(listed, 'the permission list after the invite URL').toBeDefined();
    const named = listed!.split(',').map((p) => p.trim().replace(/\s+/g, ' ').toLowerCase());
    expect(named.sort()).toEqual(asked.sort());
    expect(asked).toContain('create public threads');
  });

  it('says that copying a server id for --guild needs Developer Mode', () => {
    expect(section).toContain('--guild <server id>');
    expect(section).toMatch(/Developer Mode/);
    expect(section).toMatch(/Copy Server ID/);
  });
});
