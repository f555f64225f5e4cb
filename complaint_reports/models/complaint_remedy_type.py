from odoo import fields, models

# The measures of the tracking form (Shenzhen guideline, Annex C, items 36 to
# 53), in the form's order; those printed with a total amount are marked.
ANNEX_MEASURES = [
    ("deliver", "Deliver the product"),
    ("repair", "Repair or rework the product"),
    ("replace", "Replace the product"),
    ("take_back", "Take the product back"),
    ("warranty", "Honour the warranty"),
    ("promise", "Keep the promise"),
    ("agreement", "Reach an agreement"),
    ("cancel_contract", "Cancel the contract"),
    ("cancel_invoice", "Cancel the invoice"),
    ("information", "Provide information"),
    ("loss_assessment", "Revise the loss assessment"),
    ("compensation", "Pay compensation"),
    ("deposit", "Refund the deposit"),
    ("costs", "Refund other costs incurred"),
    ("discount", "Price discount"),
    ("payment", "Means of payment"),
    ("apology", "Apology"),
    ("other", "Other measures"),
]
ANNEX_MEASURES_WITH_AMOUNT = ("compensation", "deposit", "costs", "discount")


class ComplaintRemedyType(models.Model):
    _inherit = "complaint.remedy.type"

    annex_measure = fields.Selection(
        ANNEX_MEASURES,
        string="Tracking Form Measure",
        default="other",
        required=True,
        help="The measure of the tracking form (Annex C) this kind of remedy "
        "ticks; its amounts add up on the form where the measure has a total.",
    )
