import rules

from ita_portal.agencies.models import Role
from ita_portal.agencies.predicates import has_role, is_agency_admin, is_member, is_superuser
from ita_portal.permissions import (
    ACT_ON_MEMO,
    ADD_MEMO,
    CHANGE_MEMO,
    CONFIGURE_CHAIN,
    DELETE_MEMO,
    MEMOS_ADMIN,
    VIEW_MEMO,
    WITHDRAW_MEMO,
)
from memos.models import Memo, MemoState
from memos.selectors import can_act, steps_of_round

preparers = has_role(Role.OFFICER, Role.HEAD_OF_OFFICE, Role.AGENCY_ADMIN)


@rules.predicate
def is_draft(user, memo) -> bool:
    return isinstance(memo, Memo) and memo.state == MemoState.DRAFT


@rules.predicate
def is_author(user, memo) -> bool:
    return isinstance(memo, Memo) and memo.author_id is not None and memo.author_id == user.pk


@rules.predicate
def nobody_acted_yet(user, memo) -> bool:
    return (
        isinstance(memo, Memo)
        and memo.state == MemoState.IN_REVIEW
        and all(step.is_waiting for step in steps_of_round(memo))
    )


@rules.predicate
def holds_current_step(user, memo) -> bool:
    return isinstance(memo, Memo) and can_act(user, memo)


# Every member reads the agency's memos; those who prepare reports draft them (the object
# may be the agency, to start a memo, or the draft itself). Only the current step's holder
# acts, never on their own memo (can_act). Nobody deletes a memo: withdrawn and returned
# memos keep their history. Not even a system administrator acts for an agency's people.
rules.add_perm(VIEW_MEMO, is_superuser | is_member)
rules.add_perm(ADD_MEMO, preparers)
rules.add_perm(CHANGE_MEMO, preparers & is_draft)
rules.add_perm(WITHDRAW_MEMO, is_author & nobody_acted_yet)
rules.add_perm(ACT_ON_MEMO, holds_current_step)
rules.add_perm(DELETE_MEMO, rules.always_deny)
rules.add_perm(CONFIGURE_CHAIN, is_superuser | is_agency_admin)
rules.add_perm(MEMOS_ADMIN, is_superuser)
