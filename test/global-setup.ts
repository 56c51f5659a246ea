import { compileSpecModule } from './fakes/discord-spec.js';

/** Once per test run, before any worker starts: compile Discord's request schemas the fakes validate with. */
export default function setup(): void {
  compileSpecModule();
}
