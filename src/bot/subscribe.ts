import type { Command, CommandContext } from './command.js';
import { MESSAGES } from './messages.js';
import type { Lang, Message, Reply } from './reply.js';
import { parseTime } from './time.js';
import { resolveTimeZone } from './zones.js';
import type { SubscribeRequest, Subscriptions } from './types.js';

type SubscriptionCommand = Extract<Command, { name: 'subscribe' | 'unsubscribe' | 'status' }>;

/** What the subscription commands need from the bot. */
export interface SubscriptionDeps {
  /** The scheduler, when one runs. */
  subscriptions?: Subscriptions;
  /** Zone for a subscription that names none. */
  defaultTimeZone: string;
}

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];
const MONDAY = [1];

/**
 * Carries out `daily ...` and `discuss weekly ...`. Checks run in the order a user can act on: a DM first
 * (no setting fixes that), then whether scheduling runs at all, then permission, then the arguments.
 */
export async function runSubscriptionCommand(
  command: SubscriptionCommand,
  ctx: CommandContext,
  lang: Lang,
  deps: SubscriptionDeps,
): Promise<Reply> {
  const notice = (level: 'info' | 'warning' | 'error', message: Message): Reply => ({
    kind: 'notice',
    lang,
    level,
    message,
  });
  if (ctx.isDirect) return notice('error', MESSAGES.directMessage);
  const subscriptions = deps.subscriptions;
  if (!subscriptions) return notice('warning', MESSAGES.schedulingOff);

  if (command.name === 'status') {
    const list = await subscriptions.list(ctx.channel);
    return {
      kind: 'subscriptions',
      lang,
      subscriptions: list,
      ...(list.length === 0 ? { message: MESSAGES.noSubscriptions } : {}),
    };
  }
  if (!ctx.canManage) return notice('error', MESSAGES.notAllowed);
  if (command.name === 'unsubscribe') {
    const removed = await subscriptions.unsubscribe(ctx.channel, command.kind);
    return notice('info', MESSAGES.unsubscribed(command.kind, removed));
  }

  // Discord builds this command from raw options, so everything is validated here, not only in the parser.
  const usage = command.kind === 'daily' ? 'daily' : 'weekly';
  const time = parseTime(command.time);
  if (!time.ok) return notice('error', MESSAGES.invalid(time.error, usage));
  // Changing the time of a subscription keeps the zone, days and language it already has; a weekly prompt
  // with no zone of its own follows the channel's daily insight, so one channel keeps one clock.
  const existing = await subscriptions.list(ctx.channel);
  const current = existing.find((s) => s.kind === command.kind);
  const daily = existing.find((s) => s.kind === 'daily');
  const typedZone = (command.timezone ?? '').trim();
  const zone = resolveTimeZone(typedZone || current?.timezone || daily?.timezone || deps.defaultTimeZone);
  if (!zone.ok) return notice('error', MESSAGES.invalid(zone.error.message, usage));
  const days = command.days ?? current?.days ?? (command.kind === 'daily' ? EVERY_DAY : MONDAY);
  if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
    return notice('error', MESSAGES.invalid(MESSAGES.badDays, usage));
  }
  const request: SubscribeRequest = {
    channel: ctx.channel,
    kind: command.kind,
    time: time.value,
    timezone: zone.value.zone,
    days: [...new Set(days)].sort((a, b) => a - b),
    lang: command.lang ?? current?.lang ?? lang,
    createdBy: ctx.user.id,
    // Cards stay on (or off) when only the time changes; `card` / `text` switch them.
    card: command.card ?? current?.card ?? false,
  };
  const result = await subscriptions.subscribe(request);
  if (!result.ok) return notice('error', result.error);
  const view = result.value;
  const from = typedZone && zone.value.from !== undefined ? zone.value.from : undefined;
  const parts = [MESSAGES.subscribed(request.kind, view.time, view.timezone, view.days, from)];
  if (current) parts.push(MESSAGES.replaced(current));
  if (view.heldBack) parts.push(MESSAGES.heldBack(request.kind, view.timezone, view.heldBack));
  return {
    kind: 'subscriptions',
    lang,
    subscriptions: [view],
    message: { zh: parts.map((p) => p.zh).join(''), en: parts.map((p) => p.en).join(' ') },
  };
}
