import type { IncomingMessage, ServerResponse } from 'node:http';

/** The install pages of distribution mode: small, bilingual, self-contained HTML (no scripts, no remote assets). */

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 16px/1.6 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #1d1c1d; }
h1 { font-size: 1.4rem; }
.en { color: #555; }
a.button { display: inline-block; padding: .6rem 1.2rem; background: #4a154b; color: #fff; border-radius: 6px; text-decoration: none; font-weight: 600; }
code { background: #f4f4f4; padding: 0 .25rem; border-radius: 3px; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The pages embed nothing and are never framed (clickjacking an install button).
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
  });
  res.end(html);
}

/** True when the install request asks to skip the page (`?direct=1`). */
export function wantsDirect(req: IncomingMessage): boolean {
  const v = new URL(req.url ?? '/', 'http://x').searchParams.get('direct');
  return v === '1' || v === 'true';
}

/**
 * GET /slack/install: the "Add to Slack" page. Its button comes back to this path with `?direct=1`, which sets
 * the state cookie and redirects to Slack, so the state is fresh when the person actually clicks.
 */
export function sendInstallPage(res: ServerResponse): void {
  send(
    res,
    200,
    page(
      '安装 mingyan 名言 · Add mingyan to Slack',
      `<h1>把 mingyan 名言 添加到 Slack</h1>
<p>周明 2023 年接受晚点 LatePost 采访的原话:搜索、分享、每日一句。</p>
<p class="en">Add mingyan to your Slack workspace: search, share and a daily quote from Zhou Ming's 2023 LatePost interview.</p>
<p><a class="button" href="?direct=1">添加到 Slack · Add to Slack</a></p>
<p class="en">Slack will ask you to pick a workspace and approve the permissions. 需要工作区管理员批准时,Slack 会提示你申请。</p>`,
    ),
  );
}

/** GET /slack/oauth_redirect after a successful install: what to do next. */
export function sendSuccessPage(
  res: ServerResponse,
  where: { teamId?: string; teamName?: string; orgName?: string },
): void {
  const name = escapeHtml(where.teamName ?? where.orgName ?? where.teamId ?? 'Slack');
  const open = where.teamId
    ? `https://app.slack.com/client/${encodeURIComponent(where.teamId)}`
    : 'https://app.slack.com/';
  send(
    res,
    200,
    page(
      '安装成功 · Installed',
      `<h1>mingyan 已安装到 ${name}</h1>
<p class="en">mingyan is installed in ${name}.</p>
<p>下一步:在任意频道输入 <code>/quote 贫穷</code> 试试;邀请机器人进频道(<code>/invite @mingyan</code>)后,用 <code>/quote daily 09:00</code> 订阅每日一句。</p>
<p class="en">Next: type <code>/quote poverty</code> in any channel. Invite the bot to a channel (<code>/invite @mingyan</code>) and subscribe it with <code>/quote daily 09:00</code>. <code>/quote help</code> lists everything.</p>
<p><a class="button" href="${escapeHtml(open)}">打开 Slack · Open Slack</a></p>`,
    ),
  );
}

/** Why an install failed, for the failure page. */
export type InstallFailure = 'cancelled' | 'state' | 'slack';

/** Classifies an error from Bolt's OAuth callback (a CodedError from @slack/oauth, or a Web API error). */
export function classifyInstallError(error: { code?: string; message?: string; data?: { error?: string } }): {
  kind: InstallFailure;
  detail: string;
} {
  const code = error.code ?? '';
  if (code === 'slack_oauth_installer_authorization_error' && /cancel/i.test(error.message ?? ''))
    return { kind: 'cancelled', detail: 'access_denied' };
  if (code === 'slack_oauth_invalid_state' || code === 'slack_oauth_missing_state')
    return { kind: 'state', detail: code };
  return { kind: 'slack', detail: error.data?.error ?? code ?? 'unknown' };
}

/** GET /slack/oauth_redirect after a failed install: what happened and what to do next. */
export function sendFailurePage(res: ServerResponse, kind: InstallFailure, detail: string): void {
  const again = '<p><a class="button" href="install">重新安装 · Start again</a></p>';
  const body =
    kind === 'cancelled'
      ? `<h1>安装已取消</h1>
<p>没有安装任何内容。想安装时,从下面的按钮重新开始。</p>
<p class="en">The install was cancelled; nothing was installed. Start again whenever you like.</p>${again}`
      : kind === 'state'
        ? `<h1>安装链接已过期</h1>
<p>这个安装链接已过期,或是在另一个浏览器中打开的(链接 10 分钟内有效,且须在同一浏览器完成)。请从下面的按钮重新开始。</p>
<p class="en">This install link expired or was opened in another browser (links last 10 minutes and must finish in the browser that started them). Nothing was installed. Start again below.</p>${again}`
        : `<h1>Slack 未完成安装</h1>
<p>Slack 没有接受这次安装(${escapeHtml(detail)}),没有安装任何内容。请重新开始;如果仍然失败,请联系机器人的管理员,日志中有原因。</p>
<p class="en">Slack did not complete the install (${escapeHtml(detail)}); nothing was installed. Start again; if it keeps failing, ask whoever runs the bot: its log says why.</p>${again}`;
  send(res, kind === 'slack' ? 502 : 400, page('安装未完成 · Not installed', body));
}
