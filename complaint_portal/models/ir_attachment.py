from collections import defaultdict

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import ValidationError

COMPLAINT = "complaint.complaint"
# Fields whose change can put a file on a complaint or change what it is.
POLICY_FIELDS = {
    "res_model",
    "res_id",
    "raw",
    "datas",
    "db_datas",
    "name",
    "mimetype",
    "type",
    "url",
}


class IrAttachment(models.Model):
    """Every file that ends up on a complaint obeys the attachment policy.

    Checked in the model, whatever the door: the portal form, the chatter
    routes (``/mail/attachment/upload``, ``/mail/message/post``,
    ``/mail/message/update_content``), ``message_post(attachments=...)`` and
    the ORM over RPC. A file is on a complaint when its ``res_model`` is
    ``complaint.complaint`` or when it belongs to a message of a complaint
    (``res_model`` ``mail.message``); a pending upload (``mail.compose.message``,
    ``res_id`` 0) is checked when it is linked. Links of existing files to a
    complaint's message are checked by ``mail.message``.

    Whose rules (``_complaint_policy_rules``):

    - the real user, ``self.env.user``, decides, not superuser mode: the mail
      and portal controllers create and link attachments with ``sudo()`` on
      behalf of portal users, visitors and staff alike
      (``/mail/attachment/upload``, ``_process_attachments_for_post``), and
      ``sudo()`` keeps the user. So ``env.su`` alone trusts nothing;
    - a share user (portal user, visitor with a link, public user) gets the
      complainants' rules: types, content, sizes, count, total;
    - an internal user gets the content rules: no program, web page or SVG
      with scripts, whatever the name says;
    - trusted, not checked: server-side code running as the superuser account
      itself (``env.uid == SUPERUSER_ID``, always in superuser mode): module
      install and upgrade, scheduled actions, code that explicitly runs
      ``with_user(SUPERUSER_ID)``. The mail gateway posts as OdooBot too: the
      files of an email from outside are checked before they are created
      (``complaint.complaint._portal_mail_files``).

    Core flows keep working: reports (complaint PDF, ``ir.actions.report``
    attachments) and mail templates produce PDFs, which pass the content rules;
    made for a complainant while they act (e.g. a report attached to the
    receipt), they are that complainant's files, so keep ``pdf`` among the
    allowed types if templates attach reports. The retention's
    de-identification only deletes files. Rewriting the same data (storage
    migration) is not checked again.
    """

    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        attachments._complaint_check_policy()
        return attachments

    def write(self, vals):
        if not POLICY_FIELDS & set(vals) or self._complaint_policy_rules() is None:
            return super().write(vals)
        # sudo: compare the attachments before and after, whatever the access
        before = {att.id: att._complaint_policy_state() for att in self.sudo()}
        res = super().write(vals)
        self.filtered(
            lambda att: before.get(att.id) != att.sudo()._complaint_policy_state()
        )._complaint_check_policy()
        return res

    def _complaint_policy_state(self):
        """What the policy looks at: a rewrite of the same data (storage
        migration) is not a new file."""
        self.ensure_one()
        return (
            self.res_model,
            self.res_id,
            self.checksum,
            self.name,
            self.mimetype,
            self.type,
            self.url,
        )

    @api.model
    def _complaint_policy_rules(self):
        """``"share"``, ``"staff"`` or None (trusted server-side code)."""
        if self.env.uid == SUPERUSER_ID:
            return None
        return "share" if self.env.user.share else "staff"

    def _complaint_check_policy(self, complaint=None):
        """Raise when a file of ``self`` on a complaint breaks the policy.

        :param complaint: check all of ``self`` against this complaint (files
            linked to one of its messages); by default, the complaint each file
            belongs to, if any
        """
        rules = self._complaint_policy_rules()
        if not self or rules is None:
            return
        # sudo: the caller passed the access checks; the policy reads the files
        # and the complaint's company
        attachments = self.sudo()
        if complaint:
            complaint = complaint.sudo().exists()
            groups = {complaint: attachments} if complaint else {}
        else:
            groups = attachments._complaint_policy_targets()
        for target, files in groups.items():
            company = target.company_id or self.env.company
            already = 0
            if rules == "share":
                already = sum(
                    self.sudo()  # sudo: as above, the files of the complaint
                    .search(
                        [
                            ("res_model", "=", COMPLAINT),
                            ("res_id", "=", target.id),
                            ("create_uid.share", "=", True),
                            ("id", "not in", files.ids),
                        ]
                    )
                    .mapped("file_size")
                )
            errors = company._complaint_attachment_errors(
                [
                    (
                        att.name,
                        (att.raw or b"") if att.type == "binary" else None,
                        att.mimetype,
                    )
                    for att in files
                ],
                share=rules == "share",
                already=already,
            )
            if errors:
                raise ValidationError(
                    self.env._(
                        "These files cannot be attached to the complaint:\n%(errors)s",
                        errors="\n".join(errors),
                    )
                )

    def _complaint_policy_targets(self):
        """``{complaint: attachments}`` for the files of ``self`` that belong
        to a complaint or to one of its messages (field values excluded)."""
        ids_by_complaint = defaultdict(list)
        message_ids = {
            att.res_id for att in self if att.res_model == "mail.message" and att.res_id
        }
        messages = self.env["mail.message"].browse(message_ids).exists()
        complaint_of_message = {
            message.id: message.res_id
            for message in messages
            if message.model == COMPLAINT and message.res_id
        }
        for att in self:
            if att.res_field:
                continue
            if att.res_model == COMPLAINT and att.res_id:
                ids_by_complaint[att.res_id].append(att.id)
            elif att.res_model == "mail.message" and att.res_id in complaint_of_message:
                ids_by_complaint[complaint_of_message[att.res_id]].append(att.id)
        complaints = self.env[COMPLAINT].browse(list(ids_by_complaint)).exists()
        return {
            complaint: self.browse(ids_by_complaint[complaint.id])
            for complaint in complaints
        }
