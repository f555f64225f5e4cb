from datetime import date

from .sla_common import SlaCommon

FRI = date(2026, 3, 6)


class ExternalCaseCommon(SlaCommon):
    """A complaint with a handler, on the company's working calendar, and
    the consumer council to file its spill-over cases with."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id = cls.calendar
        cls.body = cls.env.ref(
            "complaint_management.complaint_external_body_consumer_council"
        )
        cls.complaint = cls.env["complaint.complaint"].create(
            cls._complaint_vals(user_id=cls.handler.id)
        )

    def _case(self, **values):
        return (
            self.env["complaint.external.case"]
            .with_user(self.complaint_officer)
            .create(
                {
                    "complaint_id": self.complaint.id,
                    "body_id": self.body.id,
                    "reference": "WO-2",
                    "date_received": FRI,
                    **values,
                }
            )
        )
