import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { e2ePort, expect, query, test } from './fixtures';
import { discoverRoutes } from './matrix-routes';
import { idOf, insertActivation, insertAnnouncement, insertAttachment, insertAudience, insertMail, insertRequest, personId, sessionFor } from './matrix-seed';

/**
 * The route × role × organisation matrix (issue 7, docs/decisions/0300-security-hardening.md).
 *
 * Every page and route handler of the app (read from app/ at test time: e2e/matrix-routes.ts)
 * is requested over real HTTP from the production build by eleven people, each with a session
 * written straight into auth_session (no browser, no UI: fast), with real items of each
 * organisation in the dynamic segments. The table below is the expected answer per cell. A new
 * page or route handler without a row fails "every route has rows"; a row for a route that no
 * longer exists fails too. Server actions have their matrix in lib/authz/action-matrix.test.ts.
 *
 * Cells:  200 403 404 405 …  the status;   in  a redirect to /sign-in;   →/path  a redirect to /path.
 * Columns:
 *   anon      no session                        admin     王磊 admin
 *   emp       刘洋, plain employee (Assembly 1)  pAdmA     陈刚, partner admin of 恒通 (org A)
 *   headIn    张伟, head of Production           pMemA     周丽, member of 恒通 (org A)
 *   headOut   宋佳, head of Sales (other tree)   pMemB     吴芳, member of 华联 (org B)
 *   comms     李娜, communications officer       susp      member of a suspended organisation
 *   deact     赵敏, deactivated employee (a session row still exists)
 * Items (@variant): internal = demo item to every employee; production = demo item to the
 * Production tree; sharedA = demo item to Procurement + org A; sharedB = item to org B only;
 * personal = item addressed only to 刘洋 by name; fileX = an attachment of that item; orgA/orgB =
 * partner organisations; empP / pMemAP / deactP (deactivated) = people; plan / activation = emergency plan and its
 * activation; mail = a mail in the outbox; meeting = a meeting 张伟 organises, 刘洋 and 周丽 (org A)
 * attend (admins see every meeting), fileMeeting = its agenda document; byUnit = the list by unit;
 * kbSpace / kbFolderProd / kbFolderA / kbArticle / kbArticleProd / kbArticleA = a knowledge space
 * of 张伟's, its Production-only folder and its folder shared with org A, an article in each (seedKb).
 * MATRIX_RECORD=1 prints what the server answered in this format (for reviewing a new row).
 */
const WHO = ['anon', 'emp', 'headIn', 'headOut', 'comms', 'admin', 'pAdmA', 'pMemA', 'pMemB', 'susp', 'deact'] as const;
type Who = (typeof WHO)[number];

const MATRIX = `
route                                       | anon  | emp   | headIn | headOut | comms | admin | pAdmA | pMemA | pMemB | susp  | deact
GET /                                       | in    | 200   | 200   | 200   | 200   | 200   | →/partner | →/partner | →/partner | in    | in
GET /admin                                  | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/audit                            | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/audit/export                     | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | 401   | 401
GET /admin/integrations                     | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/org                              | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/partners                         | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/partners/[id] @orgA              | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/partners/[id] @orgB              | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/partners/[id] @bogus             | in    | 403   | 403   | 403   | 403   | 404   | 404   | 404   | 404   | in    | in
GET /admin/partners/new                     | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/people                           | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/people/[id] @empP                | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/people/[id] @pMemAP              | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/people/import                    | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/people/import/template           | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | 401   | 401
GET /admin/people/new                       | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/people/settings                  | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /announcements                          | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | in    | in
GET /announcements/[id] @internal           | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /announcements/[id] @production         | in    | 200   | 200   | 404   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /announcements/[id] @sharedA            | in    | 404   | 404   | 404   | 200   | 200   | 200   | 200   | 404   | in    | in
GET /announcements/[id] @sharedB            | in    | 404   | 404   | 404   | 200   | 200   | 404   | 404   | 200   | in    | in
GET /announcements/[id] @personal           | in    | 200   | 404   | 404   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /announcements/[id] @missing            | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /announcements/[id]/reach @production   | in    | 403   | 200   | 404   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /announcements/[id]/reach @sharedA      | in    | 404   | 404   | 404   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /announcements/[id]/reach @personal     | in    | 403   | 404   | 404   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /announcements/[id]/responses @requestProduction| in | 403   | 200   | 404   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /announcements/[id]/responses @requestSharedA| in   | 404   | 404   | 404   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /announcements/[id]/responses @production | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /announcements/[id]/responses/export @requestProduction| in | 403 | 200 | 404   | 200   | 200   | 404   | 404   | 404   | 401   | 401
GET /announcements/[id]/responses/export @requestSharedA| in | 404 | 404 | 404   | 200   | 200   | 404   | 404   | 404   | 401   | 401
GET /announcements/[id]/reach/export @production| in    | 403   | 200   | 404   | 200   | 200   | 404   | 404   | 404   | 401   | 401
GET /announcements/[id]/reach/export @sharedB| in    | 404   | 404   | 404   | 200   | 200   | 404   | 404   | 404   | 401   | 401
GET /announcements/approvals                | in    | 403   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /announcements/new                      | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /announcements/templates                | in    | 403   | 403   | 403   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /api/auth/[...nextauth] @session        | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200
GET /api/auth/[...nextauth] @partnerCallback| 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404
POST /api/auth/[...nextauth] @partnerSignIn | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404
POST /api/auth/partner/confirm @crossSite   | 403   | 403   | 403   | 403   | 403   | 403   | 403   | 403   | 403   | 403   | 403
GET /api/files/[id] @fileInternal           | 401   | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | 401   | 401
GET /api/files/[id] @fileA                  | 401   | 404   | 404   | 404   | 200   | 200   | 200   | 200   | 404   | 401   | 401
GET /api/files/[id] @fileB                  | 401   | 404   | 404   | 404   | 200   | 200   | 404   | 404   | 200   | 401   | 401
GET /api/files/[id] @filePersonal           | 401   | 200   | 404   | 404   | 200   | 200   | 404   | 404   | 404   | 401   | 401
GET /api/files/[id] @fileMeeting            | 401   | 200   | 200   | 404   | 404   | 200   | 404   | 200   | 404   | 401   | 401
POST /api/files/[id] @fileInternal          | 405   | 405   | 405   | 405   | 405   | 405   | 405   | 405   | 405   | 405   | 405
GET /api/health                             | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200
POST /api/webhooks/resend                   | 400   | 400   | 400   | 400   | 400   | 400   | 400   | 400   | 400   | 400   | 400
# The integration API (/api/v1): a session is not a token — everyone without "Authorization: Bearer plz_…" gets 401 token_missing
# (tokens, scopes, expiry and revocation: lib/integrations/integrations.test.ts and lib/orders/import.test.ts).
GET /api/v1/orders                          | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401
POST /api/v1/orders                         | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401
GET /api/v1/orders/[id] @missing            | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401
PUT /api/v1/orders/[id] @missing            | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401
GET /api/v1/orders/[id]/confirmations @missing| 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401
GET /api/v1/orders/[id]/delays @missing     | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401
POST /api/v1/orders/[id]/send @missing      | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401
POST /api/v1/orders/import                  | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401   | 401
GET /api/pickers/[kind] @person             | 401   | 200   | 200   | 200   | 200   | 200   | empty | empty | empty | 401   | 401
GET /api/pickers/[kind] @unit               | 401   | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | 401   | 401
GET /api/pickers/[kind] @partnerOrg         | 401   | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | 401   | 401
GET /api/pickers/[kind] @partnerPersonA     | 401   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 404   | 401   | 401
GET /api/pickers/[kind] @partnerPersonB     | 401   | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 200   | 401   | 401
GET /api/pickers/[kind] @bogusKind          | 401   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 401   | 401
GET /directory                              | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /emergency                              | in    | 403   | 403   | 403   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /emergency/activations/[id] @activation | in    | 403   | 403   | 403   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /emergency/plans/[id] @plan             | in    | 403   | 403   | 403   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /emergency/plans/new                    | in    | 403   | 403   | 403   | 200   | 200   | 404   | 404   | 404   | in    | in
# /outbox: admins only (issue 7 item 1); the quick-start demo opens it to signed-in people, the e2e server does not.
GET /outbox                                 | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /outbox/[id] @mail                      | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /org                                    | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /people/[id] @empP                      | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /people/[id] @deactP                    | in    | 404   | 404   | 404   | 404   | 200   | 404   | 404   | 404   | in    | in
GET /people/[id] @pMemAP                    | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /people/[id] @missing                   | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /people/[id] @bogus                     | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /quick-links                            | in    | 403   | 403   | 403   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /quick-links/[id] @quickLink            | in    | 403   | 403   | 403   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /quick-links/[id] @bogus                | in    | 403   | 403   | 403   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /partner                                | →/partner/sign-in | 404   | 404   | 404   | 404   | 404   | 200   | 200   | 200   | in    | in
GET /partner/sign-in                        | 200   | →/    | →/    | →/    | →/    | →/    | →/partner | →/partner | →/partner | 200   | 200
GET /partner/sign-in/confirm                | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200
GET /partner/sign-in/expired                | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200
GET /partner/team                           | →/partner/sign-in | 404   | 404   | 404   | 404   | 404   | 200   | 404   | 404   | in    | in
GET /profile                                | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | in    | in
# New areas (knowledge base, meetings, tasks, notifications, customer requests, supplier orders): sign-in gating and refusals per role;
# ids that do not exist (@missing) answer 404 to everyone allowed into the area. Per-organisation items: each area's own tests.
GET /admin/notifications                    | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/channels                         | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /admin/requests                         | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
POST /api/uploads/kb-articles/[id] @missingUpload| 401   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 401   | 401
POST /api/uploads/kb-articles/[id] @crossSiteUpload| 401   | 403   | 403   | 403   | 403   | 403   | 403   | 403   | 403   | 401   | 401
GET /kb                                     | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | in    | in
GET /kb/articles/[id] @missing              | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id] @kbArticle            | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id] @kbArticleProd        | in    | 200   | 200   | 404   | 404   | 200   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id] @kbArticleA           | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 404   | in    | in
GET /kb/articles/[id]/acks @missing         | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id]/acks @kbArticle       | in    | 403   | 200   | 403   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id]/acks @kbArticleA      | in    | 403   | 404   | 403   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id]/compare @missing      | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id]/compare @kbArticleProd| in    | 200   | 200   | 404   | 404   | 200   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id]/compare @kbArticleA   | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 404   | in    | in
GET /kb/articles/[id]/edit @missing         | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id]/edit @kbArticle       | in    | 403   | 200   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id]/edit @kbArticleA      | in    | 403   | 200   | 403   | 403   | 200   | 200   | 200   | 404   | in    | in
GET /kb/articles/[id]/history @missing      | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id]/history @kbArticleProd| in    | 200   | 200   | 404   | 404   | 200   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id]/history @kbArticleA   | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 404   | in    | in
GET /kb/articles/[id]/versions/[version] @missing| in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id]/versions/[version] @kbArticleProd| in    | 200   | 200   | 404   | 404   | 200   | 404   | 404   | 404   | in    | in
GET /kb/articles/[id]/versions/[version] @kbArticleA| in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 404   | in    | in
GET /kb/articles/new                        | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/folders/[id] @missing               | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/folders/[id] @kbFolderProd          | in    | 200   | 200   | 404   | 404   | 200   | 404   | 404   | 404   | in    | in
GET /kb/folders/[id] @kbFolderA             | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 404   | in    | in
GET /kb/folders/[id]/settings @missing      | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/folders/[id]/settings @kbFolderProd | in    | 403   | 200   | 404   | 404   | 200   | 404   | 404   | 404   | in    | in
GET /kb/folders/[id]/settings @kbFolderA    | in    | 403   | 200   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /kb/folders/new                         | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/new                                 | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /kb/spaces/[id] @missing                | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/spaces/[id] @kbSpace                | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 404   | in    | in
GET /kb/spaces/[id]/settings @missing       | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/spaces/[id]/settings @kbSpace       | in    | 403   | 200   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /kb/spaces/[id]/import @missing         | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /kb/spaces/[id]/import @kbSpace         | in    | 403   | 200   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /meetings                               | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | in    | in
GET /meetings @byUnit                       | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | in    | in
GET /meetings/[id] @missing                 | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /meetings/[id] @meeting                 | in    | 200   | 200   | 404   | 404   | 200   | 404   | 200   | 404   | in    | in
GET /meetings/[id]/edit @missing            | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /meetings/[id]/edit @meeting            | in    | 403   | 200   | 404   | 404   | 403   | 404   | 403   | 404   | in    | in
GET /meetings/[id]/invite.ics @missing      | 401   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 401   | 401
GET /meetings/[id]/invite.ics @meeting      | 401   | 200   | 200   | 404   | 404   | 200   | 404   | 200   | 404   | 401   | 401
GET /meetings/[id]/minutes @missing         | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /meetings/[id]/minutes @meeting         | in    | 403   | 200   | 404   | 404   | 403   | 404   | 404   | 404   | in    | in
GET /meetings/new                           | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /notifications                          | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | in    | in
GET /orders                                 | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /orders/[id] @missing                   | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /orders/[id]/edit @missing              | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /orders/at-risk                         | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /orders/import                          | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /orders/export                          | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | 401   | 401
GET /orders/new                             | in    | 403   | 403   | 403   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /orders/suppliers/[id] @orgA            | in    | 403   | 403   | 403   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /orders/suppliers/[id] @missing         | in    | 403   | 403   | 403   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /partner/orders                         | →/partner/sign-in | 403   | 403   | 403   | 403   | 403   | 200   | 200   | 404   | in    | in
GET /partner/orders/[id] @missing           | →/partner/sign-in | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /partner/orders/confirmers              | →/partner/sign-in | 403   | 403   | 403   | 403   | 403   | 200   | 404   | 404   | in    | in
GET /partner/orders/export                  | →/partner/sign-in | 403   | 403   | 403   | 403   | 403   | 200   | 200   | 404   | 401   | 401
GET /partner/requests                       | →/partner/sign-in | 403   | 403   | 403   | 403   | 403   | 404   | 404   | 200   | in    | in
GET /partner/requests/[id] @missing         | →/partner/sign-in | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /partner/requests/new                   | →/partner/sign-in | 403   | 403   | 403   | 403   | 403   | 404   | 404   | 200   | in    | in
GET /profile/notifications                  | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | in    | in
GET /requests                               | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /requests/[id] @missing                 | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /requests/figures                       | in    | 403   | 200   | 200   | 403   | 200   | 404   | 404   | 404   | in    | in
GET /requests/saved-replies                 | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /requests/figures/export                | in    | 403   | 200   | 200   | 403   | 200   | 404   | 404   | 404   | 401   | 401
GET /search                                 | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | in    | in
GET /tasks                                  | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | in    | in
GET /tasks/[id] @missing                    | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /tasks/[id]/edit @missing               | in    | 404   | 404   | 404   | 404   | 404   | 404   | 404   | 404   | in    | in
GET /tasks/board                            | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | in    | in
GET /tasks/figures                          | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | in    | in
GET /tasks/figures/export                   | in    | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 401   | 401
GET /tasks/new                              | in    | 200   | 200   | 200   | 200   | 200   | 404   | 404   | 404   | in    | in
GET /unsubscribe                            | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200
GET /unsubscribe/one-click                  | →/unsubscribe | →/unsubscribe | →/unsubscribe | →/unsubscribe | →/unsubscribe | →/unsubscribe | →/unsubscribe | →/unsubscribe | →/unsubscribe | →/unsubscribe | →/unsubscribe
POST /unsubscribe/one-click                 | 400   | 400   | 400   | 400   | 400   | 400   | 400   | 400   | 400   | 400   | 400
GET /sign-in                                | 200   | →/    | →/    | →/    | →/    | →/    | →/partner | →/partner | →/partner | 200   | 200
GET /sign-in/error                          | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200
GET /sign-in/refused                        | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200   | 200
`;

type Row = { method: string; pattern: string; variant: string | null; expected: Record<Who, string> };

function parseMatrix(text: string): Row[] {
  const lines = text.trim().split('\n').slice(1).filter((l) => !l.startsWith('#'));
  return lines.map((line) => {
    const cells = line.split('|').map((c) => c.trim());
    const m = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)(?:\s+@(\S+))?$/.exec(cells[0]);
    if (!m || cells.length !== WHO.length + 1) throw new Error(`matrix row malformed: ${line}`);
    const expected = Object.fromEntries(WHO.map((w, i) => [w, cells[i + 1]])) as Record<Who, string>;
    return { method: m[1], pattern: m[2], variant: m[3] ?? null, expected };
  });
}

const rows = parseMatrix(MATRIX);
const base = `http://localhost:${e2ePort}`;

test.describe('route × role × organisation matrix', () => {
  test('every page and route handler has rows, and every row is a route that exists', () => {
    const routes = discoverRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const have = new Set(rows.map((r) => `${r.method} ${r.pattern}`));
    const missing = routes.filter((r) => !have.has(`${r.method} ${r.pattern}`)).map((r) => `${r.method} ${r.pattern}   (${r.file}) — add its rows to MATRIX in e2e/matrix.spec.ts`);
    expect(missing, 'routes without rows').toEqual([]);
    const patterns = new Set(routes.map((r) => r.pattern));
    // Rows may add methods a handler does not export (405 expected), never routes that do not exist.
    const stale = rows.filter((r) => !patterns.has(r.pattern)).map((r) => `${r.method} ${r.pattern}`);
    expect(stale, 'rows for routes that no longer exist').toEqual([]);
  });

  test('every cell answers as the table says', async () => {
    test.setTimeout(240_000);
    const ids = await seed();
    const cookies = await sessions();
    const contexts = Object.fromEntries(
      await Promise.all(WHO.map(async (w) => [w, await playwrightRequest.newContext({
        baseURL: base,
        extraHTTPHeaders: {
          ...(cookies[w] ? { cookie: `authjs.session-token=${cookies[w]}` } : {}),
          accept: 'text/html,application/json;q=0.9,*/*;q=0.8',
          'accept-language': 'en',
        },
      })] as const)),
    ) as Record<Who, APIRequestContext>;

    const observed: { row: Row; got: Record<Who, string> }[] = [];
    const failures: string[] = [];
    // Eleven people at a time, one row after another: small enough for a shared 2-core machine.
    for (const row of rows) {
      const target = fill(row, ids);
      const got = Object.fromEntries(
        await Promise.all(WHO.map(async (w) => [w, await outcome(contexts[w], row.method, target)] as const)),
      ) as Record<Who, string>;
      observed.push({ row, got });
      for (const w of WHO) {
        if (got[w] !== row.expected[w]) failures.push(`${row.method} ${row.pattern}${row.variant ? ` @${row.variant}` : ''} as ${w}: expected ${row.expected[w]}, got ${got[w]}  (${target.path})`);
      }
    }
    if (process.env.MATRIX_RECORD) {
      console.log(observed.map(({ row, got }) => `${`${row.method} ${row.pattern}${row.variant ? ` @${row.variant}` : ''}`.padEnd(44)}| ${WHO.map((w) => got[w].padEnd(5)).join(' | ')}`).join('\n'));
    }
    // Lists leak nothing the table hides: an item whose page answers 404 to a person is not
    // named on that person's announcement list or home page either.
    const titles: Record<string, string> = { internal: ids.titles.internal, production: ids.titles.production, sharedA: ids.titles.sharedA, sharedB: ids.titles.sharedB, personal: ids.titles.personal };
    for (const w of WHO.filter((x) => !['anon', 'susp', 'deact'].includes(x))) {
      const hidden = rows.filter((r) => r.pattern === '/announcements/[id]' && r.variant && r.variant in titles && r.expected[w] === '404').map((r) => titles[r.variant!]);
      const shown = rows.filter((r) => r.pattern === '/announcements/[id]' && r.variant && r.variant in titles && r.expected[w] === '200').map((r) => titles[r.variant!]);
      const list = await (await contexts[w].get('/announcements', { failOnStatusCode: false })).text();
      for (const title of hidden) if (list.includes(title)) failures.push(`${w} sees "${title}" on /announcements`);
      for (const title of shown) if (!list.includes(title)) failures.push(`${w} does not see "${title}" on /announcements (the list check would prove nothing)`);
    }
    await Promise.all(Object.values(contexts).map((c) => c.dispose()));
    expect(failures).toEqual([]);
  });
});

type Ids = Awaited<ReturnType<typeof seed>>;
type Target = { path: string; body?: Record<string, string>; headers?: Record<string, string> };

async function seed() {
  const run = Date.now().toString(36);
  const liNa = await personId('li.na@xinghai.example');
  const liuYang = await personId('liu.yang@xinghai.example');
  const orgA = await idOf('partner_org', 'name', '恒通精密零件有限公司');
  const orgB = await idOf('partner_org', 'name', '华联商贸有限公司');
  const unit = (name: string) => idOf('org_unit', 'name', name);
  // The quick start's three sample items and its plan (db/seed/demo-content.ts; the e2e server seeds only people).
  const internal = await insertAnnouncement({ title: `Matrix: to every employee ${run}`, body: 'Internal.', authorId: liNa, rules: [{ kind: 'everyone' }] });
  const production = await insertAnnouncement({ title: `Matrix: to Production ${run}`, body: 'Production only.', authorId: liNa, rules: [{ kind: 'unit', unitId: await unit('生产部') }] });
  const sharedA = await insertAnnouncement({ title: `Matrix: Procurement and Hengtong ${run}`, body: 'Shared with org A.', authorId: liNa, rules: [{ kind: 'unit', unitId: await unit('采购部') }, { kind: 'partner_org', partnerOrgId: orgA }] });
  const sharedB = await insertAnnouncement({ title: `Matrix: for Hualian only ${run}`, body: 'For org B.', authorId: liNa, rules: [{ kind: 'partner_org', partnerOrgId: orgB }] });
  const personal = await insertAnnouncement({ title: `Matrix: for Liu Yang only ${run}`, body: 'Personal.', authorId: liNa, rules: [{ kind: 'person', personId: liuYang }] });
  const planAudience = await insertAudience(await Promise.all(['设备维修部', '生产部', '仓储部'].map(async (n) => ({ kind: 'unit' as const, unitId: await unit(n) }))));
  const [plan] = await query<{ id: string }>(
    `insert into emergency_plan (name, audience_id, origin_unit_id, title, body_md, ack_required, created_by) values ($4, $1, $2, 'Matrix plan', '{{details}}', true, $3) returning id`,
    [planAudience, await unit('生产部'), liNa, `Matrix plan ${run}`]);
  const { activationId } = await insertActivation(plan.id, liNa, 'Matrix drill');
  return {
    internal, production, sharedA, sharedB, personal, orgA, orgB, liuYang,
    titles: { internal: `Matrix: to every employee ${run}`, production: `Matrix: to Production ${run}`, sharedA: `Matrix: Procurement and Hengtong ${run}`, sharedB: `Matrix: for Hualian only ${run}`, personal: `Matrix: for Liu Yang only ${run}` },
    pMemA: await personId('zhou.li@hengtong.example'),
    zhaoMin: await personId('zhao.min@xinghai.example'),
    fileInternal: await insertAttachment(internal, liNa, 'matrix-internal.txt'),
    fileA: await insertAttachment(sharedA, liNa, 'matrix-org-a.txt'),
    fileB: await insertAttachment(sharedB, liNa, 'matrix-org-b.txt'),
    filePersonal: await insertAttachment(personal, liNa, 'matrix-personal.txt'),
    requestProduction: await insertRequest({ title: `Matrix: request to Production ${run}`, body: 'How many?', authorId: liNa, rules: [{ kind: 'unit', unitId: await unit('生产部') }] }),
    requestSharedA: await insertRequest({ title: `Matrix: request to Procurement and Hengtong ${run}`, body: 'When?', authorId: liNa, rules: [{ kind: 'unit', unitId: await unit('采购部') }, { kind: 'partner_org', partnerOrgId: orgA }] }),
    plan: plan.id,
    activation: activationId,
    mail: await insertMail('zhou.li@hengtong.example', 'Matrix mail', '<p>Matrix mail</p>', 'Matrix mail'),
    ...(await seedMeeting(run)),
    ...(await seedKb(run, orgA, liNa)),
    quickLink: (await query<{ id: string }>(`insert into quick_link (name, url, icon, audience_id) values ($1, 'https://oa.example/', 'oa', $2) returning id`, [`矩阵入口 ${run}`.slice(0, 40), await insertAudience([{ kind: 'everyone' }])]))[0].id,
  };
}

/** A meeting of Zhang Wei's with Liu Yang and Zhou Li (org A) attending, and its agenda document. */
async function seedMeeting(run: string) {
  const zhangWei = await personId('zhang.wei@xinghai.example');
  const [m] = await query<{ id: string }>(
    `insert into meeting (title, starts_at, ends_at, timezone, organiser_id) values ($1, now() + interval '3 days', now() + interval '3 days 1 hour', 'Asia/Shanghai', $2) returning id`,
    [`Matrix meeting ${run}`, zhangWei]);
  for (const email of ['zhang.wei@xinghai.example', 'liu.yang@xinghai.example', 'zhou.li@hengtong.example']) {
    await query('insert into meeting_attendee (meeting_id, person_id) values ($1, $2)', [m.id, await personId(email)]);
  }
  const fileMeeting = await insertAttachment(null, zhangWei, 'matrix-meeting.txt');
  await query('insert into meeting_file (meeting_id, file_id) values ($1, $2)', [m.id, fileMeeting]);
  return { meeting: m.id, fileMeeting, productionUnit: await idOf('org_unit', 'name', '生产部') };
}

/**
 * A knowledge space of Zhang Wei's (every employee reads it, its owner edits) with an article at its
 * root (required reading for every employee), a folder for Production only and a folder shared
 * with org A (Hengtong may also edit there), an article in each — as lib/kb writes them (effective
 * audiences on the folders, version 1).
 */
async function seedKb(run: string, orgA: string, liNa: string) {
  const zhangWei = await personId('zhang.wei@xinghai.example');
  const everyone = await insertAudience([{ kind: 'everyone' }]);
  const production = await insertAudience([{ kind: 'unit', unitId: await idOf('org_unit', 'name', '生产部') }]);
  const sharedA = await insertAudience([{ kind: 'everyone' }, { kind: 'partner_org', partnerOrgId: orgA }]);
  const editA = await insertAudience([{ kind: 'partner_org', partnerOrgId: orgA }]);
  const [space] = await query<{ id: string }>(`insert into kb_space (name, view_audience_id, created_by) values ($1, $2, $3) returning id`, [`Matrix KB ${run}`, everyone, zhangWei]);
  await query('insert into kb_space_owner (space_id, person_id) values ($1, $2)', [space.id, zhangWei]);
  const folder = async (name: string, view: string, edit: string | null) => (await query<{ id: string }>(
    `insert into kb_folder (space_id, name, view_audience_id, edit_audience_id, eff_view_audience_id, eff_edit_audience_id) values ($1, $2, $3, $4, $3, $4) returning id`,
    [space.id, `${name} ${run}`, view, edit]))[0].id;
  const kbFolderProd = await folder('Matrix production folder', production, null);
  const kbFolderA = await folder('Matrix Hengtong folder', sharedA, editA);
  const article = async (title: string, folderId: string | null) => {
    const [a] = await query<{ id: string }>(
      `insert into kb_article (space_id, folder_id, title, body_md, created_by, updated_by) values ($1, $2, $3, 'Matrix.', $4, $4) returning id`,
      [space.id, folderId, `${title} ${run}`, liNa]);
    await query(`insert into kb_article_version (article_id, version, title, body_md, author_id, kind) values ($1, 1, $2, 'Matrix.', $3, 'create')`, [a.id, `${title} ${run}`, liNa]);
    return a.id;
  };
  const kbArticle = await article('Matrix article', null);
  // Required reading for every employee: its acknowledgement report exists.
  await query('insert into kb_required_reading (article_id, audience_id, required_version, marked_by) values ($1, $2, 1, $3)', [kbArticle, everyone, liNa]);
  return {
    kbSpace: space.id, kbFolderProd, kbFolderA, kbArticle,
    kbArticleProd: await article('Matrix production article', kbFolderProd),
    kbArticleA: await article('Matrix Hengtong article', kbFolderA),
  };
}

/** One session per person; the suspended organisation and its member are made here. */
async function sessions(): Promise<Record<Who, string | null>> {
  const [susp] = await query<{ id: string }>(`insert into partner_org (name, name_en, type, status) values ($1, 'Matrix Suspended Ltd', 'supplier', 'suspended') returning id`, [`矩阵停用公司 ${Date.now()}`]);
  const [member] = await query<{ id: string }>(
    `insert into person (kind, email, name, partner_org_id, origin) values ('partner', $1, 'Matrix Suspended Member', $2, 'seed') returning id`,
    [`matrix.susp.${Date.now()}@suspended.example`, susp.id],
  );
  const emails: Record<Exclude<Who, 'anon' | 'susp'>, string> = {
    emp: 'liu.yang@xinghai.example', headIn: 'zhang.wei@xinghai.example', headOut: 'song.jia@xinghai.example', comms: 'li.na@xinghai.example',
    admin: 'wang.lei@xinghai.example', pAdmA: 'chen.gang@hengtong.example', pMemA: 'zhou.li@hengtong.example', pMemB: 'wu.fang@hualian.example',
    deact: 'zhao.min@xinghai.example',
  };
  const out = { anon: null, susp: await sessionFor(member.id) } as Record<Who, string | null>;
  for (const [w, email] of Object.entries(emails)) out[w as Who] = await sessionFor(await personId(email));
  return out;
}

function fill(row: Row, ids: Ids): Target {
  const v = row.variant;
  const id = (x: string) => row.pattern.replace('[id]', x);
  switch (v) {
    case null: return { path: row.pattern };
    case 'internal': case 'production': case 'sharedA': case 'sharedB': case 'personal': case 'orgA': case 'orgB': case 'plan': case 'activation': case 'mail': case 'quickLink':
    case 'requestProduction': case 'requestSharedA':
    case 'fileInternal': case 'fileA': case 'fileB': case 'filePersonal': case 'meeting': case 'fileMeeting':
    case 'kbSpace': case 'kbFolderProd': case 'kbFolderA': case 'kbArticle': case 'kbArticleProd': case 'kbArticleA':
      return { path: `${id(ids[v]).replace('[version]', '1')}${row.pattern.endsWith('/compare') ? '?from=1&to=latest' : ''}` };
    case 'byUnit': return { path: `/meetings?unit=${ids.productionUnit}` };
    case 'missing': return { path: id('00000000-0000-4000-8000-000000000000') };
    // A streamed upload (the body is the file): from a Plaza page, or from another site.
    case 'missingUpload': return { path: `${id('00000000-0000-4000-8000-000000000000')}?name=a.txt`, body: { x: 'y' }, headers: { 'sec-fetch-site': 'same-origin' } };
    case 'crossSiteUpload': return { path: `${id('00000000-0000-4000-8000-000000000000')}?name=a.txt`, body: { x: 'y' }, headers: { origin: 'https://evil.example' } };
    case 'bogus': return { path: id('not-an-id') };
    case 'empP': return { path: id(ids.liuYang) };
    case 'pMemAP': return { path: id(ids.pMemA) };
    case 'deactP': return { path: id(ids.zhaoMin) };
    case 'person': return { path: '/api/pickers/person?q=liu' };
    case 'unit': return { path: '/api/pickers/unit?q=%E7%94%9F%E4%BA%A7' };
    case 'partnerOrg': return { path: '/api/pickers/partnerOrg?q=%E6%81%92' };
    case 'partnerPersonA': return { path: `/api/pickers/partnerPerson?org=${ids.orgA}&q=z` };
    case 'partnerPersonB': return { path: `/api/pickers/partnerPerson?org=${ids.orgB}&q=w` };
    case 'bogusKind': return { path: '/api/pickers/everything?q=a' };
    case 'session': return { path: '/api/auth/session' };
    case 'partnerCallback': return { path: '/api/auth/callback/partner-email?token=x&email=zhou.li%40hengtong.example' };
    case 'partnerSignIn': return { path: '/api/auth/signin/partner-email', body: { email: 'zhou.li@hengtong.example' } };
    case 'crossSite': return { path: '/api/auth/partner/confirm', body: { token: 'x', email: 'zhou.li@hengtong.example' }, headers: { origin: 'https://evil.example' } };
    default: throw new Error(`unknown variant @${v}`);
  }
}

async function outcome(ctx: APIRequestContext, method: string, t: Target): Promise<string> {
  const res = await ctx.fetch(t.path, { method, maxRedirects: 0, failOnStatusCode: false, ...(t.body ? { form: t.body } : {}), headers: t.headers });
  const s = res.status();
  if (s >= 300 && s < 400) {
    const loc = new URL(res.headers().location ?? '', base);
    return loc.pathname === '/sign-in' ? 'in' : `→${loc.pathname}`;
  }
  // A picker that answers but offers nothing (a partner searching employees) is its own outcome.
  if (s === 200 && t.path.startsWith('/api/pickers/')) {
    const body = (await res.json()) as { items: unknown[] };
    if (body.items.length === 0) return 'empty';
  }
  return String(s);
}
