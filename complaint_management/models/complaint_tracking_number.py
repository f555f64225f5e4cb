import re

from odoo import api, models, tools
from odoo.exceptions import UserError


class ComplaintTrackingNumber(models.AbstractModel):
    """The tracking number of a complaint (composed by
    ``complaint.complaint``): drawn from the company's sequence (or the
    shared one) when it is filed, never set or changed afterwards, and kept
    when the complaint moves to another company."""

    _name = "complaint.tracking.number"
    _inherit = "complaint.events"
    _description = "Complaint Tracking Number"

    def _on_writing(self, vals):
        res = super()._on_writing(vals)
        if "name" in vals and not self.env.su:
            self._refuse_tracking_number()
        if vals.get("company_id"):
            self._check_number_fits(vals["company_id"])
        return res

    def _refuse_tracking_number(self):
        # the number the complainant was given: their passcode, the threading
        # of their emails and the printed forms read it
        raise UserError(
            self.env._(
                "The tracking number of a complaint is given by its sequence when "
                "it is filed; it cannot be set or changed."
            )
        )

    def _check_number_fits(self, company_id):
        """A complaint keeps its tracking number when it moves (the
        complainant's reference): not into a company that numbers with
        another sequence of the same prefix, whose next numbers would repeat
        it (and then fail to file a complaint there)."""
        target = self._tracking_sequence_id(company_id)
        if not target:
            return
        sequence = self._tracking_sequence(target)
        prefix, suffix = sequence._get_prefix_suffix()
        # the numbers it gives: its prefix, the padded number, its suffix
        numbers = re.compile(
            rf"{re.escape(prefix)}\d{{{sequence.padding},}}{re.escape(suffix)}"
        )
        for complaint in self.filtered(lambda c: c.company_id.id != company_id):
            if (
                target != self._tracking_sequence_id(complaint.company_id.id)
                and complaint.name
                and numbers.fullmatch(complaint.name)
            ):
                raise UserError(
                    self.env._(
                        "Complaint %(name)s keeps its tracking number: the "
                        "company it would move to numbers its complaints the "
                        "same way, and would give that number again.",
                        name=complaint.name,
                    )
                )

    @api.model
    def _next_tracking_numbers(self, count):
        """Draw ``count`` tracking numbers from the standard sequence in one query.

        ``ir.sequence.next_by_code`` costs two queries a number; a batch of
        complaints (imports, e-mail bursts) draws its numbers at once instead.
        """
        if not count:
            return []
        sequence = self._tracking_sequence(
            self._tracking_sequence_id(self.env.company.id)
        )
        if not sequence:
            raise UserError(
                self.env._("The sequence of complaint tracking numbers is missing.")
            )
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence.next_by_id() for _i in range(count)]
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            (f"ir_sequence_{sequence.id:03d}", count),
        )
        prefix, suffix = sequence._get_prefix_suffix()
        return [
            f"{prefix}{number:0{sequence.padding}d}{suffix}"
            for (number,) in self.env.cr.fetchall()
        ]

    @api.model
    @tools.ormcache("company_id")
    def _tracking_sequence_id(self, company_id):
        """The company's sequence of tracking numbers (or the shared one), kept
        between transactions until such a sequence changes (ir.sequence)."""
        # sudo: complaint users may not read ir.sequence
        return (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", "complaint.complaint"),
                    ("company_id", "in", [company_id, False]),
                ],
                order="company_id",
                limit=1,
            )
            .id
        )

    @api.model
    def _tracking_sequence(self, sequence_id):
        """The sequence ``sequence_id`` as superuser (complaint users may not
        read ir.sequence), in the time zone where the company works: the
        year of its prefix is the company's (the mail gateway runs without a
        time zone, a visitor's browser may be elsewhere)."""
        return (
            self.env["ir.sequence"]
            .sudo()
            .with_context(tz=self.env.company._complaint_tz())
            .browse(sequence_id)
        )
