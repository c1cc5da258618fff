/**
 * Every route of the hub's API except the reports part (attached with its own store in reports.ts),
 * by subject. A newcomer looking for "help" finds help-machine.ts (the shell's side), help-queue.ts
 * and help-feed.ts (the console's side).
 */
import type { FastifyInstance } from 'fastify';
import { registerAccountRoutes } from './accounts.ts';
import { registerConsoleSessionRoutes } from './console-session.ts';
import type { HubDeps } from './deps.ts';
import { registerEnrolmentRoutes } from './enrolment.ts';
import { registerHelpFeedRoutes } from './help-feed.ts';
import { registerHelpMachineRoutes } from './help-machine.ts';
import { registerHelpQueueRoutes } from './help-queue.ts';
import { registerLessonConsoleRoutes } from './lessons-console.ts';
import { registerLessonMachineRoutes } from './lessons-machine.ts';
import { registerPathLessonRoutes } from './path-lessons.ts';
import { registerMachineFeedRoutes } from './machine-feed.ts';
import { registerPeopleRoutes } from './people.ts';
import { registerProgressMachineRoutes } from './progress-machine.ts';
import { registerOperatorRoutes } from './operator.ts';
import { registerRegisterRoutes } from './register.ts';
import { registerSettingsRoutes } from './settings.ts';
import { registerTileRoutes } from './tiles.ts';
import { registerStudioRoutes } from './studio.ts';
import { registerUpdateConsoleRoutes } from './updates-console.ts';
import { registerUpdateMachineRoutes } from './updates-machine.ts';
import { registerVisitorRoutes } from './visitors.ts';
import { registerWebzineConsoleRoutes } from './webzine-console.ts';
import { registerWebzineMachineRoutes } from './webzine-machine.ts';
import { registerWebzineSiteRoutes } from './webzine-site.ts';

export function registerRoutes(app: FastifyInstance, deps: HubDeps, lessonsDir: string): void {
  // The shell's side, with the machine token
  registerEnrolmentRoutes(app, deps);
  registerHelpMachineRoutes(app, deps);
  registerMachineFeedRoutes(app, deps);
  registerLessonMachineRoutes(app, deps);
  registerUpdateMachineRoutes(app, deps);
  registerProgressMachineRoutes(app, deps);
  // The console's side, with a session
  registerConsoleSessionRoutes(app, deps);
  registerHelpQueueRoutes(app, deps);
  registerHelpFeedRoutes(app, deps);
  registerRegisterRoutes(app, deps);
  registerSettingsRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerLessonConsoleRoutes(app, deps);
  registerUpdateConsoleRoutes(app, deps);
  registerStudioRoutes(app, deps);
  // Following each person (issue 12)
  registerPeopleRoutes(app, deps);
  registerVisitorRoutes(app, deps);
  registerPathLessonRoutes(app, deps, lessonsDir);
  // The hub's operator (several associations), with an operator session
  registerOperatorRoutes(app, deps);
  // Everyday tiles (issue 13)
  registerTileRoutes(app, deps);
  // The neighbourhood webzine (issue 17): the shell's stories, the editorial queue, the public site
  registerWebzineMachineRoutes(app, deps, deps.webzine);
  registerWebzineConsoleRoutes(app, deps, deps.webzine);
  registerWebzineSiteRoutes(app, deps, deps.webzine);
}
