import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPartnerOrg, insertPerson, insertUnit } from '@/db/seed/factories';
import { seedDemo } from '@/db/seed/demo';
import { seedDemoContent } from '@/db/seed/demo-content';
import { createTestDb, type TestDb } from '@/db/testing';
import { discoverActions } from '@/e2e/matrix-routes';
import { acknowledge, decideApproval, deleteDraft, editAnnouncement, remindOutstanding, saveAnnouncement, submitComposeForm, submitDraft, withdrawAnnouncement } from '@/lib/announcements/mutations';
import { previewAudienceSize } from '@/lib/announcements/audience-count';
import { previewMarkdown } from '@/lib/announcements/preview';
import { remindResponders, submitResponse } from '@/lib/announcements/responses';
import { updateTemplate } from '@/lib/announcements/templates';
import { composeInput, testDeps } from '@/lib/announcements/testing';
import { requestPartnerSignIn } from '@/lib/auth/partner-link';
import { loadViewer } from '@/lib/authz/load-viewer';
import type { Viewer } from '@/lib/authz/viewer';
import { archivePlan, closeActivation, savePlan, triggerPlan } from '@/lib/emergency/mutations';
import { describeFailure } from '@/lib/forms/describe';
import { importPeopleUpload } from '@/lib/import/import-people';
import { addUnitHead, createUnit, deleteUnit, moveUnit, removeUnitHead, renameUnit } from '@/lib/org/mutations';
import { createPartnerOrg, deactivatePartnerPerson, invitePartnerPerson, resendPartnerInvitation, updatePartnerOrg } from '@/lib/partners/mutations';
import { deleteQuickLink, saveQuickLink } from '@/lib/quicklinks/mutations';
import { createEmployee, deactivatePerson, grantRole, reactivatePerson, revokeRole, saveDirectorySettings, updatePerson } from '@/lib/people/mutations';
import { setOwnLocale, setOwnTimezone } from '@/lib/people/preferences';
import { partnerLinkPerEmail, partnerLinkPerIp, RateLimit } from '@/lib/ratelimit';
import { addArticleFiles, removeArticleFile } from '@/lib/kb/files';
import { importIntoSpace } from '@/lib/kb/import';
import { pdfBytes } from '@/lib/files/test-files';
import { acknowledge as acknowledgeArticle, createArticle, deleteArticle, markRequired, moveArticle, moveFolder, restoreVersion, saveArticle, saveFolder, saveSpace, unmarkRequired } from '@/lib/kb/mutations';
import { previewArticle } from '@/lib/kb/preview';
import { cancelMeeting, saveMeeting, saveMinutes, setMinuteTaker } from '@/lib/meetings/mutations';
import { saveCompanyDefaults, saveOwnPreferences, switchableKinds } from '@/lib/notifications/preferences';
import { markReadFromForm } from '@/lib/notifications/queries';
import { saveChannel } from '@/lib/im/channels';
import { liftSuppression } from '@/lib/mail/suppressions';
import { retryDigestMail } from '@/lib/notifications/digest-retry';
import { unsubscribeWithToken } from '@/lib/notifications/unsubscribe';
import { signUnsubscribeToken } from '@/lib/notifications/unsubscribe-token';
import { addCalendarEntry, deleteCalendarEntry, deleteRoute, getRequestSettings, saveCalendarSettings, savePolicy, saveReopenDays, saveRoute } from '@/lib/requests/admin';
import { deleteSavedReply, saveSavedReply } from '@/lib/requests/saved-replies';
import {
  addCustomerReply, addStaffMessage, changePriority, closeByCustomer, rateRequest, reassignRequest, reopenRequest, setStatus, shareRequest, submitRequest, takeRequest,
} from '@/lib/requests/mutations';
import { cancelOrder, createOrder, fileDelay, recordReceipt, recordShipment, respondLine, respondOrder, reviewProposal, reviseOrder, sendOrder } from '@/lib/orders/mutations';
import { setConfirmers, setSupplierOwners } from '@/lib/orders/owners';
import { addNote, createTask, decideExtension, editTask, moveTask, requestExtension, returnTask } from '@/lib/tasks/mutations';
import { importOrdersUpload } from '@/lib/orders/import';
import { createToken, revokeToken } from '@/lib/integrations/tokens';

/**
 * The server-action half of the route × role × organisation matrix (issue 7; the pages and
 * route handlers are in e2e/matrix.spec.ts). Every server action of the app — every export of a
 * 'use server' module, found in app/ and lib/ when the test runs — has a row: the lib function
 * the action hands its input to (the row checks the action's source really calls it), called on
 * the real database with each person as the viewer, with valid input built fresh for every call.
 * A new action without a row fails "every server action has a row".
 *
 * Cells: ok  the call succeeded;  401 / 403 / 404 / 409 / 400  the AppError code's status
 * (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, INVALID). The action wrapper
 * (lib/forms/action-core.ts) reads the viewer with getViewer(), which is null without a session
 * and for deactivated people and members of suspended organisations (lib/authz/load-viewer.ts,
 * checked below): their columns are calls with a null viewer.
 *
 *   anon  no session          comms   communications officer   pMemA  member of org A
 *   emp   plain employee      admin   admin                    pMemB  member of org B
 *   headIn  head of the item's tree (Production)               susp   member of a suspended org
 *   headOut head of another tree (Sales)                       deact  deactivated employee
 *   pAdmA partner admin of org A
 */
const WHO = ['anon', 'emp', 'headIn', 'headOut', 'comms', 'admin', 'pAdmA', 'pMemA', 'pMemB', 'susp', 'deact'] as const;
type Who = (typeof WHO)[number];

type Fx = Awaited<ReturnType<typeof setup>>;
type Row = {
  /** The lib function the action calls (its source must mention it). */
  calls: string | null;
  /** Expected per column, in WHO order. */
  expect: string;
  run?: (v: Viewer | null, fx: Fx) => Promise<unknown>;
  /** Why there is no lib call to make (navigation-only actions of Auth.js). */
  note?: string;
};

let n = 0;
const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${(n += 1)}`;

//                                                                 anon emp headIn headOut comms admin pAdmA pMemA pMemB susp deact
const ACTIONS: Record<string, Row> = {
  // announcements
  saveAnnouncementAction: { calls: 'submitComposeForm', expect: '401 ok ok ok ok ok 404 404 404 401 401',
    run: (v, fx) => submitComposeForm(fx.db, v, { kind: 'notice', urgency: 'normal', title: uniq('Matrix draft'), body: 'Body', units: [fx.units.assembly1], includeSubUnits: 'on', intent: 'draft' }, { deps: fx.deps }) },
  previewMarkdownAction: { calls: 'previewMarkdown', expect: 'empty ok ok ok ok ok empty empty empty empty empty',
    run: async (v) => previewMarkdown(v, '**x**') || 'empty' },
  countAudienceAction: { calls: 'previewAudienceSize', expect: 'empty ok ok ok ok ok empty empty empty empty empty',
    run: async (v, fx) => ((await previewAudienceSize(fx.db, v, { units: [fx.units.assembly1], includeSubUnits: 'on' })) === null ? 'empty' : 'ok') },
  submitDraftAction: { calls: 'submitDraft', expect: '401 ok 404 404 403 403 404 404 404 401 401',
    run: async (v, fx) => submitDraft(fx.db, v, { id: await fx.draft() }, { deps: fx.deps }) },
  deleteDraftAction: { calls: 'deleteDraft', expect: '401 ok 404 404 403 403 404 404 404 401 401',
    run: async (v, fx) => deleteDraft(fx.db, v, { id: await fx.draft() }) },
  acknowledgeAction: { calls: 'acknowledge', expect: '401 ok ok ok ok ok 404 404 404 401 401',
    run: async (v, fx) => acknowledge(fx.db, v, await fx.published({ everyone: true }, true), 'web') },
  decideApprovalAction: { calls: 'decideApproval', expect: '401 403 ok 404 ok ok 404 404 404 401 401',
    run: async (v, fx) => decideApproval(fx.db, v, { approvalId: await fx.pendingApproval(), decision: 'approve' }, { deps: fx.deps }) },
  editAnnouncementAction: { calls: 'editAnnouncement', expect: '401 403 403 404 ok ok 404 404 404 401 401',
    run: async (v, fx) => editAnnouncement(fx.db, v, { id: await fx.published({ units: [{ unitId: fx.units.production, includeSubUnits: true }] }), title: 'Edited', body: 'Edited body' }, { deps: fx.deps }) },
  withdrawAnnouncementAction: { calls: 'withdrawAnnouncement', expect: '401 403 403 404 ok ok 404 404 404 401 401',
    run: async (v, fx) => withdrawAnnouncement(fx.db, v, { id: await fx.published({ units: [{ unitId: fx.units.production, includeSubUnits: true }] }), reason: 'Matrix' }) },
  remindAction: { calls: 'remindOutstanding', expect: '401 403 403 404 ok ok 404 404 404 401 401',
    run: async (v, fx) => remindOutstanding(fx.db, v, await fx.published({ units: [{ unitId: fx.units.production, includeSubUnits: true }] }), { deps: fx.deps }) },
  'acknowledgeAction @sharedA': { calls: 'acknowledge', expect: '401 404 404 404 403 403 ok ok 404 401 401',
    run: async (v, fx) => acknowledge(fx.db, v, await fx.published({ units: [{ unitId: fx.units.procurement, includeSubUnits: true }], partnerOrgs: [fx.orgA] }, true), 'web') },
  'editAnnouncementAction @sharedA': { calls: 'editAnnouncement', expect: '401 404 404 404 ok ok 404 404 404 401 401',
    run: async (v, fx) => editAnnouncement(fx.db, v, { id: await fx.published({ partnerOrgs: [fx.orgA] }), title: 'Edited', body: 'Edited body' }, { deps: fx.deps }) },
  // Issue 7 item 2: the plain employee's item to all of Production, approved by its head — its
  // author may not rewrite it afterwards (the approval cannot be bypassed by a later edit).
  'editAnnouncementAction @approvedOwnItem': { calls: 'editAnnouncement', expect: '401 403 403 404 ok ok 404 404 404 401 401',
    run: async (v, fx) => {
      const approvalId = await fx.pendingApproval();
      const { announcementId } = await decideApproval(fx.db, fx.v.headIn, { approvalId, decision: 'approve' }, { deps: fx.deps });
      return editAnnouncement(fx.db, v, { id: announcementId, title: 'Rewritten after approval', body: 'New text', material: 'on' }, { deps: fx.deps });
    } },
  // Responses to requests (issue 14): Li Na's feedback request; recipients answer, she (and admins) remind.
  submitResponseAction: { calls: 'submitResponse', expect: '401 ok ok ok ok ok 404 404 404 401 401',
    run: async (v, fx) => submitResponse(fx.db, v, { id: await fx.feedbackRequest({ everyone: true }), text: 'Matrix answer', number: '3' }) },
  'submitResponseAction @sharedA': { calls: 'submitResponse', expect: '401 404 404 404 403 403 ok ok 404 401 401',
    run: async (v, fx) => submitResponse(fx.db, v, { id: await fx.feedbackRequest({ units: [{ unitId: fx.units.procurement, includeSubUnits: true }], partnerOrgs: [fx.orgA] }), text: 'Matrix answer', number: '3' }) },
  remindRespondersAction: { calls: 'remindResponders', expect: '401 403 403 404 ok ok 404 404 404 401 401',
    run: async (v, fx) => remindResponders(fx.db, v, await fx.feedbackRequest({ units: [{ unitId: fx.units.production, includeSubUnits: true }] }), fx.q) },
  saveTemplateAction: { calls: 'updateTemplate', expect: '401 403 403 403 ok ok 404 404 404 401 401',
    run: (v, fx) => updateTemplate(fx.db, v, { kind: 'notice', bodyZh: '模板', bodyEn: 'Template' }) },
  // emergency
  savePlanAction: { calls: 'savePlan', expect: '401 403 403 403 ok ok 404 404 404 401 401',
    run: (v, fx) => fx.newPlan(v) },
  triggerPlanAction: { calls: 'triggerPlan', expect: '401 403 403 403 ok ok 404 404 404 401 401',
    run: (v, fx) => triggerPlan(fx.db, v, { planId: fx.planId, details: 'Matrix drill' }, { deps: fx.deps, locale: 'en' }) },
  closeActivationAction: { calls: 'closeActivation', expect: '401 403 403 403 ok ok 404 404 404 401 401',
    run: async (v, fx) => closeActivation(fx.db, v, await fx.activation()) },
  archivePlanAction: { calls: 'archivePlan', expect: '401 403 403 403 ok ok 404 404 404 401 401',
    run: async (v, fx) => archivePlan(fx.db, v, (await fx.newPlan(fx.v.comms)).id) },
  // quick links (homepage launcher)
  saveQuickLinkAction: { calls: 'saveQuickLink', expect: '401 403 403 403 ok ok 404 404 404 401 401',
    run: (v, fx) => saveQuickLink(fx.db, v, { name: uniq('入口').slice(0, 40), url: 'https://oa.example/', icon: 'oa', everyone: 'on' }) },
  deleteQuickLinkAction: { calls: 'deleteQuickLink', expect: '401 403 403 403 ok ok 404 404 404 401 401',
    run: async (v, fx) => deleteQuickLink(fx.db, v, { id: (await saveQuickLink(fx.db, fx.v.comms, { name: uniq('入口').slice(0, 40), url: 'https://oa.example/', icon: 'oa', everyone: 'on' })).id }) },
  // profile and language
  updateTimezoneAction: { calls: 'setOwnTimezone', expect: '401 ok ok ok ok ok ok ok ok 401 401',
    run: (v, fx) => setOwnTimezone(fx.db, v, { timezone: 'Asia/Shanghai' }) },
  switchLocaleAction: { calls: 'setOwnLocale', expect: '401 ok ok ok ok ok ok ok ok 401 401',
    run: (v, fx) => setOwnLocale(fx.db, v, { locale: 'zh-CN' }) },
  // admin: organisation
  createUnitAction: { calls: 'createUnit', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => createUnit(fx.db, v, { parentId: fx.units.hq, name: uniq('矩阵部门'), nameEn: '' }) },
  renameUnitAction: { calls: 'renameUnit', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => renameUnit(fx.db, v, { unitId: await fx.unit(), name: uniq('改名'), nameEn: '' }) },
  moveUnitAction: { calls: 'moveUnit', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => moveUnit(fx.db, v, { unitId: await fx.unit(), newParentId: fx.units.east }) },
  deleteUnitAction: { calls: 'deleteUnit', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => deleteUnit(fx.db, v, { unitId: await fx.unit() }) },
  addUnitHeadAction: { calls: 'addUnitHead', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => addUnitHead(fx.db, v, { unitId: await fx.unit(), email: 'liu.yang@xinghai.example' }) },
  removeUnitHeadAction: { calls: 'removeUnitHead', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => {
      const unitId = await fx.unit();
      const personId = await insertPerson(fx.db, { unitId, headOf: [unitId] });
      return removeUnitHead(fx.db, v, { unitId, personId });
    } },
  // admin: partner organisations (a partner admin manages the people of their own organisation)
  createPartnerOrgAction: { calls: 'createPartnerOrg', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => createPartnerOrg(fx.db, v, { name: uniq('矩阵伙伴'), type: 'supplier' }) },
  updatePartnerOrgAction: { calls: 'updatePartnerOrg', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => updatePartnerOrg(fx.db, v, { partnerOrgId: fx.orgA, name: '恒通精密零件有限公司', nameEn: 'Hengtong Precision Parts Co., Ltd.', type: 'supplier', status: 'active' }) },
  invitePartnerAction: { calls: 'invitePartnerPerson', expect: '401 403 403 403 403 ok ok 404 404 401 401',
    run: (v, fx) => invitePartnerPerson(fx.db, v, { partnerOrgId: fx.orgA, email: `${uniq('invitee')}@partner-a.example`, name: 'Invitee', role: 'member', locale: 'en' }) },
  deactivatePartnerPersonAction: { calls: 'deactivatePartnerPerson', expect: '401 403 403 403 403 ok ok 404 404 401 401',
    run: async (v, fx) => deactivatePartnerPerson(fx.db, v, { personId: await insertPerson(fx.db, { kind: 'partner', partnerOrgId: fx.orgA }) }) },
  resendPartnerInvitationAction: { calls: 'resendPartnerInvitation', expect: '401 403 403 403 403 ok ok 404 404 401 401',
    run: async (v, fx) => resendPartnerInvitation(fx.db, v, { personId: await insertPerson(fx.db, { kind: 'partner', partnerOrgId: fx.orgA, email: `${uniq('invited')}@partner-a.example` }) }) },
  'invitePartnerAction @orgB': { calls: 'invitePartnerPerson', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => invitePartnerPerson(fx.db, v, { partnerOrgId: fx.orgB, email: `${uniq('invitee')}@partner-b.example`, name: 'Invitee', role: 'member', locale: 'en' }) },
  'deactivatePartnerPersonAction @orgB': { calls: 'deactivatePartnerPerson', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => deactivatePartnerPerson(fx.db, v, { personId: await insertPerson(fx.db, { kind: 'partner', partnerOrgId: fx.orgB }) }) },
  // admin: people
  createEmployeeAction: { calls: 'createEmployee', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => createEmployee(fx.db, v, { name: 'Matrix', email: `${uniq('new')}@xinghai.example`, unitId: fx.units.assembly1 }) },
  updatePersonAction: { calls: 'updatePerson', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => {
      const email = `${uniq('upd')}@xinghai.example`;
      return updatePerson(fx.db, v, { personId: await insertPerson(fx.db, { email, unitId: fx.units.assembly1 }), name: 'Updated', email, unitId: fx.units.assembly1 });
    } },
  saveDirectorySettingsAction: { calls: 'saveDirectorySettings', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => saveDirectorySettings(fx.db, v, { contactFields: ['email'] }) },
  changeRoleAction: { calls: 'grantRole', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => {
      const personId = await insertPerson(fx.db, { unitId: fx.units.assembly1, roles: ['comms_officer'] });
      await grantRole(fx.db, v, { personId, role: 'admin' });
      return revokeRole(fx.db, v, { personId, role: 'comms_officer' });
    } },
  setActiveAction: { calls: 'deactivatePerson', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => {
      await deactivatePerson(fx.db, v, { personId: await insertPerson(fx.db, { unitId: fx.units.assembly1 }) });
      return reactivatePerson(fx.db, v, { personId: await insertPerson(fx.db, { unitId: fx.units.assembly1, status: 'deactivated' }) });
    } },
  importPeopleAction: { calls: 'importPeopleUpload', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => {
      const fd = new FormData();
      fd.set('file', new File([`email,name,unit\n${uniq('imp')}@xinghai.example,导入,装配一组\n`], 'people.csv', { type: 'text/csv' }));
      return importPeopleUpload(fx.db, v, fd);
    } },
  // sign-in: for everyone by design (neutral answer, rate limited per address and client)
  requestPartnerLinkAction: { calls: 'requestPartnerSignIn', expect: 'ok ok ok ok ok ok ok ok ok ok ok',
    run: (_v, fx) => requestPartnerSignIn(fx.db, { email: 'zhou.li@hengtong.example' }, { ip: `198.51.100.${(n += 1) % 250}`, userAgent: null }, { limits: fx.limits, sendLink: async () => {} }) },
  signInWithSsoAction: { calls: null, expect: '', note: "Auth.js's own SSO redirect: starts a sign-in, reads and writes nothing of Plaza's" },
  signOutAction: { calls: null, expect: '', note: "Auth.js's sign-out: deletes only the caller's own session (lib/auth/adapter.ts)" },
  // knowledge base: a space Zhang Wei (headIn) owns, every employee reads and all of Production
  // (sub-units included: Liu Yang, emp) edits; fx.kb.sharedA is a folder in it that org A reads and edits.
  saveSpaceAction: { calls: 'saveSpace', expect: '401 ok ok ok ok ok 404 404 404 401 401',
    run: (v, fx) => saveSpace(fx.db, v, { name: uniq('矩阵空间'), viewEveryone: 'on' }) },
  'saveSpaceAction @existing': { calls: 'saveSpace', expect: '401 403 ok 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => saveSpace(fx.db, v, { id: await fx.kbNewSpace(), name: uniq('改名空间'), viewEveryone: 'on', editUnits: [fx.units.production], owners: [fx.ids.headIn!] }) },
  saveFolderAction: { calls: 'saveFolder', expect: '401 403 ok 403 403 ok 404 404 404 401 401',
    run: (v, fx) => saveFolder(fx.db, v, { spaceId: fx.kb.space, name: uniq('目录'), viewInherit: 'on', editInherit: 'on' }) },
  moveFolderAction: { calls: 'moveFolder', expect: '401 403 ok 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => moveFolder(fx.db, v, { id: await fx.kbNewFolder(), parentId: await fx.kbNewFolder() }) },
  createArticleAction: { calls: 'createArticle', expect: '401 ok ok 403 403 ok 404 404 404 401 401',
    run: (v, fx) => createArticle(fx.db, v, { spaceId: fx.kb.space, title: uniq('文章'), body: '正文' }) },
  'createArticleAction @sharedA': { calls: 'createArticle', expect: '401 ok ok 403 403 ok ok ok 404 401 401',
    run: (v, fx) => createArticle(fx.db, v, { spaceId: fx.kb.space, folderId: fx.kb.sharedA, title: uniq('质量文件'), body: '正文' }) },
  saveArticleAction: { calls: 'saveArticle', expect: '401 ok ok 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => saveArticle(fx.db, v, { id: await fx.article(), baseVersion: 1, title: uniq('改稿'), body: '新正文' }) },
  'saveArticleAction @sharedA': { calls: 'saveArticle', expect: '401 ok ok 403 403 ok ok ok 404 401 401',
    run: async (v, fx) => saveArticle(fx.db, v, { id: await fx.article(fx.kb.sharedA), baseVersion: 1, title: uniq('改稿'), body: '新正文' }) },
  restoreVersionAction: { calls: 'restoreVersion', expect: '401 ok ok 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => restoreVersion(fx.db, v, { id: await fx.article(null, 2), version: 1 }) },
  'restoreVersionAction @sharedA': { calls: 'restoreVersion', expect: '401 ok ok 403 403 ok ok ok 404 401 401',
    run: async (v, fx) => restoreVersion(fx.db, v, { id: await fx.article(fx.kb.sharedA, 2), version: 1 }) },
  moveArticleAction: { calls: 'moveArticle', expect: '401 ok ok 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => moveArticle(fx.db, v, { id: await fx.article(), target: `folder:${fx.kb.folder}` }) },
  'moveArticleAction @sharedA': { calls: 'moveArticle', expect: '401 ok ok 403 403 ok ok ok 404 401 401',
    run: async (v, fx) => moveArticle(fx.db, v, { id: await fx.article(fx.kb.sharedA), target: `folder:${fx.kb.sharedA}` }) },
  // attachments: the article's editors (partner A in its shared folder); deletion: the space's owners and admins
  addArticleFilesAction: { calls: 'addArticleFiles', expect: '401 ok ok 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => addArticleFiles(fx.db, v, { id: await fx.article() }, { uploads: [{ name: uniq('附件') + '.pdf', bytes: pdfBytes() }] }) },
  'addArticleFilesAction @sharedA': { calls: 'addArticleFiles', expect: '401 ok ok 403 403 ok ok ok 404 401 401',
    run: async (v, fx) => addArticleFiles(fx.db, v, { id: await fx.article(fx.kb.sharedA) }, { uploads: [{ name: uniq('质量证书') + '.pdf', bytes: pdfBytes() }] }) },
  removeArticleFileAction: { calls: 'removeArticleFile', expect: '401 ok ok 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => {
      const id = await fx.article();
      await addArticleFiles(fx.db, fx.v.admin, { id }, { uploads: [{ name: uniq('附件') + '.pdf', bytes: pdfBytes() }] });
      const { file_id } = await fx.db.selectFrom('kb_article_file').select('file_id').where('article_id', '=', id).executeTakeFirstOrThrow();
      return removeArticleFile(fx.db, v, { id, fileId: file_id });
    } },
  deleteArticleAction: { calls: 'deleteArticle', expect: '401 403 ok 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => {
      const id = await fx.article();
      const { title } = await fx.db.selectFrom('kb_article').select('title').where('id', '=', id).executeTakeFirstOrThrow();
      return deleteArticle(fx.db, v, { id, confirmTitle: title });
    } },
  'deleteArticleAction @sharedA': { calls: 'deleteArticle', expect: '401 403 ok 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => {
      const id = await fx.article(fx.kb.sharedA);
      const { title } = await fx.db.selectFrom('kb_article').select('title').where('id', '=', id).executeTakeFirstOrThrow();
      return deleteArticle(fx.db, v, { id, confirmTitle: title });
    } },
  // import: whoever may write an article at the target (partner A into its shared folder)
  importAction: { calls: 'importIntoSpace', expect: '401 ok ok 403 403 ok 404 404 404 401 401',
    run: (v, fx) => importIntoSpace(fx.db, v, { spaceId: fx.kb.space }, { uploads: [{ name: uniq('导入') + '.md', bytes: new Uint8Array(Buffer.from('# 导入')) }] }) },
  'importAction @sharedA': { calls: 'importIntoSpace', expect: '401 ok ok 403 403 ok ok ok 404 401 401',
    run: (v, fx) => importIntoSpace(fx.db, v, { spaceId: fx.kb.space, folderId: fx.kb.sharedA }, { uploads: [{ name: uniq('质量') + '.md', bytes: new Uint8Array(Buffer.from('# 质量')) }] }) },
  // required reading: the space's owners, admins and communications officers who can read it
  markRequiredAction: { calls: 'markRequired', expect: '401 403 ok 403 ok ok 404 404 404 401 401',
    run: async (v, fx) => markRequired(fx.db, v, { id: await fx.article(), everyone: 'on' }) },
  unmarkRequiredAction: { calls: 'unmarkRequired', expect: '401 403 ok 403 ok ok 404 404 404 401 401',
    run: async (v, fx) => {
      const id = await fx.article();
      await markRequired(fx.db, fx.v.admin, { id, everyone: 'on' });
      return unmarkRequired(fx.db, v, id);
    } },
  // app/(app)/kb/actions.ts exports an acknowledgeAction too (required reading): the name is the
  // announcements' one, so "every server action has a row" cannot tell them apart — these rows are kb's.
  'acknowledgeAction @kbRequired': { calls: 'acknowledge', expect: '401 ok ok ok ok ok 404 404 404 401 401',
    run: async (v, fx) => acknowledgeArticle(fx.db, v, { id: await fx.requiredArticle(null, { everyone: 'on' }), version: 1 }) },
  'acknowledgeAction @kbRequiredSharedA': { calls: 'acknowledge', expect: '401 ok ok ok ok ok ok ok 404 401 401',
    run: async (v, fx) => acknowledgeArticle(fx.db, v, { id: await fx.requiredArticle(fx.kb.sharedA, { everyone: 'on', partnerOrgs: [fx.orgA] }), version: 1 }) },
  previewArticleAction: { calls: 'previewArticle', expect: 'empty ok ok ok ok ok ok ok ok empty empty',
    run: async (v) => previewArticle(v, '**x**').html || 'empty' },
  // meetings: Zhang Wei (headIn) organises; Liu Yang (emp) and Zhou Li (pMemA) attend; admins see every
  // meeting (they name a minute-taker) but change nothing else; nobody else sees it
  saveMeetingAction: { calls: 'saveMeeting', expect: '401 ok ok ok ok ok 404 404 404 401 401',
    run: (v, fx) => saveMeeting(fx.db, v, fx.meetingInput({ attendees: [fx.ids.emp!] }), fx.q) },
  'saveMeetingAction @existing': { calls: 'saveMeeting', expect: '401 403 ok 404 404 403 404 404 404 401 401',
    run: async (v, fx) => saveMeeting(fx.db, v, fx.meetingInput({ id: await fx.meeting(), attendees: [fx.ids.emp!], partners: [fx.ids.pMemA!], place: '5F' }), fx.q) },
  'saveMeetingAction @withFile': { calls: 'saveMeeting', expect: '401 403 ok 404 404 403 404 404 404 401 401',
    run: async (v, fx) => saveMeeting(fx.db, v, fx.meetingInput({ id: await fx.meeting(), attendees: [fx.ids.emp!], partners: [fx.ids.pMemA!] }), { ...fx.q, uploads: [{ name: 'agenda.pdf', bytes: pdfBytes('agenda') }] }) },
  cancelMeetingAction: { calls: 'cancelMeeting', expect: '401 403 ok 404 404 403 404 403 404 401 401',
    run: async (v, fx) => cancelMeeting(fx.db, v, await fx.meeting(), fx.q) },
  saveMinutesAction: { calls: 'saveMinutes', expect: '401 403 ok 404 404 403 404 403 404 401 401',
    run: async (v, fx) => saveMinutes(fx.db, v, { meetingId: await fx.meeting(), notes: '纪要', decisions: '', intent: 'save' }, fx.q) },
  // the named minute-taker (headOut, not invited) writes the minutes like the organiser
  'saveMinutesAction @minuteTaker': { calls: 'saveMinutes', expect: '401 403 ok ok 404 403 404 403 404 401 401',
    run: async (v, fx) => saveMinutes(fx.db, v, { meetingId: await fx.meeting({ minuteTaker: [fx.ids.headOut!] }), notes: '纪要', decisions: '', intent: 'save' }, fx.q) },
  // naming the minute-taker: the organiser or an admin; attendees are told why not, everyone else learns nothing
  setMinuteTakerAction: { calls: 'setMinuteTaker', expect: '401 403 ok 404 404 ok 404 403 404 401 401',
    run: async (v, fx) => setMinuteTaker(fx.db, v, { meetingId: await fx.meeting(), minuteTaker: [fx.ids.comms!] }, fx.q) },
  // tasks: Zhang Wei (headIn) created it, Liu Yang (emp) owns it; admins and other heads have no say
  createTaskAction: { calls: 'createTask', expect: '401 ok ok ok ok ok 404 404 404 401 401',
    run: (v, fx) => createTask(fx.db, v, { title: uniq('矩阵任务'), owner: [fx.ids.emp!], dueOn: '2027-06-30' }, fx.q) },
  moveTaskAction: { calls: 'moveTask', expect: '401 ok 403 404 404 404 404 404 404 401 401',
    run: async (v, fx) => moveTask(fx.db, v, { id: (await fx.task()).id, to: 'in_progress' }, fx.q) },
  returnTaskAction: { calls: 'returnTask', expect: '401 403 ok 404 404 404 404 404 404 401 401',
    run: async (v, fx) => returnTask(fx.db, v, { id: (await fx.task('in_review')).id, reason: '再检查' }, fx.q) },
  progressAction: { calls: 'addNote', expect: '401 ok 403 404 404 404 404 404 404 401 401',
    run: async (v, fx) => addNote(fx.db, v, { id: (await fx.task()).id, body: '进展' }, 'progress', fx.q) },
  commentAction: { calls: 'addNote', expect: '401 ok ok 404 404 404 404 404 404 401 401',
    run: async (v, fx) => addNote(fx.db, v, { id: (await fx.task()).id, body: '评论' }, 'comment', fx.q) },
  requestExtensionAction: { calls: 'requestExtension', expect: '401 ok 403 404 404 404 404 404 404 401 401',
    run: async (v, fx) => requestExtension(fx.db, v, { id: (await fx.task()).id, dueOn: '2027-09-30', reason: '等料' }, fx.q) },
  decideExtensionAction: { calls: 'decideExtension', expect: '401 403 ok 404 404 404 404 404 404 401 401',
    run: async (v, fx) => decideExtension(fx.db, v, { ...(await fx.task('extension')), decision: 'approve', note: '' }, fx.q) },
  // editing (and reassigning) is the creator's alone: the owner is told why, everyone else learns nothing
  editTaskAction: { calls: 'editTask', expect: '401 403 ok 404 404 404 404 404 404 401 401',
    run: async (v, fx) => editTask(fx.db, v, { id: (await fx.task()).id, title: uniq('改过的任务'), owner: [fx.ids.emp!], dueOn: '2027-07-31', priority: 'high' }, fx.q) },
  'editTaskAction @ownerA': { calls: 'editTask', expect: '401 404 ok 404 404 404 404 403 404 401 401',
    run: async (v, fx) => editTask(fx.db, v, { id: await fx.partnerTask(), title: uniq('改过的任务'), owner: [fx.ids.emp!], dueOn: '2027-07-31' }, fx.q) },
  // a meeting action item owned by Zhou Li (org A): only she (and its creator, read and comment) reach the task
  'progressAction @ownerA': { calls: 'addNote', expect: '401 404 403 404 404 404 404 ok 404 401 401',
    run: async (v, fx) => addNote(fx.db, v, { id: await fx.partnerTask(), body: '已发货' }, 'progress', fx.q) },
  'commentAction @ownerA': { calls: 'addNote', expect: '401 404 ok 404 404 404 404 ok 404 401 401',
    run: async (v, fx) => addNote(fx.db, v, { id: await fx.partnerTask(), body: '评论' }, 'comment', fx.q) },
  // customer requests. Only customer and distributor organisations file them: org A (恒通) is a
  // supplier, so pAdmA/pMemA never have a request and get 404; pMemB (Wu Fang of 华联, a
  // distributor) is the requester. The request is routed to Assembly Team 1: emp is in the
  // handling unit, headIn heads its tree, admin is staff everywhere; headOut and comms are not staff.
  submitRequestAction: { calls: 'submitRequest', expect: '401 403 403 403 403 403 404 404 ok 401 401',
    run: (v, fx) => submitRequest(fx.db, v, fx.requestInput(), fx.q) },
  takeRequestAction: { calls: 'takeRequest', expect: '401 ok ok 403 403 ok 404 404 403 401 401',
    run: async (v, fx) => takeRequest(fx.db, v, { id: await fx.request() }, fx.q) },
  // a public reply is staff's: the requester may not post one in staff's name (moving the status, stopping the clock)
  staffMessageAction: { calls: 'addStaffMessage', expect: '401 ok ok 403 403 ok 404 404 403 401 401',
    run: async (v, fx) => addStaffMessage(fx.db, v, { id: await fx.request(), visibility: 'public', body: '已安排工程师', then: 'resolved' }, fx.q) },
  'staffMessageAction @internal': { calls: 'addStaffMessage', expect: '401 ok ok 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => addStaffMessage(fx.db, v, { id: await fx.request(), visibility: 'internal', body: '内部备注' }, fx.q) },
  reassignRequestAction: { calls: 'reassignRequest', expect: '401 ok ok 403 403 ok 404 404 403 401 401',
    run: async (v, fx) => reassignRequest(fx.db, v, { id: await fx.request(), person: [fx.ids.headIn!], note: '转交' }, fx.q) },
  changePriorityAction: { calls: 'changePriority', expect: '401 ok ok 403 403 ok 404 404 403 401 401',
    run: async (v, fx) => changePriority(fx.db, v, { id: await fx.request(), priority: 'high' }, fx.q) },
  setStatusAction: { calls: 'setStatus', expect: '401 ok ok 403 403 ok 404 404 403 401 401',
    run: async (v, fx) => setStatus(fx.db, v, { id: await fx.request(), status: 'waiting' }, fx.q) },
  customerReplyAction: { calls: 'addCustomerReply', expect: '401 403 403 403 403 403 404 404 ok 401 401',
    run: async (v, fx) => addCustomerReply(fx.db, v, { id: await fx.request(), body: '补充说明' }, fx.q) },
  closeRequestAction: { calls: 'closeByCustomer', expect: '401 403 403 403 403 403 404 404 ok 401 401',
    run: async (v, fx) => closeByCustomer(fx.db, v, { id: await fx.request('resolved') }, fx.q) },
  reopenRequestAction: { calls: 'reopenRequest', expect: '401 403 403 403 403 403 404 404 ok 401 401',
    run: async (v, fx) => reopenRequest(fx.db, v, { id: await fx.request('resolved') }, fx.q) },
  rateRequestAction: { calls: 'rateRequest', expect: '401 403 403 403 403 403 404 404 ok 401 401',
    run: async (v, fx) => rateRequest(fx.db, v, { id: await fx.request('closed'), rating: '5', comment: '' }, fx.q) },
  shareRequestAction: { calls: 'shareRequest', expect: '401 403 403 403 403 403 404 404 ok 401 401',
    run: async (v, fx) => shareRequest(fx.db, v, { id: await fx.request(), share: 'on' }, fx.q) },
  // filed by 华联's partner admin (Sun Qiang): pMemB is then a colleague — nothing unless shared,
  // and even shared only reading and replying (closing is the requester's or the partner admin's)
  'customerReplyAction @colleagueB': { calls: 'addCustomerReply', expect: '401 403 403 403 403 403 404 404 404 401 401',
    run: async (v, fx) => addCustomerReply(fx.db, v, { id: await fx.request('new', { by: fx.pAdmB }), body: '补充说明' }, fx.q) },
  'customerReplyAction @sharedB': { calls: 'addCustomerReply', expect: '401 403 403 403 403 403 404 404 ok 401 401',
    run: async (v, fx) => addCustomerReply(fx.db, v, { id: await fx.request('new', { by: fx.pAdmB, share: true }), body: '补充说明' }, fx.q) },
  'closeRequestAction @sharedB': { calls: 'closeByCustomer', expect: '401 403 403 403 403 403 404 404 403 401 401',
    run: async (v, fx) => closeByCustomer(fx.db, v, { id: await fx.request('resolved', { by: fx.pAdmB, share: true }) }, fx.q) },
  // supplier orders (lib/orders). Owners of 恒通 (org A) in this fixture: buyers Lin Feng and
  // Procurement, planners Production — so headIn (heads Production) reads but writes nothing; emp,
  // headOut and comms are not owners; admin buys from every supplier. Org A's people answer,
  // delay and ship; they see sent orders but may not change them (403); org B gets 404.
  createOrderAction: { calls: 'createOrder', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => createOrder(fx.db, v, fx.orderInput(), fx.oq) },
  sendOrderAction: { calls: 'sendOrder', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => sendOrder(fx.db, v, await fx.order('draft'), fx.oq) },
  reviseOrderAction: { calls: 'reviseOrder', expect: '401 403 403 403 403 ok 403 403 404 401 401',
    run: async (v, fx) => { const id = await fx.order('confirmed'); const o = await fx.db.selectFrom('purchase_order').select('order_number').where('id', '=', id).executeTakeFirstOrThrow(); return reviseOrder(fx.db, v, id, { ...fx.orderInput(), orderNumber: o.order_number, lines: [{ ...fx.orderInput().lines[0], quantity: '7' }] }, fx.oq); } },
  cancelOrderAction: { calls: 'cancelOrder', expect: '401 403 403 403 403 ok 403 403 404 401 401',
    run: async (v, fx) => cancelOrder(fx.db, v, { id: await fx.order('sent') }, fx.oq) },
  reviewProposalAction: { calls: 'reviewProposal', expect: '401 403 403 403 403 ok 403 403 404 401 401',
    run: async (v, fx) => { const id = await fx.order('proposed'); return reviewProposal(fx.db, v, { id, lineId: await fx.lineOf(id), decision: 'accept' }, fx.oq); } },
  receiptAction: { calls: 'recordReceipt', expect: '401 403 403 403 403 ok 403 403 404 401 401',
    run: async (v, fx) => { const id = await fx.order('confirmed'); return recordReceipt(fx.db, v, { id, receivedOn: '2027-01-10', [`qty.${await fx.lineOf(id)}`]: '1' }, fx.oq); } },
  respondLineAction: { calls: 'respondLine', expect: '401 403 403 403 403 403 ok ok 404 401 401',
    run: async (v, fx) => { const id = await fx.order('sent'); return respondLine(fx.db, v, { id, lineId: await fx.lineOf(id), answer: 'propose', date: '2027-02-01', reason: '模具维修' }, fx.oq); } },
  respondOrderAction: { calls: 'respondOrder', expect: '401 403 403 403 403 403 ok ok 404 401 401',
    run: async (v, fx) => respondOrder(fx.db, v, { id: await fx.order('sent'), answer: 'confirm' }, fx.oq) },
  delayAction: { calls: 'fileDelay', expect: '401 403 403 403 403 403 ok ok 404 401 401',
    run: async (v, fx) => { const id = await fx.order('confirmed'); return fileDelay(fx.db, v, { id, lineId: await fx.lineOf(id), newDate: '2027-03-01', reason: '原材料短缺' }, fx.oq); } },
  shipmentAction: { calls: 'recordShipment', expect: '401 403 403 403 403 403 ok ok 404 401 401',
    run: async (v, fx) => { const id = await fx.order('confirmed'); return recordShipment(fx.db, v, { id, shipDate: '2027-01-05', carrier: '顺丰', trackingNumber: 'SF1', [`qty.${await fx.lineOf(id)}`]: '1' }, fx.oq); } },
  supplierOwnersAction: { calls: 'setSupplierOwners', expect: '401 403 403 403 ok ok 404 404 404 401 401',
    run: (v, fx) => setSupplierOwners(fx.db, v, fx.ownersInput) },
  confirmersAction: { calls: 'setConfirmers', expect: '401 403 403 403 403 403 ok 404 404 401 401',
    run: (v, fx) => setConfirmers(fx.db, v, { restrict: '' }) },
  // saved replies: everyone staff keeps personal ones; a unit's (Assembly Team 1) are managed by
  // heads of its tree (headIn) and admins — its member (emp) uses them but may not change them
  saveSavedReplyAction: { calls: 'saveSavedReply', expect: '401 ok ok ok ok ok 404 404 404 401 401',
    run: (v, fx) => saveSavedReply(fx.db, v, { scope: 'personal', title: uniq('个人模板'), bodyZh: '您好', bodyEn: 'Hello' }) },
  'saveSavedReplyAction @unit': { calls: 'saveSavedReply', expect: '401 403 ok 403 403 ok 404 404 404 401 401',
    run: (v, fx) => saveSavedReply(fx.db, v, { scope: 'unit', unit: [fx.units.assembly1], title: uniq('部门模板'), bodyZh: '您好', bodyEn: '' }) },
  'saveSavedReplyAction @edit': { calls: 'saveSavedReply', expect: '401 403 ok 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => saveSavedReply(fx.db, v, { id: await fx.savedReply('unit'), title: uniq('改'), bodyZh: '改过', bodyEn: '' }) },
  deleteSavedReplyAction: { calls: 'deleteSavedReply', expect: '401 403 ok 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => deleteSavedReply(fx.db, v, { id: await fx.savedReply('unit') }) },
  'deleteSavedReplyAction @personal': { calls: 'deleteSavedReply', expect: '401 ok 403 403 403 403 404 404 404 401 401',
    run: async (v, fx) => deleteSavedReply(fx.db, v, { id: await fx.savedReply('personal') }) },
  importOrdersAction: { calls: 'importOrdersUpload', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => {
      const fd = new FormData();
      fd.set('file', new File([`供应商,订单号,行号,物料编码,数量,单位,要求交期\n恒通精密零件有限公司,${uniq('IMP')},10,MX-1,5,pcs,2027-01-20\n`], 'erp.csv', { type: 'text/csv' }));
      return importOrdersUpload(fx.db, v, fd);
    } },
  // admin: integration tokens (the API itself: lib/integrations/integrations.test.ts)
  createTokenAction: { calls: 'createToken', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => createToken(fx.db, v, { name: uniq('ERP'), scopes: ['orders:read'], expiresOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) }) },
  revokeTokenAction: { calls: 'revokeToken', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => revokeToken(fx.db, v, { id: (await createToken(fx.db, fx.v.admin, { name: uniq('ERP'), scopes: ['orders:read'], expiresOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) })).id }) },
  // admin: customer requests (routing, SLA policies, working calendar, reopen period)
  saveRouteAction: { calls: 'saveRoute', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => saveRoute(fx.db, v, { type: 'other', topic: uniq('topic'), unit: [fx.units.assembly1] }) },
  deleteRouteAction: { calls: 'deleteRoute', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => deleteRoute(fx.db, v, { id: await fx.route() }) },
  savePolicyAction: { calls: 'savePolicy', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => savePolicy(fx.db, v, { type: 'other', priority: 'low', firstResponseHours: '8', resolutionHours: '40' }) },
  addCalendarEntryAction: { calls: 'addCalendarEntry', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => {
      const day = fx.entryDay();
      return addCalendarEntry(fx.db, v, { kind: 'holiday', startDay: day, endDay: day, name: uniq('矩阵假日') });
    } },
  deleteCalendarEntryAction: { calls: 'deleteCalendarEntry', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => deleteCalendarEntry(fx.db, v, { id: await fx.calendarEntry() }) },
  saveCalendarSettingsAction: { calls: 'saveCalendarSettings', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => saveCalendarSettings(fx.db, v, fx.calendarSettings) },
  saveReopenDaysAction: { calls: 'saveReopenDays', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => saveReopenDays(fx.db, v, { reopenDays: String(fx.reopenDays) }) },
  // notifications: one's own (only one's own rows are touched), the company defaults (admins)
  markNotificationsReadAction: { calls: 'markReadFromForm', expect: '401 ok ok ok ok ok ok ok ok 401 401',
    run: (v, fx) => markReadFromForm(fx.db, v, { all: 'on' }) },
  saveNotificationPreferencesAction: { calls: 'saveOwnPreferences', expect: '401 ok ok ok ok ok ok ok ok 401 401',
    run: (v, fx) => saveOwnPreferences(fx.db, v, fx.prefsForm()) },
  saveNotificationDefaultsAction: { calls: 'saveCompanyDefaults', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => saveCompanyDefaults(fx.db, v, { audience: 'employee', ...fx.prefsForm() }) },
  // admin: IM channel registry (group robots)
  saveChannelAction: { calls: 'saveChannel', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: (v, fx) => saveChannel(fx.db, v, { name: uniq('群'), provider: 'slack', webhookUrl: 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx', scope: 'internal' }) },
  // admin: lifting a mail suppression (a fresh suppressed address per call)
  liftSuppressionAction: { calls: 'liftSuppression', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => {
      const email = `${uniq('bounced').replace(/[^a-z0-9]/gi, '').toLowerCase()}@bounce.example`;
      await fx.db.insertInto('mail_suppression').values({ email, reason: 'bounced', detail: 'Permanent' }).execute();
      return liftSuppression(fx.db, v, { email, reason: '邮箱已恢复' });
    } },
  // admin: sending a refused digest again (a fresh failed digest per call)
  retryDigestMailAction: { calls: 'retryDigestMail', expect: '401 403 403 403 403 ok 404 404 404 401 401',
    run: async (v, fx) => {
      const key = uniq('matrix');
      const mail = await fx.db.insertInto('mail_outbox').values({ idempotency_key: `digest:${key}`, to_email: 'liu.yang@xinghai.example', template: 'digest', locale: 'zh-CN', subject: 'S', html: '<p>h</p>', text: 'h', transport: 'resend', status: 'failed', error: '422 validation_error' }).returning('id').executeTakeFirstOrThrow();
      await fx.db.insertInto('notification_digest').values({ person_id: fx.ids.emp!, period: key, frequency: 'daily', status: 'failed', items: 1, outbox_id: mail.id }).execute();
      return retryDigestMail(fx.db, v, { id: mail.id });
    } },
  // one-click unsubscribe: no sign-in by design, the signed token is the only authority (for whoever calls)
  unsubscribeAction: { calls: 'unsubscribeWithToken', expect: 'ok ok ok ok ok ok ok ok ok ok ok',
    run: (_v, fx) => unsubscribeWithToken(fx.db, { token: signUnsubscribeToken(fx.ids.emp!, new Date(Date.now() + 86_400_000)) }) },
};

let t: TestDb;
let fx: Fx;
let pool: pg.Pool;

async function setup(db: TestDb['db']) {
  await seedDemo(db);
  await seedDemoContent(db);
  const unitId = async (name: string) => (await db.selectFrom('org_unit').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const personId = async (email: string) => (await db.selectFrom('person').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const units = { hq: await unitId('总部'), east: await unitId('华东区'), production: await unitId('生产部'), assembly1: await unitId('装配一组'), procurement: await unitId('采购部') };
  const orgA = (await db.selectFrom('partner_org').select('id').where('name', '=', '恒通精密零件有限公司').executeTakeFirstOrThrow()).id;
  const orgB = (await db.selectFrom('partner_org').select('id').where('name', '=', '华联商贸有限公司').executeTakeFirstOrThrow()).id;
  const suspendedOrg = await insertPartnerOrg(db, { name: '矩阵停用公司', type: 'supplier', status: 'suspended' });
  const ids: Record<Who, string | null> = {
    anon: null,
    emp: await personId('liu.yang@xinghai.example'),
    headIn: await personId('zhang.wei@xinghai.example'),
    headOut: await personId('song.jia@xinghai.example'),
    comms: await personId('li.na@xinghai.example'),
    admin: await personId('wang.lei@xinghai.example'),
    pAdmA: await personId('chen.gang@hengtong.example'),
    pMemA: await personId('zhou.li@hengtong.example'),
    pMemB: await personId('wu.fang@hualian.example'),
    susp: await insertPerson(db, { kind: 'partner', partnerOrgId: suspendedOrg }),
    deact: await personId('zhao.min@xinghai.example'),
  };
  const v = {} as Record<Who, Viewer | null>;
  for (const w of WHO) v[w] = ids[w] ? await loadViewer(db, ids[w]) : null;
  const deps = testDeps(db).deps;
  pool = new pg.Pool({ connectionString: t.url, max: 2 });
  const limits = { perEmail: await RateLimit.create(pool, { ...partnerLinkPerEmail, points: 10_000 }), perIp: await RateLimit.create(pool, partnerLinkPerIp) };
  const planId = (await db.selectFrom('emergency_plan').select('id').executeTakeFirstOrThrow()).id;
  const q = { enqueueDeliver: async () => {} };
  const pAdmB = await loadViewer(db, await personId('sun.qiang@hualian.example'));
  // Knowledge base: a space Zhang Wei owns (every employee reads it, Production edits it), a plain
  // folder in it, and a folder org A reads and edits.
  const kbSpaceInput = () => ({ name: uniq('矩阵空间'), viewEveryone: 'on', editUnits: [units.production] });
  const kbSpace = (await saveSpace(db, v.headIn, kbSpaceInput())).id;
  const kbFolder = (await saveFolder(db, v.headIn, { spaceId: kbSpace, name: uniq('目录'), viewInherit: 'on', editInherit: 'on' })).id;
  const kbSharedA = (await saveFolder(db, v.headIn, { spaceId: kbSpace, name: uniq('供应商文件'), viewEveryone: 'on', viewPartnerOrgs: [orgA], editUnits: [units.production], editPartnerOrgs: [orgA] })).id;
  // Customer requests of type "support" and topic "matrix" go to Assembly Team 1 (in Production).
  await saveRoute(db, v.admin, { type: 'support', topic: 'matrix', unit: [units.assembly1] });
  const reqSettings = await getRequestSettings(db, v.admin);
  const requestInput = (share = false) => ({ type: 'support', topic: 'matrix', priority: 'normal', subject: uniq('矩阵请求'), description: '设备故障', share: share ? 'on' : '' });
  const meetingInput = (over: Record<string, unknown> = {}) => ({ title: uniq('矩阵会议'), startsAt: '2027-03-01T10:00', endsAt: '2027-03-01T11:00', place: '3F', onlineUrl: '', agenda: '', attendees: [], units: [], partners: [], ...over });
  const meeting = async (over: Record<string, unknown> = {}) => (await saveMeeting(db, v.headIn, meetingInput({ attendees: [ids.emp!], partners: [ids.pMemA!], ...over }), q)).id;
  const entryDay = () => new Date(Date.UTC(2080, 0, 1) + (n += 1) * 86_400_000).toISOString().slice(0, 10);
  const ownersInput = { supplierId: orgA, buyerPeople: [await personId('lin.feng@xinghai.example')], buyerUnits: [units.procurement], plannerUnits: [units.production], leadTimeDays: '7', confirmWithinDays: '3' };
  await setSupplierOwners(db, v.admin, ownersInput);
  const oq = { enqueueDeliver: async () => {} };
  const orderInput = () => ({ supplierId: orgA, orderNumber: uniq('MX'), orderDate: '2027-01-01', lines: [{ lineNo: 10, itemCode: 'MX-1', quantity: '5', unit: 'pcs', requiredDate: '2027-01-20' }] });
  const order = async (state: 'draft' | 'sent' | 'confirmed' | 'proposed') => {
    const { id } = await createOrder(db, v.admin, orderInput(), oq);
    if (state === 'draft') return id;
    await sendOrder(db, v.admin, id, oq);
    if (state === 'confirmed') await respondOrder(db, v.pAdmA, { id, answer: 'confirm' }, oq);
    if (state === 'proposed') {
      const line = (await db.selectFrom('purchase_order_line').select('id').where('order_id', '=', id).executeTakeFirstOrThrow()).id;
      await respondLine(db, v.pAdmA, { id, lineId: line, answer: 'propose', date: '2027-02-01', reason: '模具维修' }, oq);
    }
    return id;
  };
  const lineOf = async (orderId: string) => (await db.selectFrom('purchase_order_line').select('id').where('order_id', '=', orderId).orderBy('line_no').executeTakeFirstOrThrow()).id;
  const fxv = {
    ownersInput, oq, orderInput, order, lineOf,
    db, v, ids, units, orgA, orgB, deps, limits, planId,
    /** A fresh published item by the communications officer. */
    published: async (audience: NonNullable<Parameters<typeof composeInput>[0]>['audience'], ack = false) =>
      (await saveAnnouncement(db, v.comms, composeInput({ title: uniq('Matrix item'), audience, ackRequired: ack }), 'send', { deps })).id,
    /** A fresh feedback request by Li Na that collects a text and a number (issue 14). */
    feedbackRequest: async (audience: NonNullable<Parameters<typeof composeInput>[0]>['audience']) =>
      (await saveAnnouncement(db, v.comms, composeInput({ kind: 'feedback_request', title: uniq('Matrix request'), audience }), 'send', {
        deps, responses: { prompt: 'How many?', askDate: false, askNumber: true, options: [], askFile: false, deadline: null },
      })).id,
    /** A fresh item the plain employee sent to all of Production: it waits for approval. */
    pendingApproval: async () => {
      const { id } = await saveAnnouncement(db, v.emp, composeInput({ title: uniq('Needs approval'), audience: { units: [{ unitId: units.production, includeSubUnits: true }] } }), 'send', { deps });
      const ap = await db.selectFrom('announcement_approval').select('id').where('announcement_id', '=', id).where('status', '=', 'pending').executeTakeFirstOrThrow();
      return ap.id;
    },
    newPlan: (viewer: Viewer | null) => savePlan(db, viewer, { name: uniq('Matrix plan'), title: 'Matrix plan', body: '{{details}}', units: [units.production], includeSubUnits: 'on', ackRequired: 'on', renotifyMinutes: '15' }),
    activation: async () => (await triggerPlan(db, v.comms, { planId, details: 'Matrix' }, { deps, locale: 'en' })).activationId,
    unit: () => insertUnit(db, { name: uniq('矩阵'), parentId: units.hq }),
    q, pAdmB,
    kb: { space: kbSpace, folder: kbFolder, sharedA: kbSharedA },
    /** A fresh space Zhang Wei owns. */
    kbNewSpace: async () => (await saveSpace(db, v.headIn, kbSpaceInput())).id,
    /** A fresh folder at the root of fx.kb.space. */
    kbNewFolder: async () => (await saveFolder(db, v.headIn, { spaceId: kbSpace, name: uniq('目录'), viewInherit: 'on', editInherit: 'on' })).id,
    /** A fresh article by Zhang Wei at the space root or in a folder, with `versions` versions. */
    article: async (folderId: string | null = null, versions = 1) => {
      const { id } = await createArticle(db, v.headIn, { spaceId: kbSpace, folderId: folderId ?? '', title: uniq('文章'), body: 'v1' });
      for (let i = 2; i <= versions; i += 1) await saveArticle(db, v.headIn, { id, baseVersion: i - 1, title: uniq('文章'), body: `v${i}` });
      return id;
    },
    /** A fresh article (as fx.article) that an admin marked as required reading for an audience. */
    requiredArticle: async (folderId: string | null, audience: Record<string, unknown>) => {
      const id = await fxv.article(folderId);
      await markRequired(db, v.admin, { id, ...audience });
      return id;
    },
    meetingInput, meeting,
    /** A fresh task Zhang Wei created for Liu Yang: to do, submitted for review, or with an extension pending. */
    task: async (state: 'todo' | 'in_review' | 'extension' = 'todo') => {
      const { id } = await createTask(db, v.headIn, { title: uniq('矩阵任务'), owner: [ids.emp!], dueOn: '2027-06-30' }, q);
      if (state === 'in_review') {
        await moveTask(db, v.emp, { id, to: 'in_progress' }, q);
        await moveTask(db, v.emp, { id, to: 'in_review' }, q);
      }
      const extensionId = state === 'extension' ? (await requestExtension(db, v.emp, { id, dueOn: '2027-09-30', reason: '等料' }, q)).extensionId : '';
      return { id, extensionId };
    },
    /** A fresh task from published minutes: an action item Zhang Wei gave Zhou Li (org A), who attended. */
    partnerTask: async () => {
      const meetingId = await meeting({ attendees: [] });
      const itemId = randomUUID();
      await saveMinutes(db, v.headIn, { meetingId, notes: '', decisions: '', intent: 'publish', 'items.0.id': itemId, 'items.0.title': uniq('行动项'), 'items.0.owner': [ids.pMemA!], 'items.0.dueOn': '2027-06-30' }, q);
      return (await db.selectFrom('task').select('id').where('action_item_id', '=', itemId).executeTakeFirstOrThrow()).id;
    },
    requestInput,
    /** A fresh customer request (by Wu Fang of 华联 unless said), new, resolved by staff, or closed by the customer. */
    request: async (status: 'new' | 'resolved' | 'closed' = 'new', o: { by?: Viewer | null; share?: boolean } = {}) => {
      const by = o.by ?? v.pMemB;
      const { id } = await submitRequest(db, by, requestInput(o.share), q);
      if (status !== 'new') await setStatus(db, v.admin, { id, status: 'resolved' }, q);
      if (status === 'closed') await closeByCustomer(db, by, { id }, q);
      return id;
    },
    route: async () => {
      const topic = uniq('topic');
      await saveRoute(db, v.admin, { type: 'other', topic, unit: [units.assembly1] });
      return (await db.selectFrom('request_route').select('id').where('topic', '=', topic).executeTakeFirstOrThrow()).id;
    },
    /** A fresh saved reply: Assembly Team 1's (by the admin) or Liu Yang's personal one. */
    savedReply: async (scope: 'unit' | 'personal') =>
      (await saveSavedReply(db, scope === 'unit' ? v.admin : v.emp, { scope, unit: scope === 'unit' ? [units.assembly1] : [], title: uniq('模板'), bodyZh: '您好', bodyEn: 'Hello' })).id,
    entryDay,
    calendarEntry: async () => {
      const day = entryDay();
      const name = uniq('矩阵假日');
      await addCalendarEntry(db, v.admin, { kind: 'holiday', startDay: day, endDay: day, name });
      return (await db.selectFrom('work_calendar_entry').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    },
    /** The calendar's own settings and reopen period, saved unchanged (other rows rely on them). */
    calendarSettings: { timeZone: reqSettings.calendar.timeZone, weekdays: reqSettings.calendar.weekdays.map(String), periods: reqSettings.calendar.periodsText },
    reopenDays: reqSettings.reopenDays,
    /** A fresh never-submitted draft by Liu Yang (to Assembly Team 1). */
    draft: async () => (await submitComposeForm(db, v.emp, { kind: 'notice', urgency: 'normal', title: uniq('矩阵草稿'), body: 'Body', units: [units.assembly1], includeSubUnits: 'on', intent: 'draft' }, { deps })).id,
    prefsForm: () => ({ frequency: 'daily', hour: '8', weekday: '1', skipWeekends: 'on', sections: [] as string[], ...Object.fromEntries(switchableKinds.map((k) => [`mode.${k}`, 'immediate'])) }),
  };
  return fxv;
}

async function outcomeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    const r = await run();
    return r === 'empty' ? 'empty' : 'ok';
  } catch (e) {
    const f = describeFailure(e);
    if (!f) throw e;
    const status: Record<string, string> = { UNAUTHENTICATED: '401', FORBIDDEN: '403', NOT_FOUND: '404', CONFLICT: '409', INVALID: '400', RATE_LIMITED: '429' };
    return status[f.code] ?? f.code;
  }
}

beforeAll(async () => {
  t = await createTestDb();
  fx = await setup(t.db);
}, 120_000);
afterAll(async () => {
  await pool?.end();
  await t?.drop();
});

describe('server action × role × organisation matrix', () => {
  it('every server action has a row, and every row is an action that exists and calls its lib function', () => {
    const actions = discoverActions();
    expect(actions.length).toBeGreaterThan(25);
    const rowNames = new Set(Object.keys(ACTIONS).map((k) => k.split(' @')[0]));
    const missing = actions.filter((a) => !rowNames.has(a.name)).map((a) => `${a.file}#${a.name} — add its row to ACTIONS in lib/authz/action-matrix.test.ts`);
    expect(missing).toEqual([]);
    const names = new Set(actions.map((a) => a.name));
    expect([...rowNames].filter((k) => !names.has(k)), 'rows for actions that no longer exist').toEqual([]);
    for (const [key, row] of Object.entries(ACTIONS)) {
      const a = actions.find((x) => x.name === key.split(' @')[0])!;
      if (row.calls) expect(a.source, `${key} should hand its input to ${row.calls}`).toMatch(new RegExp(`\\b${row.calls}\\b`));
      else expect(row.note, `${key}: a row without a lib call needs a note`).toBeTruthy();
    }
  });

  it('deactivated people and members of suspended organisations have no viewer (their column is a null viewer)', () => {
    expect(fx.ids.susp).toBeTruthy();
    expect(fx.ids.deact).toBeTruthy();
    expect(fx.v.susp).toBeNull();
    expect(fx.v.deact).toBeNull();
    for (const w of WHO.filter((x) => !['anon', 'susp', 'deact'].includes(x))) expect(fx.v[w], w).not.toBeNull();
  });

  it.each(Object.entries(ACTIONS).filter(([, r]) => r.run))('%s', async (name, row) => {
    const expected = row.expect.split(/\s+/);
    expect(expected).toHaveLength(WHO.length);
    const got: string[] = [];
    for (const w of WHO) got.push(await outcomeOf(() => row.run!(fx.v[w], fx)));
    if (process.env.MATRIX_RECORD) console.log(`${name.padEnd(30)} ${got.join(' ')}`);
    expect(Object.fromEntries(WHO.map((w, i) => [w, got[i]]))).toEqual(Object.fromEntries(WHO.map((w, i) => [w, expected[i]])));
  });
});
