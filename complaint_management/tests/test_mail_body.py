from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_mail_intake_errors import MailIntakeCommon

MAIL_TEMPLATE_HTML = """Return-Path: {return_path}
To: {to}
cc: {cc}
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Message-ID: {msg_id}
{extra}

<p>The kettle <b>leaks</b> again.</p>
"""

MAIL_TEMPLATE_QUOTE = MAIL_TEMPLATE_HTML.replace(
    "<p>The kettle <b>leaks</b> again.</p>",
    "<p>Still not working.</p><blockquote>{quoted}</blockquote>",
)

MAIL_TEMPLATE_REMOTE = MAIL_TEMPLATE_HTML.replace(
    "<p>The kettle <b>leaks</b> again.</p>",
    """<html><body>Order &lt;b&gt;42&lt;/b&gt; from Zhang Wei &lt;zhang@example.com&gt;
<p>The kettle leaks, see <a href="https://shop.example.com/order/7">my order</a>.</p>
<img src="http://169.254.169.254/latest/meta-data/" alt="pixel">
<img src="cid:photo-1" alt="photo">
<img src="&#47;&#47;pixel.example/open.gif" alt="encoded">
<span style="background-image:url(\\2f\\2f css.example/x.png);color:#c00">styled</span>
<div style="position:fixed;inset:0;z-index:99999;color:#c00;background:url(http://10.0.0.5:6379/)">
Session expired, <a href="https://evil.example/login">log in again</a></div>
</body></html>""",
)


@tagged("post_install", "-at_install")
class TestMailBody(MailIntakeCommon):
    """An email's HTML is kept as HTML: the NUL filter of the intake turned
    the body into a plain string, which core escapes when posting, so the
    chatter (and the followers' copies) showed the email's tags as text."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.alias_name = "kettle-body"
        cls.alias_email = f"kettle-body@{cls.alias_domain}"

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_an_emails_html_is_not_escaped(self):
        # a Message-Id of its own: the reply below threads by it (core takes
        # the newest message of an id, whatever its document)
        complaint = self._receive(
            "Kettle leaks", MAIL_TEMPLATE_HTML, msg_id="<body-1@example.com>"
        )
        incoming = complaint.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertIn("<b>leaks</b>", str(incoming.body))
        self.assertNotIn("&lt;", str(incoming.body))
        # a reply threaded into the complaint too
        self._receive(
            f"Re: [{complaint.name}] Kettle leaks",
            MAIL_TEMPLATE_HTML,
            msg_id="<reply-1@example.com>",
            extra=f"In-Reply-To: {incoming.message_id}",
        )
        replies = complaint.message_ids.filtered(
            lambda m: m.message_type == "email" and m != incoming
        )
        self.assertTrue(replies)
        self.assertNotIn("&lt;", str(replies.body))
        # control: a plain-text email reads as its text
        plain = self._receive("Kettle again")
        body = str(plain.message_ids.filtered(lambda m: m.message_type == "email").body)
        self.assertIn("The kettle I bought last week leaks", body)
        self.assertNotIn("&lt;", body)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_a_reply_quoting_the_rating_email_carries_no_rating_link(self):
        """The complainant answered the satisfaction email; their mail client
        quoted its links: anyone reading the chatter (or a follower emailed
        the reply) could rate in their name."""
        complaint = self._receive(
            "Kettle rating", MAIL_TEMPLATE_HTML, msg_id="<body-rating@example.com>"
        )
        incoming = complaint.message_ids.filtered(lambda m: m.message_type == "email")
        complaint.write(
            {
                "state": "assessed",
                "level_id": self.level_normal.id,
                "validity": "unfounded",
                "resolution_summary": "<p>Explained.</p>",
            }
        )
        complaint.action_close()
        token = complaint.rating_ids.filtered(lambda r: not r.consumed).access_token
        self.assertTrue(token)
        self._receive(
            f"Re: [{complaint.name}] How did we do?",
            MAIL_TEMPLATE_QUOTE,
            msg_id="<reply-rating@example.com>",
            extra=f"In-Reply-To: {incoming.message_id}",
            quoted=(
                f'<a href="https://example.com/rate/{token}/5">Satisfied</a> '
                '<a href="https://example.com/mail/view?model=complaint.complaint'
                '&amp;res_id=1&amp;access_token=abc123&amp;pid=7&amp;hash=f00d">'
                "View</a>"
            ),
        )
        reply = complaint.message_ids.filtered(
            lambda m: m.message_id == "<reply-rating@example.com>"
        )
        self.assertIn("Still not working", str(reply.body))
        self.assertNotIn(token, str(reply.body))
        for signed in ("abc123", "pid=7", "f00d"):
            self.assertNotIn(signed, str(reply.body))
        # control: the rest of what they quoted stays, and the invitation
        # they were sent still holds its token
        self.assertIn("Satisfied", str(reply.body))
        self.assertIn(token, complaint.sudo().rating_ids.mapped("access_token"))
        # a forward of the rating email (a new email, its number quoted in
        # the subject) loses the tokens too
        self._receive(
            f"Fwd: [{complaint.name}] How did we do?",
            MAIL_TEMPLATE_QUOTE,
            msg_id="<forward-rating@example.com>",
            quoted=f'<a href="https://example.com/rate/{token}/1">Unhappy</a>',
        )
        forward = complaint.message_ids.filtered(
            lambda m: m.message_id == "<forward-rating@example.com>"
        )
        self.assertIn("Unhappy", str(forward.body))
        self.assertNotIn(token, str(forward.body))

    def test_an_emails_html_loads_nothing_and_covers_nothing(self):
        """The description shows in the back office, on the complainant's and
        the party's portal pages and is printed by wkhtmltopdf on the server:
        what the email loads from elsewhere and how it lays itself over the
        page are the sender's, not the company's."""
        with self.mock_mail_gateway():
            complaint = self.format_and_process(
                MAIL_TEMPLATE_REMOTE,
                "Zhang Wei <zhang.wei@example.com>",
                self.alias_email,
                subject="Leaking kettle",
                target_model="complaint.complaint",
                target_field="subject",
            )
        description = str(complaint.description)
        # nothing fetched from another host, by a browser or the PDF
        self.assertNotIn("169.254.169.254", description)
        self.assertNotIn("10.0.0.5", description)
        self.assertNotIn("pixel.example", description)
        self.assertNotIn("css.example", description)
        # the text before the first element stays text
        self.assertIn("Order &lt;b&gt;42&lt;/b&gt;", description)
        self.assertIn("&lt;zhang@example.com&gt;", description)
        # nor laid over the back office or the portal
        self.assertNotIn("position", description)
        self.assertNotIn("z-index", description)
        # control: the text, the links, the embedded photo and a colour stay
        self.assertIn("The kettle leaks", description)
        self.assertIn('href="https://shop.example.com/order/7"', description)
        self.assertIn("log in again", description)
        self.assertIn('alt="photo"', description)
        self.assertIn("color", description)
        # the party's copy, made from it, is filtered the same way
        complaint.party_description = (
            '<p style="position:fixed;color:#c00">Forwarded text</p>'
        )
        self.assertNotIn("position", str(complaint.party_description))
        self.assertIn("Forwarded text", str(complaint.party_description))
