from odoo import fields, models
from odoo.exceptions import UserError


class ComplaintPrivacyRequestRights(models.AbstractModel):
    """The person's rights carried out on their request (composed by
    ``complaint.privacy.request``): the export of their data (access, copy),
    its erasure (deletion) and the correction of their contact data; the
    work itself is ``complaint.privacy.service``'s."""

    _name = "complaint.privacy.request.rights"
    _description = "Personal Information Request: Rights Carried Out"

    export_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Data Export",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    # the last erasure's report, as written into the outcome: an erasure
    # made again replaces it there rather than adding a second one
    erasure_report = fields.Text(readonly=True, copy=False)

    def action_export(self):
        """A zip of the requester's complaints, messages, files and consents,
        attached to the request and downloaded."""
        self.ensure_one()
        self.env["complaint.privacy.service"]._check_privacy_officer()
        if self.request_type not in ("access", "copy"):
            raise UserError(
                self.env._(
                    "Personal data is exported on a request of type Access or Copy."
                )
            )
        self._ensure_can_close()
        data = self.env["complaint.privacy.service"]._export_zip(
            self.partner_id, self.company_id, self._email_scope()
        )
        # sudo: the zip holds data of complaints the officer may not read one by
        # one; the rights were checked above, the attachment is the request's
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{self.name.replace('/', '-')}-personal-data.zip",
                    "raw": data,
                    "mimetype": "application/zip",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        previous = self.export_attachment_id
        self._workflow_write({"export_attachment_id": attachment.id})
        # one copy per request: an earlier one would outlive an erasure
        previous.sudo().filtered(  # sudo: the request's own export, replaced
            lambda file: file.res_model == self._name and file.res_id == self.id
        ).unlink()
        self.action_start()
        self.message_post(
            body=self.env._("Personal data exported to %(file)s.", file=attachment.name)
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def action_erase(self):
        """De-identify what the retention rules allow and write down what is
        kept and why; the request stays open for the officer to answer."""
        self.ensure_one()
        if self.request_type != "deletion":
            raise UserError(
                self.env._("Personal data is erased on a request of type Deletion.")
            )
        self._ensure_can_close()
        report = self.env["complaint.privacy.service"]._erase(
            self.partner_id, self.company_id, self._email_scope()
        )
        outcome = self.outcome or ""
        if self.erasure_report and self.erasure_report in outcome:
            # erased again (what closed since, or a replay): the report of
            # now replaces the earlier one, the officer's own words stay
            outcome = outcome.replace(self.erasure_report, report)
        else:
            outcome = "\n\n".join(filter(None, [outcome, report]))
        self.write({"outcome": outcome})
        self._workflow_write({"state": "in_progress", "erasure_report": report})
        return True

    def action_open_correction(self):
        """The corrected contact data, for the person's contact and
        complaints (a correction request)."""
        self.ensure_one()
        self._check_correction()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct Personal Data"),
            "res_model": "complaint.privacy.correction.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_request_id": self.id,
                "default_name": self.partner_id.name,
                "default_email": self.partner_id.email,
                # the number the complaints carry (complaint.intake)
                "default_phone": self.partner_id.phone or self.partner_id.mobile,
            },
        }

    def _check_correction(self):
        if self.filtered(lambda r: r.request_type != "correction"):
            raise UserError(
                self.env._(
                    "Personal data is corrected on a request of type Correction."
                )
            )
        self._ensure_can_close()
