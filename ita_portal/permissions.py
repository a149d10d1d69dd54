"""Every permission name of the portal, in one place.

Views, services, templates ({% has_perm %} with these values) and the admin ask
``user.has_perm(NAME, obj)``; the rules behind each name are in the apps' rules.py and
receive the object itself (a measure, a result, an issued document), not only its agency.
"""

# Issued documents (reports frozen as payload + PDF).
VIEW_DOCUMENT = "documents.view_issueddocument"
ISSUE_DOCUMENT = "documents.add_issueddocument"
RENDER_DOCUMENT = "documents.render_issueddocument"  # retry a failed render
CHANGE_DOCUMENT = "documents.change_issueddocument"  # never granted: issued means frozen
DELETE_DOCUMENT = "documents.delete_issueddocument"  # never granted

# Audit trail.
VIEW_ACTIVITY = "audit.view_auditevent"
