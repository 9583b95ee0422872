"""Translatable labels for the OCDS codelist codes shown to people.

The bundled CSV files only carry English titles, so every code of every codelist that pages and
forms show has a label here, whose msgid is the CSV title. Each label carries the codelist name as
its message context, because one English word can need different translations in different places
(the procurement method "Open" is not the button "Open"). ``lazy_pgettext`` is imported as
``pgettext`` so that the standard extraction keywords pick it up.

Currencies are not listed: their names come from Babel's locale data. The codes themselves are
never translated; they stay as they are in the releases.
"""

from __future__ import annotations

from babel.core import Locale
from babel.numbers import get_currency_name
from flask_babel import get_locale
from flask_babel import lazy_pgettext as pgettext
from flask_babel.speaklater import LazyString

LABELS: dict[str, dict[str, LazyString]] = {
    "method": {
        "open": pgettext("method", "Open"),
        "selective": pgettext("method", "Selective"),
        "limited": pgettext("method", "Limited"),
        "direct": pgettext("method", "Direct"),
    },
    "procurementCategory": {
        "goods": pgettext("procurementCategory", "Goods and supplies"),
        "works": pgettext("procurementCategory", "Works"),
        "services": pgettext("procurementCategory", "Services"),
    },
    "tenderStatus": {
        "planning": pgettext("tenderStatus", "Planning"),
        "planned": pgettext("tenderStatus", "Planned"),
        "active": pgettext("tenderStatus", "Active"),
        "cancelled": pgettext("tenderStatus", "Cancelled"),
        "unsuccessful": pgettext("tenderStatus", "Unsuccessful"),
        "complete": pgettext("tenderStatus", "Complete"),
        "withdrawn": pgettext("tenderStatus", "Withdrawn"),
    },
    "awardStatus": {
        "pending": pgettext("awardStatus", "Pending"),
        "active": pgettext("awardStatus", "Active"),
        "cancelled": pgettext("awardStatus", "Cancelled"),
        "unsuccessful": pgettext("awardStatus", "Unsuccessful"),
    },
    "contractStatus": {
        "pending": pgettext("contractStatus", "Pending"),
        "active": pgettext("contractStatus", "Active"),
        "cancelled": pgettext("contractStatus", "Cancelled"),
        "terminated": pgettext("contractStatus", "Terminated"),
    },
    "awardCriteria": {
        "priceOnly": pgettext("awardCriteria", "Price only"),
        "costOnly": pgettext("awardCriteria", "Cost only"),
        "qualityOnly": pgettext("awardCriteria", "Quality only"),
        "ratedCriteria": pgettext("awardCriteria", "Rated criteria"),
        "lowestCost": pgettext("awardCriteria", "Lowest cost"),
        "bestProposal": pgettext("awardCriteria", "Best proposal"),
        "bestValueToGovernment": pgettext("awardCriteria", "Best value to government"),
        "singleBidOnly": pgettext("awardCriteria", "Single bid only"),
    },
    "submissionMethod": {
        "electronicSubmission": pgettext("submissionMethod", "Electronic submission"),
        "electronicAuction": pgettext("submissionMethod", "Electronic auction"),
        "written": pgettext("submissionMethod", "Written"),
        "inPerson": pgettext("submissionMethod", "In person"),
    },
    "milestoneStatus": {
        "scheduled": pgettext("milestoneStatus", "Scheduled"),
        "met": pgettext("milestoneStatus", "Met"),
        "notMet": pgettext("milestoneStatus", "Not met"),
        "partiallyMet": pgettext("milestoneStatus", "Partially met"),
    },
    "milestoneType": {
        "preProcurement": pgettext("milestoneType", "Pre-procurement milestones"),
        "approval": pgettext("milestoneType", "Approval milestones"),
        "engagement": pgettext("milestoneType", "Engagement milestones"),
        "assessment": pgettext("milestoneType", "Assessment milestones"),
        "delivery": pgettext("milestoneType", "Delivery milestones"),
        "reporting": pgettext("milestoneType", "Reporting milestones"),
        "financing": pgettext("milestoneType", "Financing milestones"),
        "payment": pgettext("milestoneType", "Payment milestones"),
    },
    "partyRole": {
        "buyer": pgettext("partyRole", "Buyer"),
        "procuringEntity": pgettext("partyRole", "Procuring entity"),
        "supplier": pgettext("partyRole", "Supplier"),
        "tenderer": pgettext("partyRole", "Tenderer"),
        "funder": pgettext("partyRole", "Funder"),
        "enquirer": pgettext("partyRole", "Enquirer"),
        "payer": pgettext("partyRole", "Payer"),
        "payee": pgettext("partyRole", "Payee"),
        "reviewBody": pgettext("partyRole", "Review body"),
        "interestedParty": pgettext("partyRole", "Interested party"),
    },
    "releaseTag": {
        "planning": pgettext("releaseTag", "Planning"),
        "planningUpdate": pgettext("releaseTag", "Planning update"),
        "tender": pgettext("releaseTag", "Tender"),
        "tenderAmendment": pgettext("releaseTag", "Tender amendment"),
        "tenderUpdate": pgettext("releaseTag", "Tender update"),
        "tenderCancellation": pgettext("releaseTag", "Tender cancellation"),
        "award": pgettext("releaseTag", "Award"),
        "awardUpdate": pgettext("releaseTag", "Award update"),
        "awardCancellation": pgettext("releaseTag", "Award cancellation"),
        "contract": pgettext("releaseTag", "Contract"),
        "contractUpdate": pgettext("releaseTag", "Contract update"),
        "contractAmendment": pgettext("releaseTag", "Contract amendment"),
        "implementation": pgettext("releaseTag", "Implementation"),
        "implementationUpdate": pgettext("releaseTag", "Implementation update"),
        "contractTermination": pgettext("releaseTag", "Contract termination"),
        "compiled": pgettext("releaseTag", "Compiled record"),
    },
    "documentType": {
        "plannedProcurementNotice": pgettext("documentType", "Notice of planned procurement"),
        "tenderNotice": pgettext("documentType", "Tender notice"),
        "awardNotice": pgettext("documentType", "Award notice"),
        "contractNotice": pgettext("documentType", "Contract notice"),
        "completionCertificate": pgettext("documentType", "Completion certificate"),
        "procurementPlan": pgettext("documentType", "Procurement plan"),
        "biddingDocuments": pgettext("documentType", "Bidding documents"),
        "technicalSpecifications": pgettext("documentType", "Technical specifications"),
        "evaluationCriteria": pgettext("documentType", "Evaluation criteria"),
        "evaluationReports": pgettext("documentType", "Evaluation report"),
        "contractDraft": pgettext("documentType", "Contract draft"),
        "contractSigned": pgettext("documentType", "Signed contract"),
        "contractArrangements": pgettext("documentType", "Arrangements for ending contract"),
        "contractSchedule": pgettext("documentType", "Contract schedules"),
        "physicalProgressReport": pgettext("documentType", "Physical progress reports"),
        "financialProgressReport": pgettext("documentType", "Financial progress reports"),
        "finalAudit": pgettext("documentType", "Final audit"),
        "hearingNotice": pgettext("documentType", "Public hearing notice"),
        "marketStudies": pgettext("documentType", "Market studies"),
        "eligibilityCriteria": pgettext("documentType", "Eligibility criteria"),
        "clarifications": pgettext("documentType", "Clarifications to bidders questions"),
        "shortlistedFirms": pgettext("documentType", "Shortlisted firms"),
        "environmentalImpact": pgettext("documentType", "Environmental impact"),
        "assetAndLiabilityAssessment": pgettext(
            "documentType", "Assessment of government's assets and liabilities"
        ),
        "riskProvisions": pgettext(
            "documentType", "Provisions for management of risks and liabilities"
        ),
        "winningBid": pgettext("documentType", "Winning bid"),
        "complaints": pgettext("documentType", "Complaints and decisions"),
        "contractAnnexe": pgettext("documentType", "Annexes to the contract"),
        "contractGuarantees": pgettext("documentType", "Guarantees"),
        "subContract": pgettext("documentType", "Subcontracts"),
        "needsAssessment": pgettext("documentType", "Needs assessment"),
        "feasibilityStudy": pgettext("documentType", "Feasibility study"),
        "projectPlan": pgettext("documentType", "Project plan"),
        "billOfQuantity": pgettext("documentType", "Bill of quantity"),
        "bidders": pgettext("documentType", "Information on bidders"),
        "conflictOfInterest": pgettext("documentType", "Conflict of interest"),
        "debarments": pgettext("documentType", "Debarments"),
        "illustration": pgettext("documentType", "Illustrations"),
        "submissionDocuments": pgettext("documentType", "Bid submission documents"),
        "contractSummary": pgettext("documentType", "Contract summary"),
        "cancellationDetails": pgettext("documentType", "Cancellation details"),
    },
    "itemClassificationScheme": {
        "CPV": pgettext("itemClassificationScheme", "EC Common Procurement Vocabulary"),
        "CPVS": pgettext(
            "itemClassificationScheme", "EC Common Procurement Vocabulary - Supplementary Codelists"
        ),
        "GSIN": pgettext("itemClassificationScheme", "Goods and Services Identification Number"),
        "UNSPSC": pgettext(
            "itemClassificationScheme", "United Nations Standard Products and Services Code"
        ),
        "CPC": pgettext("itemClassificationScheme", "Central Product Classification"),
        "OKDP": pgettext(
            "itemClassificationScheme",
            "Russian National Classification of Products by Economic Activity (1994)",
        ),
        "OKPD": pgettext(
            "itemClassificationScheme",
            "Russian National Classification of Products by Economic Activity (2014)",
        ),
        "CUCOP": pgettext(
            "itemClassificationScheme", "Mexican Single Classifier of Public Procurement"
        ),
        "NAICS": pgettext(
            "itemClassificationScheme", "North American Industry Classification System"
        ),
        "PSC": pgettext("itemClassificationScheme", "Product and Service Codes"),
        "HS": pgettext(
            "itemClassificationScheme", "Harmonized Commodity Description and Coding System"
        ),
    },
}

# Codelists whose labels come from elsewhere than LABELS.
CURRENCY = "currency"


def currency_name(code: str) -> str:
    """The name of an ISO 4217 currency in the current language (the code when unknown)."""
    locale = get_locale() or Locale("en")
    return get_currency_name(code, locale=locale)


def label(codelist: str, code: str | None) -> str:
    """The label of a code in the current language; an unknown code is shown as it is."""
    if not code:
        return ""
    if codelist == CURRENCY:
        return currency_name(code)
    found = LABELS.get(codelist, {}).get(code)
    return str(found) if found is not None else code
