"""Every permission name of the portal, in one place.

Views, services, templates ({% has_perm %} with these values) and the admin ask
``user.has_perm(NAME, obj)``; the rules behind each name are in the apps' rules.py and
receive the object itself (a measure, a result, an issued document), not only its agency.
"""

import rules

# Issued documents (reports frozen as payload + PDF).
VIEW_DOCUMENT = "documents.view_issueddocument"
ISSUE_DOCUMENT = "documents.add_issueddocument"
RENDER_DOCUMENT = "documents.render_issueddocument"  # retry a failed render
CHANGE_DOCUMENT = "documents.change_issueddocument"  # never granted: issued means frozen
DELETE_DOCUMENT = "documents.delete_issueddocument"  # never granted
DOCUMENTS_ADMIN = "documents"  # the app in the admin index
VIEW_REGISTER_COUNTER = "documents.view_registercounter"

# Memos (บันทึกข้อความ) and the agency's approval chain.
VIEW_MEMO = "memos.view_memo"
ADD_MEMO = "memos.add_memo"
CHANGE_MEMO = "memos.change_memo"  # edit or submit a draft
WITHDRAW_MEMO = "memos.withdraw_memo"  # the author, before the first opinion
ACT_ON_MEMO = "memos.act_memo"  # the current step's holder: opinion, return, decision
DELETE_MEMO = "memos.delete_memo"  # never granted: a memo's history is kept
CONFIGURE_CHAIN = "memos.change_chainstep"  # the agency's chain and memo emblem
MEMOS_ADMIN = "memos"

# Publishing (the public site): a published, signed version of an issued document, and
# the agency-year's public OIT page.
PUBLISH_DOCUMENT = "publishing.add_publication"  # object: the IssuedDocument
UNPUBLISH_PUBLICATION = "publishing.unpublish_publication"  # object: the Publication
VIEW_PUBLICATIONS = "publishing.view_publication"  # the agency's list (object: the agency)
PUBLISH_OIT_PAGE = "publishing.change_oitpage"  # object: the agency
PUBLISHING_ADMIN = "publishing"

# Audit trail.
VIEW_ACTIVITY = "audit.view_auditevent"

# Measures (and, through them, the agency's reports).
VIEW_MEASURE = "measures.view_measure"
CHANGE_MEASURE = "measures.change_measure"

# Agencies: private pages (dashboards, drafts) and the admin.
VIEW_AGENCY_PRIVATE = "agencies.view_agency_private"
VIEW_AGENCY = "agencies.view_agency"  # the admin
ADD_AGENCY = "agencies.add_agency"
CHANGE_AGENCY = "agencies.change_agency"
DELETE_AGENCY = "agencies.delete_agency"
AGENCIES_ADMIN = "agencies"  # the app in the admin index
VIEW_UNIT = "agencies.view_unit"
ADD_UNIT = "agencies.add_unit"
CHANGE_UNIT = "agencies.change_unit"
DELETE_UNIT = "agencies.delete_unit"
VIEW_MEMBERSHIP = "agencies.view_membership"
ADD_MEMBERSHIP = "agencies.add_membership"
CHANGE_MEMBERSHIP = "agencies.change_membership"
DELETE_MEMBERSHIP = "agencies.delete_membership"

# Criteria of each year (the admin) and an agency's results.
CONFIRM_CRITERIA = "assessments.confirm_assessmentyear"
ADD_CRITERIA = "assessments.add_assessmentyear"  # a new year: copied or imported
CHANGE_CRITERIA = "assessments.change_assessmentyear"  # a draft year's items, or an import
VIEW_CRITERIA = "assessments.view_assessmentyear"  # the admin, and exporting a year
VIEW_RESULT = "assessments.view_result"
CHANGE_RESULT = "assessments.change_result"
VIEW_INDICATOR_SUGGESTION = "assessments.view_indicatorsuggestion"
ASSESSMENTS_ADMIN = "assessments"

# The measure suggestion library (the admin); readiness, indicator plans, rounds,
# evidence and report choices are governed by VIEW_MEASURE / CHANGE_MEASURE.
VIEW_MEASURE_SUGGESTION = "measures.view_measuresuggestion"
MEASURES_ADMIN = "measures"

AUDIT_ADMIN = "audit"


#: An agency's own workflow: drafting its memos, giving its opinions, deciding. Django
#: grants an active superuser every permission; a system administrator must still never
#: sign for an agency's people, so these are asked through :func:`may`, which asks the
#: rules only.
WORKFLOW_PERMISSIONS = frozenset(
    {ADD_MEMO, CHANGE_MEMO, WITHDRAW_MEMO, ACT_ON_MEMO, PUBLISH_DOCUMENT, UNPUBLISH_PUBLICATION,
     PUBLISH_OIT_PAGE}
)


def may(user, name: str, obj=None) -> bool:
    """``user.has_perm(name, obj)``, except that workflow permissions come from the rules
    alone (no superuser shortcut). Use it for every permission of the memo workflow."""
    if name in WORKFLOW_PERMISSIONS:
        return bool(getattr(user, "is_active", False)) and rules.has_perm(name, user, obj)
    return user.has_perm(name, obj)


def model_perm(action: str, app_label: str, model_name: str) -> str:
    """The admin's name for a model permission, for rules.py files that register one per
    model and action (the admin asks for them by Django's convention, nothing else does):
    model_perm("change", "assessments", "indicator")."""
    return f"{app_label}.{action}_{model_name}"
