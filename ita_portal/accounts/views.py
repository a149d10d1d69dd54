from django.contrib.auth import views as auth_views

from ita_portal.accounts.services import unlock_login


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view; a new password set from the e-mailed link also ends a lock-out.

    Whoever holds the link controls the account's mailbox, which is what an administrator
    would check before unlocking by hand.
    """

    def form_valid(self, form):
        response = super().form_valid(form)
        unlock_login(self.user.get_username())
        return response
