"""Background work of issued documents, through the Django tasks API (django-tasks).

The database backend queues the task in the same database; `manage.py db_worker` runs
it (several workers, on several machines, may share one PostgreSQL queue).
"""

from django_tasks import task

from ita_portal.documents.renderer import document_render


@task()
def render_issued_document(document_id: int) -> str:
    """Render and store an issued document's PDF; returns its status."""
    return document_render(document_id).status
