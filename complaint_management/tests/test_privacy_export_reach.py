import io
import json
import zipfile

from odoo.tests import tagged

from .test_privacy_request import PrivacyRequestsCommon


@tagged("post_install", "-at_install")
class TestPrivacyExportReach(PrivacyRequestsCommon):
    """The export is handed to the person: it read in the privacy officer's
    language (a Chinese complainant's copy said "Closed", "Refund"); it goes
    with what it holds, not with another company's complaints."""

    def _exported_state(self):
        request = self._request("copy")
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        complaints = json.loads(archive.read("complaints.json"))
        return next(c for c in complaints if c["number"] == self.closed.name)["state"]

    def test_the_export_reads_in_the_persons_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.privacy_officer.lang = "en_US"
        self.customer.lang = "zh_CN"
        closed = dict(
            self.closed._fields["state"]._description_selection(
                self.env(context={"lang": "zh_CN"})
            )
        )["closed"]
        self.assertNotEqual(closed, "Closed")
        self.assertEqual(self._exported_state(), closed)

    def test_an_english_person_reads_english(self):
        # control: an English contact, whatever the officer reads
        self.env["res.lang"]._activate_lang("zh_CN")
        self.privacy_officer.lang = "zh_CN"
        self.customer.lang = "en_US"
        self.assertEqual(self._exported_state(), "Closed")

    def test_another_companys_retention_leaves_this_export(self):
        """Retention de-identified a complaint of the same person in another
        company, in one batch with one of this company's: this company's
        export of the person went too, holding nothing removed."""
        branch = self.env["res.company"].create({"name": "Shenzhen Branch"})
        team = self.env["complaint.team"].create(
            {"name": "Shenzhen Desk", "company_id": branch.id}
        )
        theirs = self.env["complaint.complaint"].create(
            self._complaint_vals(
                subject="Kettle bought in Shenzhen",
                company_id=branch.id,
                team_id=team.id,
            )
        )
        theirs.write({"state": "closed"})
        request = self._request("copy")
        request.action_export()
        export = request.export_attachment_id
        # one batch: the branch's complaint of the person, and one of this
        # company's of somebody else
        (theirs | self.others).sudo()._deidentify()
        self.assertTrue(export.exists(), "nothing it holds was removed")
        # control: this company's complaint of the person takes it along
        self.closed.sudo()._deidentify()
        self.assertFalse(export.exists())
