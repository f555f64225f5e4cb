from odoo.tests import tagged

from .test_mail_gateway import MailGatewayCommon

HTML_MAIL = """Return-Path: {return_path}
To: {to}
cc: {cc}
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Message-ID: {msg_id}
{extra}

<html><body>Order &lt;b&gt;42&lt;/b&gt; from Zhang Wei &lt;zhang@example.com&gt;
<p>The kettle leaks, see <a href="https://shop.example.com/order/7">my order</a>.</p>
<img src="http://169.254.169.254/latest/meta-data/" alt="pixel">
<img src="cid:photo-1" alt="photo">
<img src="&#47;&#47;pixel.example/open.gif" alt="encoded">
<span style="background-image:url(\\2f\\2f css.example/x.png);color:#c00">styled</span>
<div style="position:fixed;inset:0;z-index:99999;color:#c00;background:url(http://10.0.0.5:6379/)">
Session expired, <a href="https://evil.example/login">log in again</a></div>
</body></html>
"""


@tagged("post_install", "-at_install")
class TestMailHtml(MailGatewayCommon):
    """An email's HTML becomes the complaint's description, shown in the back
    office, on the complainant's and the party's portal pages and printed by
    wkhtmltopdf on the server: what it loads from elsewhere and how it lays
    itself over the page are the sender's, not the company's."""

    def test_an_emails_html_loads_nothing_and_covers_nothing(self):
        with self.mock_mail_gateway():
            complaint = self.format_and_process(
                HTML_MAIL,
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
