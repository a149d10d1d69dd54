"""Writes of the agencies domain: an agency admin adds the people of their agency."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from ita_portal.agencies.models import Agency, Membership, Role, Unit
from ita_portal.audit.actions import Action
from ita_portal.audit.services import audit_record
from ita_portal.permissions import ADD_MEMBERSHIP


@dataclass(frozen=True)
class MemberInvite:
    email: str
    first_name: str
    last_name: str
    role: str
    position_title: str
    unit: Unit | None


def _username_for(email: str) -> str:
    """A free username from the e-mail's local part (somchai, somchai2, …)."""
    users = get_user_model().objects
    base = (slugify(email.split("@", 1)[0]) or "user")[:140]
    name, n = base, 1
    while users.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def member_invite(
    agency: Agency, *, invite: MemberInvite, acting_user, base_url: str
) -> Membership:
    """Give a person a role in ``agency``: an existing account (same e-mail) or a new one
    without a usable password, whose owner is sent a link to set their first password.

    ``base_url`` is the portal's address (scheme and host) for the link in the e-mail.
    """
    if not acting_user.has_perm(ADD_MEMBERSHIP, agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์เพิ่มผู้ใช้งานของหน่วยงานนี้")
    if invite.role not in Role.values:
        raise ValidationError({"role": "บทบาทไม่ถูกต้อง"})
    if invite.unit is not None and invite.unit.agency_id != agency.pk:
        raise ValidationError({"unit": "ส่วนราชการที่เลือกต้องเป็นของหน่วยงานนี้"})
    users = get_user_model().objects
    with transaction.atomic():
        Agency.objects.select_for_update().get(pk=agency.pk)
        user = users.filter(email__iexact=invite.email).order_by("pk").first()
        created = user is None
        if created:
            user = users.create(
                username=_username_for(invite.email),
                email=invite.email,
                first_name=invite.first_name,
                last_name=invite.last_name,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        elif Membership.objects.filter(user=user, agency=agency, role=invite.role).exists():
            raise ValidationError(
                f"{invite.email} มีบทบาท{Role(invite.role).label}ในหน่วยงานนี้อยู่แล้ว"
            )
        membership = Membership.objects.create(
            user=user, agency=agency, role=invite.role,
            position_title=invite.position_title, unit=invite.unit,
        )
        audit_record(
            actor=acting_user,
            action=Action.MEMBER_ADD,
            agency=agency,
            obj=membership,
            summary=f"เพิ่ม {user.get_full_name() or user.username} เป็น{Role(invite.role).label}"
            + (" (บัญชีใหม่)" if created else ""),
            after={"user": user.username, "role": invite.role, "new_account": created},
        )
        transaction.on_commit(
            lambda: _send_invitation(user, agency, membership, created=created, base_url=base_url)
        )
    return membership


def _send_invitation(user, agency: Agency, membership: Membership, *, created: bool,
                     base_url: str) -> None:
    link = ""
    if created:
        link = base_url + reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    context = {"user": user, "agency": agency, "membership": membership, "link": link,
               "login": base_url + reverse("login")}
    send_mail(
        f"ITA Portal: คุณได้รับสิทธิ์ใช้งานของ{agency.name}",
        render_to_string("agencies/member_invite_email.txt", context),
        None,
        [user.email],
    )
