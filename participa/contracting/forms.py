"""Staff forms for each stage of a procurement process: shape only, no database writes.

Repeated rows (items, documents, milestones, payments) are a fixed number of blank rows; staff
ask for more with the ``rows`` query parameter, so the forms work without JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired
from wtforms import BooleanField, FloatField, Form, FormField, HiddenField, SelectField, StringField
from wtforms.validators import URL, AnyOf, DataRequired, Email, Length, NumberRange, Optional

from participa.contracting.codelists import choices
from participa.core.fields import (
    DateField,
    DateTimeLocalField,
    DecimalField,
    FieldList,
    IntegerField,
    MultiCheckboxField,
    bounded_int,
    long_text,
    short_text,
    title_field,
)
from participa.core.uploads import SizedFileField

DEFAULT_ROWS = 3
MAX_ROWS = 50
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _blank() -> str:
    return str(_l("—"))


class CheckboxesField(MultiCheckboxField):
    """Checkboxes whose value is a list even when none is ticked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        super().process_formdata(valuelist)
        if not valuelist:
            # No box ticked sends nothing: an empty choice (WTForms keeps None or old values).
            self.data: list[str] = []


def _amount(label: Any) -> DecimalField:
    return DecimalField(label, places=2, validators=[Optional(), NumberRange(min=0)])


class ProcessForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = title_field(300)
    description = long_text(_l("Description"), 5000)
    identifier = StringField(
        _l("Local identifier"), validators=[Optional(), Length(max=80)],
        description=_l("Letters, digits, dots, hyphens. Left empty, the next free number of the "
                       "year is used. It becomes part of the process's permanent ocid."),
    )  # fmt: skip
    buyer_id = SelectField(_l("Buyer (municipal unit)"), coerce=bounded_int, validate_choice=False)
    # Where the work happens (not part of the OCDS data: no release is published for it).
    location_text = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    district_id = SelectField(_l("District"), coerce=bounded_int, default=0)
    latitude = FloatField(
        _l("Latitude"), validators=[Optional(), NumberRange(min=-90, max=90)],
        description=_l("Optional, between -90 and 90."),
    )  # fmt: skip
    longitude = FloatField(
        _l("Longitude"), validators=[Optional(), NumberRange(min=-180, max=180)],
        description=_l("Optional, between -180 and 180."),
    )  # fmt: skip


class PlanningForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    rationale = long_text(_l("Rationale"), 5000)
    budget_description = short_text(_l("Source of funds"), 500)
    budget_amount = _amount(_l("Budget amount"))
    budget_currency = SelectField(_l("Currency"))
    project = short_text(_l("Project"), 300)
    project_id = short_text(_l("Project identifier"), 80)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget_currency.choices = choices("currency")


class ItemRow(Form):  # type: ignore[misc]  # wtforms is untyped
    id = HiddenField()
    description = short_text(_l("Description"), 500)
    classification_scheme = SelectField(_l("Classification scheme"), validate_choice=False)
    classification_id = short_text(_l("Classification code"), 40)
    quantity = DecimalField(_l("Quantity"), validators=[Optional(), NumberRange(min=0)])
    unit = short_text(_l("Unit"), 40)


class DocumentRow(Form):  # type: ignore[misc]  # wtforms is untyped
    id = HiddenField()
    document_type = SelectField(_l("Document type"), validate_choice=False)
    title = short_text(_l("Title"), 300)
    # Checked against the OCDS schema (format uri) when the release is built.
    url = short_text(_l("Web address"), 500)


class MilestoneRow(Form):  # type: ignore[misc]  # wtforms is untyped
    id = HiddenField()
    title = short_text(_l("Milestone"), 300)
    type = SelectField(_l("Type"), default="delivery", validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False)
    due_date = DateField(_l("Due date"), validators=[Optional()])
    date_met = DateField(_l("Date met"), validators=[Optional()])


class TransactionRow(Form):  # type: ignore[misc]  # wtforms is untyped
    id = HiddenField()
    date = DateField(_l("Payment date"), validators=[Optional()])
    amount = DecimalField(_l("Amount"), places=2, validators=[Optional(), NumberRange(min=0)])
    payee_id = SelectField(_l("Paid to"), validate_choice=False)
    uri = short_text(_l("Payment record (web address)"), 500)


def _rows(kind: type[Form], label: Any, count: int) -> FieldList:
    return FieldList(FormField(kind), label=label, min_entries=count, max_entries=MAX_ROWS)


def _fill_row_choices(rows: FieldList, field: str, options: list[tuple[str, str]]) -> None:
    for entry in rows:
        getattr(entry.form, field).choices = options


class _TenderForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = short_text(_l("Tender title"), 300, required=True)
    description = long_text(_l("Description"), 5000)
    status = SelectField(_l("Tender status"))
    procurement_method = SelectField(_l("Procurement method"), validators=[DataRequired()])
    method_details = short_text(
        _l("Method in local terms"),
        200,
        description=_l("For example: Licitación pública, Contratación directa."),
    )
    method_rationale = short_text(_l("Why this method"), 1000)
    main_category = SelectField(_l("Main category"))
    procuring_entity_id = SelectField(
        _l("Procuring entity"), coerce=bounded_int, validate_choice=False
    )
    value_amount = _amount(_l("Estimated value"))
    currency = SelectField(_l("Currency"))
    tender_start = DateTimeLocalField(_l("Tender period: start"), format=DATETIME_FORMAT,
                                      validators=[Optional()])  # fmt: skip
    tender_end = DateTimeLocalField(_l("Tender period: end"), format=DATETIME_FORMAT,
                                    validators=[Optional()])  # fmt: skip
    enquiry_start = DateTimeLocalField(_l("Enquiry period: start"), format=DATETIME_FORMAT,
                                       validators=[Optional()])  # fmt: skip
    enquiry_end = DateTimeLocalField(_l("Enquiry period: end"), format=DATETIME_FORMAT,
                                     validators=[Optional()])  # fmt: skip
    award_criteria = SelectField(_l("Award criteria"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = choices("tenderStatus")
        self.procurement_method.choices = choices("method", blank=_blank())
        self.main_category.choices = choices("procurementCategory", blank=_blank())
        self.currency.choices = choices("currency")
        self.award_criteria.choices = choices("awardCriteria", blank=_blank())
        _fill_row_choices(self.items, "classification_scheme",
                          choices("itemClassificationScheme", blank=_blank()))  # fmt: skip
        _fill_row_choices(self.documents, "document_type", choices("documentType", blank=_blank()))

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        ok: bool = super().validate(extra_validators)
        for start, end in ((self.tender_start, self.tender_end),
                           (self.enquiry_start, self.enquiry_end)):  # fmt: skip
            if start.data and end.data and end.data < start.data:
                end.errors.append(_l("The end must come after the start."))
                ok = False
        return ok


def tender_form(rows: int = DEFAULT_ROWS, **kwargs: Any) -> _TenderForm:
    """The tender form with ``rows`` blank rows of items and documents."""

    class TenderForm(_TenderForm):
        items = _rows(ItemRow, _l("Items"), rows)
        documents = _rows(DocumentRow, _l("Documents"), rows)

    return TenderForm(**kwargs)


class TenderersForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    tenderers = CheckboxesField(_l("Organisations that submitted a bid"), coerce=str,
                                validate_choice=False)  # fmt: skip


class _AwardedForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """An award's or a contract's form: a status of codelist ``status_codelist``, a currency and
    (in the subclass the factory makes) rows of documents."""

    status_codelist: ClassVar[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = choices(self.status_codelist)
        self.currency.choices = choices("currency")
        _fill_row_choices(self.documents, "document_type", choices("documentType", blank=_blank()))


class _AwardForm(_AwardedForm):
    status_codelist = "awardStatus"

    title = short_text(_l("Award title"), 300)
    status = SelectField(_l("Award status"))
    date = DateField(_l("Award date"), validators=[DataRequired()])
    value_amount = _amount(_l("Awarded value"))
    currency = SelectField(_l("Currency"))
    suppliers = CheckboxesField(_l("Suppliers"), coerce=str, validate_choice=False)


def award_form(rows: int = DEFAULT_ROWS, **kwargs: Any) -> _AwardForm:
    class AwardForm(_AwardForm):
        documents = _rows(DocumentRow, _l("Documents"), rows)

    return AwardForm(**kwargs)


class _ContractForm(_AwardedForm):
    status_codelist = "contractStatus"

    award_id = SelectField(_l("Award"), validators=[DataRequired()], validate_choice=False)
    title = short_text(_l("Contract title"), 300)
    status = SelectField(_l("Contract status"))
    value_amount = _amount(_l("Contract value"))
    currency = SelectField(_l("Currency"))
    start = DateField(_l("Contract period: start"), validators=[Optional()])
    end = DateField(_l("Contract period: end"), validators=[Optional()])
    date_signed = DateField(_l("Date signed"), validators=[Optional()])


def contract_form(rows: int = DEFAULT_ROWS, **kwargs: Any) -> _ContractForm:
    class ContractForm(_ContractForm):
        documents = _rows(DocumentRow, _l("Documents"), rows)

    return ContractForm(**kwargs)


class _ImplementationForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    def __init__(self, *args: Any, payees: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _fill_row_choices(self.milestones, "status", choices("milestoneStatus", blank=_blank()))
        _fill_row_choices(self.milestones, "type", choices("milestoneType"))
        _fill_row_choices(self.transactions, "payee_id", [("", _blank()), *payees])


def implementation_form(rows: int = DEFAULT_ROWS, **kwargs: Any) -> _ImplementationForm:
    class ImplementationForm(_ImplementationForm):
        milestones = _rows(MilestoneRow, _l("Milestones"), rows)
        transactions = _rows(TransactionRow, _l("Payments"), rows)

    return ImplementationForm(**kwargs)


class AmendmentForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    target = SelectField(_l("What is amended"), validators=[DataRequired()], validate_choice=False)
    rationale = long_text(_l("Rationale"), 2000, required=True)
    description = long_text(_l("What changes"), 2000)
    new_amount = _amount(_l("New value (if it changes)"))
    new_end = DateField(_l("New end date (if it changes)"), validators=[Optional()])


class PartyForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    name = short_text(_l("Name"), 300, required=True)
    scheme = short_text(
        _l("Identifier scheme"),
        40,
        description=_l("org-id.guide code of the tax register: AR-CUIT, BO-NIT, CL-RUT, CO-NIT."),
    )
    identifier = short_text(_l("Tax identifier"), 80)
    legal_name = short_text(_l("Legal name"), 300)
    street_address = short_text(_l("Street address"), 300)
    locality = short_text(_l("Locality"), 120)
    region = short_text(_l("Region"), 120)
    postal_code = short_text(_l("Postal code"), 20)
    country_name = short_text(_l("Country"), 80)
    contact_name = short_text(_l("Contact person"), 200)
    contact_email = StringField(
        _l("Contact e-mail"), validators=[Optional(), Email(), Length(max=254)]
    )
    contact_telephone = short_text(_l("Contact telephone"), 40)
    contact_url = StringField(_l("Web site"), validators=[Optional(), URL(), Length(max=300)])
    is_public_body = BooleanField(_l("This is the municipality or one of its units"))


class SettingsForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    publisher_name = short_text(_l("Publisher name"), 200)
    publisher_scheme = short_text(_l("Publisher identifier scheme"), 40)
    publisher_uid = short_text(_l("Publisher identifier"), 80)
    publisher_uri = StringField(
        _l("Publisher web site"), validators=[Optional(), URL(), Length(max=300)]
    )
    license_url = StringField(
        _l("Licence (web address)"), validators=[Optional(), URL(), Length(max=300)]
    )
    publication_policy_url = StringField(
        _l("Publication policy (web address)"), validators=[Optional(), URL(), Length(max=300)],
        description=_l("Left empty, the platform's own publication policy page is used."),
    )  # fmt: skip
    currency = SelectField(_l("Default currency"))
    short_tender_days = IntegerField(
        _l("Minimum tender period (days)"), validators=[DataRequired(), NumberRange(min=1, max=365)]
    )
    non_competitive_threshold = DecimalField(
        _l("Threshold for limited and direct procedures"), places=2,
        validators=[Optional(), NumberRange(min=0)],
    )  # fmt: skip
    award_over_estimate_percent = IntegerField(
        _l("Award above estimate (percent)"), validators=[DataRequired(), NumberRange(min=1)]
    )
    amendment_increase_percent = IntegerField(
        _l("Contract increase by amendments (percent)"),
        validators=[DataRequired(), NumberRange(min=1)],
    )
    new_supplier_days = IntegerField(
        _l("New supplier window (days)"), validators=[DataRequired(), NumberRange(min=1)]
    )
    publication_delay_days = IntegerField(
        _l("Publication delay allowed (days)"), validators=[DataRequired(), NumberRange(min=0)]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency.choices = choices("currency")

    def settings(self) -> dict[str, Any]:
        return {name: f.data for name, f in self._fields.items() if name != "csrf_token"}


class LinkForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    kind = SelectField(_l("Kind"), validate_choice=False)
    target_id = IntegerField(_l("Number"), validators=[DataRequired(), NumberRange(min=1)])


class ImportForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    file = SizedFileField(
        _l("File"), validators=[FileRequired()], max_bytes="CONTRACTING_IMPORT_MAX_BYTES",
        description=_l("An OCDS release package (.json), or releases in the flattened layout of "
                       "the template (.csv, or a .zip of sheets)."),
    )  # fmt: skip


class ConflictDecisionForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Staff's decision on imported details that differ from the register."""

    decision = StringField(validators=[DataRequired(), AnyOf(["accept", "keep"])])
    back = HiddenField()
