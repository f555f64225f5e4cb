import base64
import json
import re
from contextlib import closing, contextmanager
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import HttpCase, new_test_user

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
# files of each kind the attachment policy tells apart by their content
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 112
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 44
SVG_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
    b'<rect width="1" height="1"/></svg>'
)
SVG_HANDLER = (
    b'<svg xmlns="http://www.w3.org/2000/svg">'
    b'<rect width="1" height="1" onload="alert(1)"/></svg>'
)
SVG_CLEAN = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
)
TEXT = b"The kettle leaks from the base since the first day.\n"

API = "/api/complaints/v1"
API_GROUP = "complaint_portal.complaint_portal_group_api"


class ComplaintPortalCase(HttpCase):
    """Two customer companies: Acme (Alice and her colleague Carl) and Bob's."""

    def setUp(self):
        super().setUp()
        # the rate log commits in a transaction of its own, also for a test
        # calling it without HTTP: what a test adds is taken back, so that a
        # second run on the same database starts from the same log
        with closing(db_connect(self.env.cr.dbname).cursor()) as own_cr:
            own_cr.execute("SELECT COALESCE(MAX(id), 0) FROM complaint_portal_rate_log")
            self.addCleanup(self._forget_rate_log, own_cr.fetchone()[0])

    def _forget_rate_log(self, last_id):
        # a connection of its own, as the rate log's: the test's transaction
        # is rolled back and never committed
        with closing(db_connect(self.env.cr.dbname).cursor()) as own_cr:
            own_cr.execute(
                "DELETE FROM complaint_portal_rate_log WHERE id > %s", [last_id]
            )
            own_cr.commit()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        Partner = cls.env["res.partner"]
        cls.acme = Partner.create({"name": "Acme Ltd", "is_company": True})
        cls.alice = cls._portal_user("por_alice", "Alice Acme", cls.acme)
        cls.carl = cls._portal_user("por_carl", "Carl Acme", cls.acme)
        cls.bob = cls._portal_user("por_bob", "Bob Other")
        cls.team = cls.env["complaint.team"].create({"name": "Portal Test Team"})
        cls.level = cls.env.ref("complaint_management.complaint_level_normal")
        Product = cls.env["product.product"]
        cls.kettle = Product.create({"name": "Kettle K1", "list_price": 30})
        cls.toaster = Product.create({"name": "Toaster T2", "list_price": 40})
        cls.lamp = Product.create({"name": "Lamp L3", "list_price": 50})
        cls.order_alice = cls._order(cls.alice, cls.kettle | cls.toaster)
        cls.order_bob = cls._order(cls.bob, cls.lamp)
        cls.complaint_alice = cls._complaint(
            cls.alice, subject="Kettle leaks", sale_order_id=cls.order_alice.id
        )
        cls.complaint_carl = cls._complaint(cls.carl, subject="Late delivery")
        cls.complaint_bob = cls._complaint(cls.bob, subject="Lamp flickers")
        cls.attachment_alice = cls.env["ir.attachment"].create(
            {
                "name": "photo.png",
                "raw": PNG,
                "res_model": "complaint.complaint",
                "res_id": cls.complaint_alice.id,
            }
        )
        cls.attachment_alice.generate_access_token()
        cls.complaint_alice.portal_attachment_ids = cls.attachment_alice
        cls.attachment_bob = cls.env["ir.attachment"].create(
            {
                "name": "secret.png",
                "raw": PNG,
                "res_model": "complaint.complaint",
                "res_id": cls.complaint_bob.id,
            }
        )
        cls.attachment_bob.generate_access_token()
        cls.complaint_bob.portal_attachment_ids = cls.attachment_bob
        cls.complaint_bob.message_post(
            body="Bob's private message",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.company = cls.env.company

    def _rpc(self, model, method, args, kwargs=None):
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=self._json(model, method, args, kwargs),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    @staticmethod
    def _json(model, method, args, kwargs):
        return json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            }
        )

    @classmethod
    def _portal_user(cls, login, name, parent=None):
        user = new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            name=name,
            email=f"{login}@example.com",
        )
        if parent:
            user.partner_id.parent_id = parent
        return user

    @classmethod
    def _order(cls, user, products):
        order = cls.env["sale.order"].create(
            {
                "partner_id": user.partner_id.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": 1})
                    for product in products
                ],
            }
        )
        order.action_confirm()
        order.message_subscribe(user.partner_id.ids)
        return order

    @classmethod
    def _complaint(cls, user, **values):
        vals = {
            "subject": "Complaint",
            "partner_id": user.partner_id.id,
            "team_id": cls.team.id,
            "level_id": cls.level.id,
            "channel_id": cls.env.ref(
                "complaint_management.complaint_channel_portal"
            ).id,
        }
        vals.update(values)
        complaint = cls.env["complaint.complaint"].create(vals)
        complaint._portal_ensure_token()
        return complaint

    @classmethod
    def _propose(cls, complaint, amount=50.0, approve=False):
        """Bring a complaint to 'proposed' with one fast-tracked refund
        (``approve``: approved first, for one the fast track leaves out)."""
        complaint.write({"validity": "founded"})
        complaint.action_register()
        if complaint.state == "registered":
            complaint.action_acknowledge()
        complaint.action_assess()
        complaint.action_investigate()
        remedy = cls.env["complaint.remedy"].create(
            {
                "complaint_id": complaint.id,
                "type_id": cls.env.ref(
                    "complaint_management.complaint_remedy_type_refund"
                ).id,
                "description": "Refund of the kettle",
                "amount": amount,
            }
        )
        if approve:
            remedy.action_approve()
        complaint.action_propose()

    def _form(self, **values):
        data = {
            "csrf_token": self._csrf(),
            "subject": "Broken kettle",
            "description": "It leaks since the first day.",
            "date_problem": "2026-01-05",
            "requested_remedy": "A refund",
            "privacy_consent": "on",
            # the notice the form showed, sent back with the consent
            "privacy_notice_id": self._shown_notice_id(),
        }
        data.update(values)
        return data

    def _shown_notice_id(self):
        return str(self.env["complaint.privacy.notice"]._current().id or "")

    def _json_route(self, route, params):
        """The JSON answer of a JSON-RPC route, as the browser calls it."""
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response.json()

    def _chatter_post(self, complaint, post_data, **extra):
        """Post on the complaint through core's chatter route, as the browser
        does (JSON, the session's user or the access token in ``extra``)."""
        params = {
            "thread_model": "complaint.complaint",
            "thread_id": complaint.id,
            "post_data": post_data,
        }
        params.update(extra)
        return self._json_route("/mail/message/post", params)

    def _posted(self, complaint, text):
        return complaint.message_ids.filtered(lambda m: text in (m.body or ""))

    def _csrf(self):
        response = self.url_open("/complaint/new")
        self.assertEqual(response.status_code, 200)
        marker = 'name="csrf_token" value="'
        start = response.text.index(marker) + len(marker)
        return response.text[start : response.text.index('"', start)]


class AttachmentPolicyCase(ComplaintPortalCase):
    """An officer, and files on a customer's contact that internal users may
    read and link: a web page and a PDF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="pol_officer",
            groups="complaint_management.complaint_management_group_officer,"
            "sales_team.group_sale_salesman",
            name="Policy Officer",
        )
        # a file on another record, that internal users may read and link
        cls.partner_html = cls.env["ir.attachment"].create(
            {
                "name": "newsletter.html",
                "raw": HTML,
                "res_model": "res.partner",
                "res_id": cls.acme.id,
            }
        )
        cls.partner_html.generate_access_token()
        cls.partner_pdf = cls.env["ir.attachment"].create(
            {
                "name": "contract.pdf",
                "raw": PDF,
                "res_model": "res.partner",
                "res_id": cls.acme.id,
            }
        )
        cls.partner_pdf.generate_access_token()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _files(self, complaint):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "complaint.complaint"), ("res_id", "=", complaint.id)]
        )

    def _messages(self, complaint, text):
        return complaint.message_ids.filtered(lambda m: text in (m.body or ""))

    @contextmanager
    def assertRefused(self, name):
        """A UserError naming ``name``; its changes rolled back, as a request
        would be."""
        with self.assertRaisesRegex(UserError, re.escape(name)) as caught:
            with self.env.cr.savepoint():
                yield caught


class ComplaintApiCase(ComplaintPortalCase):
    """Two intake channels with their API users and keys (a WeChat
    mini-program, a call centre), and a key of Alice, a portal customer who
    is no channel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["complaint.complaint"]
        cls.wechat = cls._api_user("api_wechat", "WeChat Mini-Program")
        cls.call_centre = cls._api_user("api_call_centre", "Call Centre")
        cls.wechat_key = cls._key(cls.wechat)
        cls.call_centre_key = cls._key(cls.call_centre)
        cls.alice_key = cls._key(cls.alice)  # a portal customer, not a channel
        cls.channel_api = cls.env.ref("complaint_portal.complaint_channel_api")

    @classmethod
    def _api_user(cls, login, name):
        return new_test_user(
            cls.env, login=login, groups=f"base.group_portal,{API_GROUP}", name=name
        )

    @classmethod
    def _key(cls, user):
        return (
            cls.env["res.users.apikeys"]
            .with_user(user)
            ._generate(None, "test", fields.Datetime.now() + timedelta(hours=12))
        )

    def setUp(self):
        super().setUp()
        # hits of earlier runs on this database must not count here
        self.env["complaint.portal.rate.log"].search([]).unlink()

    def _call(self, method, path, key=None, payload=None, headers=None):
        headers = dict(headers or {})
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return self.opener.request(
            method,
            self.base_url() + API + path,
            json=payload,
            headers=headers,
            timeout=60,
        )

    def _file(self, key=None, **values):
        key = self.wechat_key if key is None else key
        return self._call("POST", "/complaints", key, self._call_payload(**values))

    def _call_payload(self, **values):
        """The filing ``_file`` sends, with ``values`` over its defaults."""
        payload = {
            "external_ref": "WX-1001",
            "subject": "Kettle stopped heating",
            "description": "It stopped after <b>two</b> days.",
            "date_problem": "2026-01-05",
            "requested_remedy": "A new kettle",
            "complainant": {
                "name": "Zhang Wei",
                "email": "zhang.wei@example.com",
                "phone": "+86 138 0000 1111",
            },
            "privacy_consent": True,
        }
        payload.update(values)
        return payload

    def _filed(self, ref, user=None):
        return self.Complaint.search(
            [
                ("api_user_id", "=", (user or self.wechat).id),
                ("api_external_ref", "=", ref),
            ]
        )
