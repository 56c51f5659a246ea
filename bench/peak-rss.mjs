// Preloaded (node --import) into every process a start-up benchmark runs: on exit, appends one JSON line with the
// process's arguments, peak resident memory and CPU time to the file named by MINGYAN_BENCH_RSS_FILE.
import { appendFileSync } from 'node:fs';

const file = process.env.MINGYAN_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    appendFileSync(
      file,
      `${JSON.stringify({
        argv: process.argv.slice(1),
        maxRssKb: usage.maxRSS,
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      })}\n`,
    );
  });
}
