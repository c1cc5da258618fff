/**
 * One line per hub route for the OpenAPI description (document.ts): its subject, what it does, who
 * may call it and the zod schemas of what it takes and answers. A new route: add its line here, with
 * the same method and path as registered — tests/server/openapi.test.ts fails until you do.
 * Roles per console route are in the route × role table (tests/server/roles.test.ts).
 */
import type { z } from 'zod';
import * as acc from '../../app/protocol/accompaniment.ts';
import * as hub from '../../app/protocol/hub.ts';
import * as op from '../../app/protocol/operator.ts';
import * as rep from '../../app/protocol/reports.ts';
import * as tiles from '../../app/protocol/tiles.ts';
import * as upd from '../../app/protocol/updates.ts';
import * as wz from '../../app/protocol/webzine.ts';
import { ResolvedQuery } from '../routes/help-queue.ts';
import { EvaluationQuery, FleetQuery, HistoryQuery } from '../routes/reports-dashboards.ts';

export type Auth = 'none' | 'machine' | 'session' | 'session-write' | 'operator' | 'operator-write' | 'metrics';
type Tag = 'machine' | 'help (machine)' | 'help queue' | 'console session' | 'register' | 'accounts' | 'reports' | 'lessons' | 'updates' | 'people' | 'files' | 'operator' | 'tiles' | 'webzine';

export interface RouteDoc {
  tag: Tag;
  summary: string;
  auth: Auth;
  description?: string;
  body?: z.ZodType;
  /** A body that is not JSON (voice messages, lesson pack archives). */
  rawBody?: string;
  query?: z.ZodType;
  response?: z.ZodType;
  /** A success that is not JSON (files, archives, audio, CSV). */
  contentType?: string;
  responseText?: string;
  /** Success status when not the default (201 for POST, else 200). */
  status?: number;
  websocket?: boolean;
}

type Extra = Omit<RouteDoc, 'tag' | 'summary' | 'auth'>;
const doc = (tag: Tag, auth: Auth) => (summary: string, extra: Extra = {}): RouteDoc => ({ tag, auth, summary, ...extra });
const list = <T extends z.ZodType>(item: T) => (item as z.ZodType).array();

const publicFile = doc('files', 'none');
const machine = doc('machine', 'machine');
const help = doc('help (machine)', 'machine');
const queueRead = doc('help queue', 'session');
const queueWrite = doc('help queue', 'session-write');
const sessionRead = doc('console session', 'session');
const sessionWrite = doc('console session', 'session-write');
const registerRead = doc('register', 'session');
const registerWrite = doc('register', 'session-write');
const accountsRead = doc('accounts', 'session');
const accountsWrite = doc('accounts', 'session-write');
const reportsMachine = doc('reports', 'machine');
const reportsRead = doc('reports', 'session');
const lessonsRead = doc('lessons', 'session');
const lessonsWrite = doc('lessons', 'session-write');
const updatesRead = doc('updates', 'session');
const updatesWrite = doc('updates', 'session-write');
const peopleRead = doc('people', 'session');
const peopleWrite = doc('people', 'session-write');
const tilesRead = doc('tiles', 'session');
const tilesWrite = doc('tiles', 'session-write');
const webzineMachine = doc('webzine', 'machine');
const webzineRead = doc('webzine', 'session');
const webzineWrite = doc('webzine', 'session-write');
const webzineSite = doc('webzine', 'none');

const V = '/api/v1';

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  // ---- files and health of the hub itself
  'GET /livez': publicFile('The hub is up', { contentType: 'application/json' }),
  'GET /': publicFile('Redirects to the console', { status: 302 }),
  'GET /console': publicFile("The helpers' console (a web page)", { contentType: 'text/html' }),
  'GET /console/*': publicFile("The console's files", { contentType: 'application/octet-stream' }),
  'GET /updates/*': publicFile('The release folder (with --updates): signed app feed and packages; ranges, ETag', { contentType: 'application/octet-stream', description: 'The Passerelle-Rollout header says when the operating association paused the rollout.' }),
  'GET /api/openapi.json': publicFile('This description', { contentType: 'application/json' }),
  'GET /metrics': doc('files', 'metrics')('Prometheus metrics (404 without --metrics-token)', { contentType: 'text/plain' }),

  // ---- the hub's operator (above the associations' admins)
  'POST /api/v1/operator/login': doc('operator', 'none')('Signs the operator in', { body: op.OperatorLogin, response: op.OperatorMe, status: 200 }),
  'POST /api/v1/operator/logout': doc('operator', 'operator-write')('Signs the operator out', { status: 204 }),
  'GET /api/v1/operator/me': doc('operator', 'operator')('The signed-in operator and the CSRF token', { response: op.OperatorMe }),
  'GET /api/v1/operator/associations': doc('operator', 'operator')("Associations' names and sizes", { response: op.AssociationSummary.array() }),
  'POST /api/v1/operator/associations': doc('operator', 'operator-write')('Creates an association and its first admin (one-time password answered once)', { body: op.AssociationCreate, response: op.AssociationCreated }),

  // ---- the shell's side (machine token)
  [`POST ${V}/enrol`]: doc('machine', 'none')('Enrols a machine with its one-time code; answers its token', { body: hub.EnrolRequest, response: hub.EnrolResponse, status: 200 }),
  [`GET ${V}/machine/feed`]: machine("The machine's live feed: help statuses, service, kiosk, person, lessons, calls", { websocket: true, response: hub.MachineEvent }),
  [`GET ${V}/machine/content-key`]: machine("The public key that signs the association's lesson index", { response: upd.ContentKeyView }),
  [`GET ${V}/machine/lessons/index`]: machine('The signed lesson index (ETag; 304 when unchanged)', { contentType: 'application/json' }),
  [`GET ${V}/machine/lessons/packs/:id/:version`]: machine('A lesson pack archive (gzipped ustar)', { contentType: 'application/gzip' }),
  [`POST ${V}/machine/update-status`]: machine("The machine's app and lesson versions and the updater's last result", { body: upd.MachineUpdateStatus, response: upd.UpdateStatusAck, status: 200 }),
  [`POST ${V}/machine/consent`]: machine("The person's consent to share progress, as given on the machine", { body: acc.MachineConsent, response: acc.ConsentView, status: 200 }),
  [`POST ${V}/machine/progress`]: machine("A lesson step done by the person on loan (with consent)", { body: acc.ProgressReport, response: acc.ProgressAck }),
  [`POST ${V}/machine/visitor-card`]: machine("A kiosk visitor's card code: resumes their visit", { body: acc.CardResume, response: acc.CardResumeAnswer, status: 200 }),
  [`POST ${V}/help-requests`]: help('Asks for help (a second press while one is open updates it: 200)', { body: hub.HelpRequestSubmit, response: hub.HelpStatus }),
  [`POST ${V}/help-requests/:id/cancel`]: help('Cancels an open help request', { body: hub.HelpCancel, response: hub.HelpStatus, status: 200 }),
  [`PUT ${V}/help-requests/:id/file`]: help('A photo (JPEG, PNG, WebP) or PDF for a help request: up to 3 per request (a 4th: 409), at most 8 MiB each, bytes limited per day (429 + Retry-After); x-file-name: its name, percent-encoded', { rawBody: 'image/jpeg, image/png, image/webp or application/pdf', response: hub.HelpStatus }),
  [`PUT ${V}/help-requests/:id/voice`]: help('A voice message for a help request (one per request, bytes limited per day)', { rawBody: 'audio/*', response: hub.HelpStatus }),
  [`GET ${V}/machine/help-requests`]: help("The machine's open help requests", { response: list(hub.HelpStatus) }),

  // ---- the console's session
  [`POST ${V}/console/login`]: doc('console session', 'none')('Signs in (a one-time password opens a session that can only choose a new one)', { body: hub.LoginRequest, response: hub.Me, status: 200 }),
  [`POST ${V}/console/logout`]: sessionWrite('Signs out (the feed closes at once)', { status: 204 }),
  [`GET ${V}/console/me`]: sessionRead('The signed-in helper and the CSRF token', { response: hub.Me }),
  [`PUT ${V}/console/me/duty`]: sessionWrite('On duty or not', { body: hub.DutyRequest, response: hub.Me }),
  [`PUT ${V}/console/me/first-name`]: sessionWrite('The first name the person helped hears (never "Admin")', { body: hub.FirstNameChange, response: hub.Me, status: 200 }),
  [`PUT ${V}/console/me/photo`]: sessionWrite('The helper photo shown to the person helped', { body: hub.PhotoChange, status: 204 }),
  [`POST ${V}/console/me/password`]: sessionWrite('Chooses a new password', { body: hub.PasswordChange, response: hub.Me, status: 200 }),
  [`GET ${V}/console/presence`]: sessionRead('Helpers on duty', { response: list(hub.PresenceEntry) }),
  [`GET ${V}/console/helpers`]: sessionRead("The association's helpers (for handing a request over)", { contentType: 'application/json' }),

  // ---- the help queue and its feed
  [`GET ${V}/console/help-requests`]: queueRead("The association's open help requests", { response: list(hub.HelpRequestView) }),
  [`GET ${V}/console/help-requests/resolved`]: queueRead('Requests resolved in the last days (1 to 31)', { query: ResolvedQuery, response: list(hub.HelpRequestView) }),
  [`GET ${V}/console/help-requests/:id`]: queueRead('A help request and its journal', { response: hub.HelpRequestDetail }),
  [`POST ${V}/console/help-requests/:id/actions`]: queueWrite('Claims, releases, hands over or resolves a request', { body: hub.HelpActionRequest, response: hub.HelpRequestView, status: 200 }),
  [`POST ${V}/console/help-requests/:id/notes`]: queueWrite('A note in the journal', { body: hub.HelpNoteRequest, response: hub.HelpRequestView }),
  [`GET ${V}/console/help-requests/:id/files/:n`]: queueRead('The photo or document number n (1-3) the person sent with the request (a PDF as a download)', { contentType: 'image/* or application/pdf' }),
  [`GET ${V}/console/help-requests/:id/voice`]: queueRead("The request's voice message", { contentType: 'audio/*' }),
  [`GET ${V}/console/feed`]: queueRead('The live queue and calls (Origin checked)', { websocket: true, response: hub.ConsoleEvent }),

  // ---- the loan register
  [`GET ${V}/console/machines`]: registerRead('Machines', { response: list(hub.MachineView) }),
  [`POST ${V}/console/machines`]: registerWrite('Adds a machine and its first enrolment code', { body: hub.MachineCreate, response: hub.MachineCreated }),
  [`PATCH ${V}/console/machines/:id`]: registerWrite('Changes a machine (mode, cohort, kiosk PIN…)', { body: hub.MachineUpdate, response: hub.MachineView }),
  [`POST ${V}/console/machines/:id/enrolment-code`]: registerWrite('A new enrolment code (says when an old token is still active)', { response: hub.EnrolmentCodeView }),
  [`POST ${V}/console/machines/:id/retire`]: registerWrite('Retires a machine: its token is refused and its feed closes', { response: hub.MachineView, status: 200 }),
  [`GET ${V}/console/machines/:id/history`]: registerRead("A machine's help history", { contentType: 'application/json' }),
  [`GET ${V}/console/beneficiaries`]: registerRead('Beneficiaries', { response: list(hub.BeneficiaryView) }),
  [`POST ${V}/console/beneficiaries`]: registerWrite('Adds a beneficiary', { body: hub.BeneficiaryCreate, response: hub.BeneficiaryView }),
  [`PATCH ${V}/console/beneficiaries/:id`]: registerWrite('Changes a beneficiary', { body: hub.BeneficiaryUpdate, response: hub.BeneficiaryView }),
  [`GET ${V}/console/beneficiaries/:id/history`]: registerRead("A beneficiary's help history", { contentType: 'application/json' }),
  [`GET ${V}/console/loans`]: registerRead('Loans (?active=true: current ones)', { response: list(hub.LoanView) }),
  [`POST ${V}/console/loans`]: registerWrite('Lends a machine to a beneficiary', { body: hub.LoanCreate, response: hub.LoanView }),
  [`POST ${V}/console/loans/:id/end`]: registerWrite('Ends a loan', { response: hub.LoanView, status: 200 }),
  [`GET ${V}/console/settings`]: registerRead("The association's settings (help phone number…)", { response: hub.AssociationSettings }),
  [`PUT ${V}/console/settings`]: registerWrite("Changes the association's settings", { body: hub.AssociationSettingsUpdate, response: hub.AssociationSettings }),

  // ---- accounts
  [`GET ${V}/console/accounts`]: accountsRead("The association's helper accounts", { response: list(hub.AccountView) }),
  [`POST ${V}/console/accounts`]: accountsWrite('Creates an account with a one-time password', { body: hub.AccountCreate, response: hub.TemporaryPassword }),
  [`PATCH ${V}/console/accounts/:id`]: accountsWrite('Changes an account (role, disabled: its sessions end at once)', { body: hub.AccountUpdate, response: hub.AccountView }),
  [`POST ${V}/console/accounts/:id/password-reset`]: accountsWrite('A new one-time password (sessions end)', { response: hub.TemporaryPassword, status: 200 }),

  // ---- reports
  [`POST ${V}/reports/health`]: reportsMachine('A hardware-health report (idempotent by id; 503 busy with Retry-After)', { body: rep.HealthSubmit, response: rep.IngestAck }),
  [`POST ${V}/reports/usage`]: reportsMachine("A day's anonymous usage counts (one batch per machine and day)", { body: rep.UsageBatch, response: rep.IngestAck }),
  [`GET ${V}/console/fleet`]: reportsRead('Every machine with its health verdicts', { query: FleetQuery, response: rep.FleetView }),
  [`GET ${V}/console/fleet/:id/history`]: reportsRead("One machine's health history", { query: HistoryQuery, response: rep.MachineHistory }),
  [`GET ${V}/console/fleet/:id/glpi.json`]: reportsRead('One machine as GLPI native inventory', { contentType: 'application/json' }),
  [`GET ${V}/console/fleet/glpi.zip`]: reportsRead("Every reported machine for GLPI's import", { contentType: 'application/zip' }),
  [`GET ${V}/console/evaluation`]: reportsRead('Anonymous usage figures (k ≥ 5)', { query: EvaluationQuery, response: rep.EvaluationView }),
  [`GET ${V}/console/evaluation.csv`]: reportsRead('The same figures as CSV', { query: EvaluationQuery, contentType: 'text/csv' }),

  // ---- lessons and updates
  [`GET ${V}/console/lessons`]: lessonsRead('Lesson packs and their versions', { response: upd.LessonsView }),
  [`POST ${V}/console/lessons/packs`]: lessonsWrite("Publishes a lesson pack for the association (checked like lessons:check)", { rawBody: 'application/gzip', response: upd.PackVersionView }),
  [`GET ${V}/console/updates`]: updatesRead("Release, rollout and machines' update statuses", { response: upd.UpdatesView }),
  [`PUT ${V}/console/updates/rollout`]: updatesWrite('Pauses or resumes the app rollout', { body: upd.RolloutUpdate, response: upd.RolloutView }),

  // ---- following each person
  [`GET ${V}/console/people`]: peopleRead('People followed (beneficiaries and kiosk visitors)', { response: list(acc.PersonSummary) }),
  [`GET ${V}/console/people/:id`]: peopleRead('A person: path, goals, notes, follow-ups, progress with consent', { response: acc.PersonDetail }),
  [`GET ${V}/console/people/:id/access-report`]: peopleRead('Everything kept about a person (right of access)', { contentType: 'application/json' }),
  [`GET ${V}/console/people/:id/suggestions`]: peopleRead('Next lessons to suggest', { response: list(acc.Suggestion) }),
  [`PUT ${V}/console/people/:id/path`]: peopleWrite("The person's path", { body: acc.PathUpdate, contentType: 'application/json' }),
  [`POST ${V}/console/people/:id/goals`]: peopleWrite('A goal in words', { body: acc.GoalCreate, response: acc.GoalView }),
  [`POST ${V}/console/people/:id/goals/voice`]: peopleWrite("A goal in the person's voice", { rawBody: 'audio/*', response: acc.GoalView }),
  [`GET ${V}/console/people/:id/goals/:goalId/voice`]: peopleRead("A goal's recording", { contentType: 'audio/*' }),
  [`DELETE ${V}/console/people/:id/goals/:goalId`]: peopleWrite('Removes a goal', { status: 204 }),
  [`POST ${V}/console/people/:id/notes`]: peopleWrite('A note about the person', { body: acc.NoteCreate, response: acc.NoteView }),
  [`POST ${V}/console/people/:id/followups`]: peopleWrite('A follow-up to plan', { body: acc.FollowupCreate, response: acc.FollowupView }),
  [`PUT ${V}/console/people/:id/consent`]: peopleWrite('Consent recorded with the person', { body: acc.ConsentUpdate, response: acc.ConsentView }),
  [`GET ${V}/console/followups/due`]: peopleRead('Follow-ups due (?today=YYYY-MM-DD)', { response: list(acc.FollowupDue) }),
  [`POST ${V}/console/visitors`]: peopleWrite('A kiosk visitor to follow', { body: acc.VisitorCreate, response: acc.PersonSummary }),
  [`PATCH ${V}/console/visitors/:id`]: peopleWrite('Changes a visitor', { body: acc.VisitorUpdate, response: acc.PersonSummary }),
  [`POST ${V}/console/visitors/:id/card`]: peopleWrite("A new card code for the visitor", { contentType: 'application/json' }),
  [`DELETE ${V}/console/visitors/:id`]: peopleWrite('Forgets a visitor', { status: 204 }),
  [`GET ${V}/console/path-lessons`]: peopleRead('Lessons a path may name', { response: list(acc.CatalogueLesson) }),
  [`GET ${V}/console/path-lessons/:id/picture`]: peopleRead("A lesson's picture", { contentType: 'image/svg+xml' }),
  [`GET ${V}/console/tiles`]: tilesRead("The home screens' tiles: the association's defaults, each place's and each person's", { contentType: 'application/json' }),
  [`PUT ${V}/console/tiles/defaults`]: tilesWrite("The association's default tiles (null: the built-in set)", { body: tiles.TilesUpdate, contentType: 'application/json', status: 200 }),
  [`PUT ${V}/console/tiles/people/:id`]: tilesWrite("A person's tiles (null: the defaults)", { body: tiles.TilesUpdate, contentType: 'application/json', status: 200 }),
  [`PUT ${V}/console/tiles/places/:cohort`]: tilesWrite("A kiosk place's tiles (null: the defaults)", { body: tiles.TilesUpdate, contentType: 'application/json', status: 200 }),
  [`GET ${V}/console/studio/lessons`]: lessonsRead('The lessons to record, with the recorded sentences per language', { contentType: 'application/json' }),
  [`GET ${V}/console/studio/lessons/:id/:language`]: lessonsRead("A lesson's sentences to read in a language, with their recordings", { contentType: 'application/json' }),
  [`POST ${V}/console/studio/lessons/:id/:language/:key/recordings`]: lessonsWrite('A recording of one sentence (raw WAV): trimmed, normalised, flagged', { rawBody: 'audio/wav', contentType: 'application/json' }),
  [`GET ${V}/console/studio/recordings/:id/audio`]: lessonsRead('What the hub made of a recording (Ogg Vorbis)', { contentType: 'audio/ogg' }),
  [`POST ${V}/console/studio/recordings/:id/approve`]: lessonsWrite("Approves another helper's recording: the lesson's new version is published", { contentType: 'application/json', status: 200 }),
  [`POST ${V}/console/studio/recordings/:id/reject`]: lessonsWrite('Refuses a recording', { contentType: 'application/json', status: 200 }),

  // ---- the neighbourhood webzine (issue 17)
  [`POST ${V}/machine/webzine/stories`]: webzineMachine('A story told on the shell: 16 kHz mono WAV voice (≤ 3 min), optional dictated title (≤ 15 s) and JPEG photo, base64, with the consent; idempotent on its id', { body: wz.StorySubmit, response: wz.MachineStoryStatus, description: 'The photo is stored without any metadata segment; the voice is normalised into MP3 by sox.' }),
  [`GET ${V}/machine/webzine/stories`]: webzineMachine("This machine's stories and where each stands (a decline's reason)", { response: list(wz.MachineStoryStatus) }),
  [`POST ${V}/machine/webzine/stories/:id/withdraw`]: webzineMachine('The person withdraws a story: off the queue or off the journal at once', { response: wz.MachineStoryStatus, status: 200 }),
  [`GET ${V}/machine/webzine/published`]: webzineMachine("The association's published stories, for the shell's journal tile", { response: list(wz.PublishedStory) }),
  [`GET ${V}/console/webzine/stories`]: webzineRead('The editorial queue (?state=submitted, published, declined, withdrawn or all)', { response: list(wz.StoryView) }),
  [`GET ${V}/console/webzine/stories/:id`]: webzineRead('One story', { response: wz.StoryView }),
  [`GET ${V}/console/webzine/stories/:id/media/:media`]: webzineRead("A story's voice, dictated title (MP3) or photo (JPEG)", { contentType: 'application/octet-stream' }),
  [`PATCH ${V}/console/webzine/stories/:id`]: webzineWrite('Transcription, title, signature, photo description, issue, section, agreement of the people on the photo', { body: wz.StoryEdit, response: wz.StoryView }),
  [`POST ${V}/console/webzine/stories/:id/publish`]: webzineWrite('Publishes a story (409 with what is missing); the journal is rebuilt', { response: wz.StoryView, status: 200 }),
  [`POST ${V}/console/webzine/stories/:id/decline`]: webzineWrite('Declines a story with a reason the shell says aloud; its voice, photo and words are forgotten', { body: wz.StoryDecline, response: wz.StoryView, status: 200 }),
  [`POST ${V}/console/webzine/stories/:id/withdraw`]: webzineWrite("Withdraws a story on the person's behalf", { response: wz.StoryView, status: 200 }),
  [`GET ${V}/console/webzine/issues`]: webzineRead("The journal's issues", { response: list(wz.WebzineIssue) }),
  [`POST ${V}/console/webzine/issues`]: webzineWrite('A new issue, numbered next', { body: wz.WebzineIssueCreate, response: wz.WebzineIssue }),
  [`POST ${V}/console/webzine/read-back`]: webzineWrite('The transcription read back by espeak-ng', { body: wz.ReadBack, contentType: 'audio/wav', status: 200 }),
  'GET /webzine': webzineSite("Redirects to the signed-in helper's association's journal (else the hub's own), in the edition the browser's Accept-Language asks for (fr, en, ar)", { status: 302 }),
  'GET /webzine/': webzineSite("Redirects to the signed-in helper's association's journal (else the hub's own), in the edition the browser's Accept-Language asks for (fr, en, ar)", { status: 302 }),
  'GET /webzine/:association': webzineSite('Redirects to the same address with a slash', { status: 301 }),
  'GET /webzine/:association/*': webzineSite("An association's journal: static HTML and CSS (no script), photos, MP3, feed.xml (RSS 2.0); French at the root, en/ and ar/ editions (right to left) with their own feed", { contentType: 'text/html' }),
};
