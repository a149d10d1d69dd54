from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assessments.models import AssessmentYear
from ita_portal.agencies.access import agency_or_403
from ita_portal.documents.rendering import payload_html, render_payload
from ita_portal.pdf.render import pdf_response
from ita_portal.permissions import (
    ACT_ON_MEMO,
    ADD_MEMO,
    CHANGE_MEMO,
    CONFIGURE_CHAIN,
    VIEW_MEMO,
    WITHDRAW_MEMO,
    may,
)
from ita_portal.thai import parse_id
from measures.models import RoundKind
from memos.documents import image_data_uri, memo_defaults, memo_payload, report_title
from memos.forms import (
    ActForm,
    ChainFormSet,
    ImageUploadForm,
    MemoForm,
    ReturnForm,
    chain_initial,
)
from memos.models import Memo, MemoSettings, Signature, StepKind
from memos.selectors import (
    chain_of,
    chain_problems,
    current_step,
    holds_step,
    memos_of,
    memos_waiting_for,
    step_holders,
    steps_history,
)
from memos.services import (
    ChainStepData,
    ReportChanged,
    chain_save,
    default_chain,
    emblem_save,
    memo_create,
    memo_decide,
    memo_forward,
    memo_return,
    memo_submit,
    memo_update,
    memo_withdraw,
    report_changes,
    signature_save,
)
from reports.documents import ReportKind
from reports.models import ProgressLayout


def _memo_or_403(request: HttpRequest, code: str, pk: int) -> Memo:
    memo = get_object_or_404(
        Memo.objects.select_related("agency", "year", "author", "report_document", "document"),
        pk=pk, agency__code=code,
    )
    if not request.user.has_perm(VIEW_MEMO, memo):
        raise PermissionDenied("คุณไม่มีสิทธิ์ดูบันทึกข้อความของหน่วยงานนี้")
    return memo


def _refusal(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def memo_list(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_or_403(request, code, VIEW_MEMO)
    return render(
        request,
        "memos/list.html",
        {
            "agency": agency,
            "memos": memos_of(agency),
            "waiting": memos_waiting_for(request.user, agency),
            "can_configure": request.user.has_perm(CONFIGURE_CHAIN, agency),
        },
    )


@login_required
def memo_create_view(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    """A new memo for one report, prefilled; saved as a draft."""
    agency = agency_or_403(request, code, VIEW_MEMO)
    if not may(request.user, ADD_MEMO, agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์จัดทำบันทึกข้อความของหน่วยงานนี้")
    criteria = get_object_or_404(AssessmentYear, year=year)
    if kind not in ReportKind.values:
        raise Http404("ไม่รู้จักรายงานชนิดนี้")
    # The report's choices stay in the query string (the form posts back to the same URL).
    layout = request.GET.get("layout", "") if kind == ReportKind.PROGRESS else ""
    round_kind = request.GET.get("round", "") if kind == ReportKind.PROGRESS else ""
    if layout and layout not in ProgressLayout.values:
        raise Http404("ไม่รู้จักรูปแบบรายงานนี้")
    if round_kind and round_kind not in RoundKind.values:
        raise Http404("ไม่รู้จักรอบการรายงานนี้")
    form = MemoForm(
        request.POST or None,
        initial=memo_defaults(agency, criteria, kind, round_kind, request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            memo = memo_create(
                agency=agency, year=criteria, report_kind=kind, report_layout=layout,
                report_round=round_kind, acting_user=request.user, **form.cleaned_data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "บันทึกร่างบันทึกข้อความแล้ว ตรวจดูตัวอย่างแล้วกด “เสนอ”")
            return redirect("memos:memo_detail", code=code, pk=memo.pk)
    return render(
        request,
        "memos/form.html",
        {
            "agency": agency,
            "criteria": criteria,
            "form": form,
            "report_title": report_title(kind, round_kind, criteria.year),
            "chain_problems": chain_problems(agency),
        },
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def memo_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    memo = _memo_or_403(request, code, pk)
    if not may(request.user, CHANGE_MEMO, memo):
        raise PermissionDenied("แก้ไขได้เฉพาะร่างบันทึกข้อความของหน่วยงานของคุณ")
    form = MemoForm(request.POST or None, instance=memo)
    if request.method == "POST" and form.is_valid():
        try:
            memo_update(memo, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "บันทึกการแก้ไขแล้ว")
            return redirect("memos:memo_detail", code=code, pk=memo.pk)
    return render(
        request,
        "memos/form.html",
        {
            "agency": memo.agency,
            "criteria": memo.year,
            "form": form,
            "memo": memo,
            "report_title": report_title(memo.report_kind, memo.report_round, memo.year.year),
            "chain_problems": chain_problems(memo.agency),
        },
    )


@login_required
def memo_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The memo with its report side by side, its history, and what the viewer may do."""
    memo = _memo_or_403(request, code, pk)
    step = current_step(memo)
    can_act = may(request.user, ACT_ON_MEMO, memo)
    changes = report_changes(memo) if can_act and step and step.kind == StepKind.DECISION else []
    return render(
        request,
        "memos/detail.html",
        _detail_context(request, memo, step, can_act, changes),
    )


def _detail_context(request, memo, step, can_act, changes, act_form=None, return_form=None):
    return {
        "agency": memo.agency,
        "memo": memo,
        "step": step,
        "holders": step_holders(step, memo.agency) if step else [],
        "history": steps_history(memo),
        "can_edit": may(request.user, CHANGE_MEMO, memo),
        "can_withdraw": may(request.user, WITHDRAW_MEMO, memo),
        "can_act": can_act,
        "own_memo": memo.author_id == request.user.pk,
        "act_form": act_form
        or (ActForm(initial={"step": step.pk}, step_kind=step.kind) if can_act else None),
        "return_form": return_form
        or (ReturnForm(initial={"step": step.pk}) if can_act else None),
        "report_changes": changes,
        "chain_problems": chain_problems(memo.agency) if memo.is_draft else [],
    }


@login_required
def memo_preview(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The memo as it prints, in the browser; an issued memo shows its frozen payload."""
    memo = _memo_or_403(request, code, pk)
    payload = memo.document.payload if memo.document_id else memo_payload(memo)
    return HttpResponse(payload_html(payload, preview=True))


@login_required
def memo_pdf(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A draft PDF; once decided, the issued file (rendered once, in the background)."""
    memo = _memo_or_403(request, code, pk)
    if memo.document_id:
        return redirect("documents:document_detail", code=code, pk=memo.document_id)
    payload = memo_payload(memo)
    return pdf_response(render_payload(payload).content, payload["filename"])


@login_required
@require_POST
def memo_submit_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    memo = _memo_or_403(request, code, pk)
    try:
        memo = memo_submit(memo, acting_user=request.user)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, "เสนอบันทึกข้อความแล้ว ออกรายงานที่แนบ (ตรึงข้อมูล) และแจ้งผู้พิจารณาแล้ว")
    return redirect("memos:memo_detail", code=code, pk=memo.pk)


@login_required
@require_POST
def memo_withdraw_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    memo = _memo_or_403(request, code, pk)
    try:
        memo = memo_withdraw(memo, acting_user=request.user)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, "ถอนบันทึกกลับมาเป็นร่างแล้ว")
    return redirect("memos:memo_detail", code=code, pk=memo.pk)


def _holder_or_403(request: HttpRequest, memo: Memo) -> None:
    """Only the step's holders get past: the current holder, or one who held the step
    posted and was beaten to it (they are told so, with what they typed)."""
    if may(request.user, ACT_ON_MEMO, memo):
        return
    step_id = parse_id(request.POST.get("step", ""))
    posted = memo.steps.filter(pk=step_id).first() if step_id else None
    if (
        posted is None
        or memo.author_id == request.user.pk
        or not holds_step(request.user, posted, memo.agency_id)
    ):
        raise PermissionDenied("คุณไม่ใช่ผู้พิจารณาในขั้นตอนนี้ของบันทึกข้อความ")


def _refused_page(request, code, memo, *, act_form=None, return_form=None, changes=()):
    """The memo page again after a refused action, keeping what the person typed."""
    memo = _memo_or_403(request, code, memo.pk)
    step = current_step(memo)
    can_act = may(request.user, ACT_ON_MEMO, memo)
    context = _detail_context(
        request, memo, step, can_act, list(changes),
        act_form=act_form if can_act else None, return_form=return_form if can_act else None,
    )
    typed = (act_form or return_form).data
    context["typed"] = typed.get("note") or typed.get("reason") or ""
    context["refusals"] = (act_form or return_form).non_field_errors()
    return render(request, "memos/detail.html", context)


@login_required
@require_POST
def memo_act(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Opinion and forward, or the decision at the last step."""
    memo = _memo_or_403(request, code, pk)
    _holder_or_403(request, memo)
    step = current_step(memo)
    form = ActForm(request.POST, step_kind=step.kind if step else StepKind.OPINION)
    changes: list[str] = []
    if form.is_valid():
        data = form.cleaned_data
        action = memo_decide if step and step.kind == StepKind.DECISION else memo_forward
        try:
            memo = action(
                memo, acting_user=request.user, step_id=data["step"],
                choice=data["choice"], note=data["note"],
            )
        except ReportChanged as error:
            changes = error.changes
            form.add_error(None, error.messages)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                f"สั่งการ “{memo.decision}” แล้ว บันทึกเลขที่ {memo.number}/{memo.year.year}"
                if memo.is_decided else "บันทึกความเห็นและเสนอต่อแล้ว",
            )
            return redirect("memos:memo_detail", code=code, pk=memo.pk)
    return _refused_page(request, code, memo, act_form=form, changes=changes)


@login_required
@require_POST
def memo_return_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    memo = _memo_or_403(request, code, pk)
    _holder_or_403(request, memo)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            memo = memo_return(
                memo, acting_user=request.user, step_id=form.cleaned_data["step"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "ส่งคืนให้ผู้เสนอแก้ไขแล้ว")
            return redirect("memos:memo_detail", code=code, pk=memo.pk)
    return _refused_page(request, code, memo, return_form=form)


@login_required
def chain_edit(request: HttpRequest, code: str) -> HttpResponse:
    """The agency's approval chain and its memo emblem (agency admins)."""
    agency = agency_or_403(
        request, code, CONFIGURE_CHAIN, "คุณไม่มีสิทธิ์กำหนดขั้นตอนการเสนอของหน่วยงานนี้"
    )
    chain = chain_of(agency)
    formset = ChainFormSet(
        request.POST or None,
        initial=None if request.POST else chain_initial(chain or default_chain(agency)),
        agency=agency, prefix="steps",
    )
    emblem_form = ImageUploadForm()
    if request.method == "POST" and formset.is_valid():
        steps = [
            ChainStepData(
                heading=f.cleaned_data["heading"], kind=f.cleaned_data["kind"],
                role=f.cleaned_data["role"], holder=f.cleaned_data["holder"],
                deputy=f.cleaned_data["deputy"], deputy_acting=f.cleaned_data["deputy_acting"],
            )
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            chain_save(agency, steps, acting_user=request.user)
        except ValidationError as error:
            for message in error.messages:
                formset._non_form_errors.append(message)
        else:
            messages.success(request, "บันทึกขั้นตอนการเสนอแล้ว")
            return redirect("memos:chain_edit", code=code)
    settings = MemoSettings.objects.filter(agency=agency).first()
    return render(
        request,
        "memos/chain.html",
        {
            "agency": agency,
            "formset": formset,
            "emblem_form": emblem_form,
            "emblem": settings.emblem if settings and settings.emblem else None,
            "problems": chain_problems(agency, chain),
        },
    )


@login_required
@require_POST
def emblem_edit(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_or_403(
        request, code, CONFIGURE_CHAIN, "คุณไม่มีสิทธิ์เปลี่ยนตราสัญลักษณ์ของหน่วยงานนี้"
    )
    form = ImageUploadForm(request.POST, request.FILES)
    if form.is_valid():
        emblem_save(
            agency, acting_user=request.user,
            image=None if form.cleaned_data["remove"] else form.cleaned_data["image"],
        )
        messages.success(request, "บันทึกตราสัญลักษณ์แล้ว")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("memos:chain_edit", code=code)


@login_required
def signature_edit(request: HttpRequest) -> HttpResponse:
    """A person's own signature image, printed on memos they sign."""
    form = ImageUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        signature_save(
            acting_user=request.user,
            image=None if form.cleaned_data["remove"] else form.cleaned_data["image"],
        )
        messages.success(request, "บันทึกแล้ว")
        return redirect("memos:signature_edit")
    signature = Signature.objects.filter(user=request.user).first()
    return render(
        request,
        "memos/signature.html",
        {"form": form, "signature": image_data_uri(signature.image) if signature else None},
    )
