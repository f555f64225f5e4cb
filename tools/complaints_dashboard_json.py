#!/usr/bin/env python3
"""Writes complaint_reports/data/files/complaints_dashboard.json, the Complaints
spreadsheet of the Dashboards app: scorecards of the period against the one
before (a Data sheet of pivots on complaint.report), the trend by month, the
shares by category and channel, open complaints by time-limit status, the
spill-over cases by body and the top categories, all under global filters for
the period, category, channel, team and company. Edit here, run, commit both:
    python3 tools/complaints_dashboard_json.py
"""

import json
import os
import uuid

OUT = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "complaint_reports/data/files/complaints_dashboard.json",
)

F_PERIOD = "5c0a3e1e-6f0e-4c39-9d8a-3b7a1b0c1a01"
F_CATEGORY = "5c0a3e1e-6f0e-4c39-9d8a-3b7a1b0c1a02"
F_CHANNEL = "5c0a3e1e-6f0e-4c39-9d8a-3b7a1b0c1a03"
F_TEAM = "5c0a3e1e-6f0e-4c39-9d8a-3b7a1b0c1a04"
F_COMPANY = "5c0a3e1e-6f0e-4c39-9d8a-3b7a1b0c1a05"


def matching(
    offset=0,
    date_chain="date_received",
    date_type="datetime",
    category="category_id",
    channel="channel_id",
    team="team_id",
    company="company_id",
    period=True,
):
    # without the period: a chart of the whole backlog, whenever received
    m = {
        F_PERIOD: {"chain": date_chain, "type": date_type, "offset": offset}
        if period
        else {}
    }
    if category:
        m[F_CATEGORY] = {"chain": category, "type": "many2one"}
    if channel:
        m[F_CHANNEL] = {"chain": channel, "type": "many2one"}
    if team:
        m[F_TEAM] = {"chain": team, "type": "many2one"}
    if company:
        m[F_COMPANY] = {"chain": company, "type": "many2one"}
    return m


MEASURES = [
    "complaint_count",
    "closed_count",
    "settled_count",
    "on_time_count",
    "timed_count",
    "satisfied_count",
    "rated_count",
    "spilled_over_count",
    "escalated_count",
]


def pivot(pid, name, offset):
    return {
        "type": "ODOO",
        "fieldMatching": matching(offset),
        "context": {},
        "domain": [],
        "id": pid,
        "measures": [{"id": m, "fieldName": m} for m in MEASURES],
        "model": "complaint.report",
        "name": name,
        "sortedColumn": None,
        "formulaId": pid,
        "columns": [],
        "rows": [],
    }


pivots = {
    "1": pivot("1", "Complaint figures - current", 0),
    "2": pivot("2", "Complaint figures - previous", -1),
    "3": {
        "type": "ODOO",
        "fieldMatching": matching(0),
        "context": {},
        "domain": [],
        "id": "3",
        "measures": [
            {"id": "complaint_count", "fieldName": "complaint_count"},
            {"id": "settled_count", "fieldName": "settled_count"},
            {"id": "closed_count", "fieldName": "closed_count"},
        ],
        "model": "complaint.report",
        "name": "Complaints by category",
        "formulaId": "3",
        "sortedColumn": {
            "groupId": [[], []],
            "measure": "complaint_count",
            "order": "desc",
        },
        "columns": [],
        "rows": [{"fieldName": "category_id"}],
    },
}

# Data sheet: KPI, current, previous, current (shown), previous (shown)
kpis = [
    ("Complaints received", 'PIVOT.VALUE({p},"complaint_count")', "count"),
    (
        "Timeliness rate",
        'IFERROR(PIVOT.VALUE({p},"on_time_count")/PIVOT.VALUE({p},"timed_count"))',
        "rate",
    ),
    (
        "Satisfaction rate",
        'IFERROR(PIVOT.VALUE({p},"satisfied_count")/PIVOT.VALUE({p},"rated_count"))',
        "rate",
    ),
    (
        "Settlement rate",
        'IFERROR(PIVOT.VALUE({p},"settled_count")/PIVOT.VALUE({p},"complaint_count"))',
        "rate",
    ),
    (
        "Resolution rate",
        'IFERROR(PIVOT.VALUE({p},"closed_count")/PIVOT.VALUE({p},"complaint_count"))',
        "rate",
    ),
    ("Complaints spilled over", 'PIVOT.VALUE({p},"spilled_over_count")', "count"),
]
data_cells = {
    "A1": {"content": '=_t("KPI")'},
    "B1": {"content": '=_t("Current")'},
    "C1": {"content": '=_t("Previous")'},
    "D1": {"content": '=_t("Current")'},
    "E1": {"content": '=_t("Previous")'},
}
formats_data = {}
for i, (label, formula, kind) in enumerate(kpis, start=2):
    data_cells[f"A{i}"] = {"content": f'=_t("{label}")'}
    data_cells[f"B{i}"] = {"content": "=" + formula.format(p=1)}
    data_cells[f"C{i}"] = {"content": "=" + formula.format(p=2)}
    if kind == "count":
        data_cells[f"D{i}"] = {"content": f"=FORMAT.LARGE.NUMBER(B{i})"}
        data_cells[f"E{i}"] = {"content": f"=FORMAT.LARGE.NUMBER(C{i})"}
    else:
        data_cells[f"D{i}"] = {"content": f"=B{i}"}
        data_cells[f"E{i}"] = {"content": f"=C{i}"}
        formats_data[f"B{i}:E{i}"] = 1


def scorecard(fid, x, title, row, up_is_good, background):
    good, bad = "#00A04A", "#DC6965"
    return {
        "id": fid,
        "x": x,
        "y": 11,
        "width": 205,
        "height": 101,
        "tag": "chart",
        "data": {
            "baselineColorDown": bad if up_is_good else good,
            "baselineColorUp": good if up_is_good else bad,
            "baselineMode": "difference",
            "title": {"text": title, "bold": True, "color": "#434343"},
            "type": "scorecard",
            "background": background,
            "baseline": f"Data!C{row}",
            "baselineDescr": "since last period",
            "keyValue": f"Data!D{row}",
            "humanize": False,
        },
    }


def odoo_chart(
    fid,
    x,
    y,
    w,
    h,
    ctype,
    model,
    group_by,
    measure,
    domain,
    fm,
    legend="none",
    extra=None,
):
    data = {
        "title": {"text": ""},
        "background": "#FFFFFF",
        "legendPosition": legend,
        "metaData": {
            "groupBy": group_by,
            "measure": measure,
            "order": None,
            "resModel": model,
            "mode": ctype.split("_")[1],
        },
        "searchParams": {
            "comparison": None,
            "context": {"group_by": []},
            "domain": domain,
            "groupBy": group_by,
            "orderBy": [],
        },
        "type": ctype,
        "fieldMatching": fm,
    }
    if ctype in ("odoo_bar", "odoo_line"):
        data.update({"verticalAxisPosition": "left", "stacked": False})
    if extra:
        data.update(extra)
    return {
        "id": fid,
        "x": x,
        "y": y,
        "width": w,
        "height": h,
        "tag": "chart",
        "data": data,
    }


ids = {
    k: str(uuid.uuid5(uuid.NAMESPACE_URL, "complaint-dashboard-" + k))
    for k in [
        "s1",
        "s2",
        "s3",
        "s4",
        "s5",
        "trend",
        "category",
        "channel",
        "sla",
        "spill",
    ]
}
figures = [
    scorecard(ids["s1"], 0, "Complaints received", 2, False, "#EFF6FF"),
    scorecard(ids["s2"], 215, "Timeliness rate", 3, True, "#F0FDF4"),
    scorecard(ids["s3"], 430, "Satisfaction rate", 4, True, "#F0FDF4"),
    scorecard(ids["s4"], 645, "Settlement rate", 5, True, "#F0FDF4"),
    scorecard(ids["s5"], 860, "Complaints spilled over", 7, False, "#FFF7ED"),
    odoo_chart(
        ids["trend"],
        0,
        178,
        1065,
        300,
        "odoo_bar",
        "complaint.report",
        ["date_received:month"],
        "complaint_count",
        [],
        matching(0),
        legend="none",
    ),
    odoo_chart(
        ids["category"],
        0,
        540,
        525,
        330,
        "odoo_pie",
        "complaint.report",
        ["category_id"],
        "complaint_count",
        [],
        matching(0),
        legend="right",
    ),
    odoo_chart(
        ids["channel"],
        540,
        540,
        525,
        330,
        "odoo_pie",
        "complaint.report",
        ["channel_id"],
        "complaint_count",
        [],
        matching(0),
        legend="right",
    ),
    odoo_chart(
        ids["sla"],
        0,
        925,
        525,
        330,
        "odoo_pie",
        "complaint.report",
        ["sla_state"],
        "complaint_count",
        [["is_open", "=", True]],
        matching(0, period=False),
        legend="right",
    ),
    odoo_chart(
        ids["spill"],
        540,
        925,
        525,
        330,
        "odoo_bar",
        "complaint.external.case",
        ["body"],
        "__count",
        [["complaint_id.state", "!=", "cancelled"]],
        matching(
            0,
            date_chain="date_received",
            date_type="date",
            category="complaint_id.category_id",
            channel="complaint_id.channel_id",
            team="complaint_id.team_id",
            company="company_id",
        ),
    ),
]


def link(title, model, view_type, group_by, domain=None):
    action = {
        "domain": domain or [],
        "context": {"group_by": group_by},
        "modelName": model,
        "views": [[False, view_type], [False, "list"]],
    }
    return (
        f"[{title}](odoo://view/"
        + json.dumps(
            {"viewType": view_type, "action": action, "threshold": 0, "name": title}
        )
        + ")"
    )


cells = {
    "A7": {
        "content": link(
            "Complaints by month", "complaint.report", "graph", ["date_received:month"]
        )
    },
    "A22": {
        "content": link(
            "Share by category", "complaint.report", "graph", ["category_id"]
        )
    },
    "E22": {
        "content": link("Share by channel", "complaint.report", "graph", ["channel_id"])
    },
    "A38": {
        "content": link(
            "Open complaints by time-limit status",
            "complaint.report",
            "graph",
            ["sla_state"],
            [["is_open", "=", True]],
        )
    },
    "E38": {
        "content": link(
            "Spill-over cases by external body",
            "complaint.external.case",
            "graph",
            ["body"],
            # as its chart counts them: not those of cancelled complaints
            [["complaint_id.state", "!=", "cancelled"]],
        )
    },
    "A54": {
        "content": link("Top categories", "complaint.report", "pivot", ["category_id"])
    },
    "A55": {"content": '=_t("Category")'},
    "B55": {"content": '=_t("Complaints received")'},
    "C55": {"content": '=_t("Settled")'},
    "D55": {"content": '=_t("Complaints closed")'},
}
for n in range(1, 11):
    r = 55 + n
    cells[f"A{r}"] = {"content": f'=PIVOT.HEADER(3,"#category_id",{n})'}
    cells[f"B{r}"] = {
        "content": f'=PIVOT.VALUE(3,"complaint_count","#category_id",{n})'
    }
    cells[f"C{r}"] = {"content": f'=PIVOT.VALUE(3,"settled_count","#category_id",{n})'}
    cells[f"D{r}"] = {"content": f'=PIVOT.VALUE(3,"closed_count","#category_id",{n})'}

sheet = {
    "id": "sheet1",
    "name": "Dashboard",
    "colNumber": 7,
    "rowNumber": 80,
    "rows": {
        "6": {"size": 40},
        "21": {"size": 40},
        "37": {"size": 40},
        "53": {"size": 40},
    },
    "cols": {
        "0": {"size": 300},
        "1": {"size": 100},
        "2": {"size": 100},
        "3": {"size": 100},
        "4": {"size": 300},
        "5": {"size": 100},
        "6": {"size": 65},
    },
    "merges": [],
    "cells": cells,
    "styles": {
        "A7": 1,
        "A22": 1,
        "E22": 1,
        "A38": 1,
        "E38": 1,
        "A54": 1,
        "A55:D55": 2,
        "A56:D65": 3,
    },
    "formats": {},
    "borders": {"A7:G7": 1, "A22:G22": 1, "A38:G38": 1, "A54:D54": 1, "A55:D55": 2},
    "conditionalFormats": [
        {
            "rule": {
                "type": "DataBarRule",
                "color": 15531509,
                "rangeValues": "B56:B65",
            },
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, "complaint-dashboard-databar")),
            "ranges": ["A56:A65"],
        }
    ],
    "figures": figures,
    "tables": [],
    "areGridLinesVisible": False,
    "isVisible": True,
    "headerGroups": {"ROW": [], "COL": []},
    "dataValidationRules": [],
    "comments": {},
}
data_sheet = {
    "id": "sheet2",
    "name": "Data",
    "colNumber": 26,
    "rowNumber": 40,
    "rows": {},
    "cols": {
        "0": {"size": 180},
        "1": {"size": 90},
        "2": {"size": 90},
        "3": {"size": 90},
        "4": {"size": 90},
    },
    "merges": [],
    "cells": data_cells,
    "styles": {"A1:E1": 2},
    "formats": formats_data,
    "borders": {},
    "conditionalFormats": [],
    "figures": [],
    "tables": [],
    "areGridLinesVisible": True,
    "isVisible": True,
    "headerGroups": {"ROW": [], "COL": []},
    "dataValidationRules": [],
    "comments": {},
}
doc = {
    "version": 21,
    "sheets": [sheet, data_sheet],
    "styles": {
        "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
        "2": {"textColor": "#434343", "fontSize": 11, "bold": True},
        "3": {"textColor": "#434343", "verticalAlign": "middle"},
    },
    "formats": {"1": "0.0%"},
    "borders": {
        "1": {"bottom": {"style": "thin", "color": "#CCCCCC"}},
        "2": {"top": {"style": "thin", "color": "#CCCCCC"}},
    },
    "revisionId": "START_REVISION",
    "uniqueFigureIds": True,
    "settings": {
        "locale": {
            "name": "English (US)",
            "code": "en_US",
            "thousandsSeparator": ",",
            "decimalSeparator": ".",
            "dateFormat": "mm/dd/yyyy",
            "timeFormat": "hh:mm:ss",
            "formulaArgSeparator": ",",
            "weekStart": 7,
        }
    },
    "pivots": pivots,
    "pivotNextId": 4,
    "customTableStyles": {},
    "odooVersion": 12,
    "globalFilters": [
        {
            "id": F_PERIOD,
            "type": "date",
            "label": "Period",
            "defaultValue": "last_three_months",
            "rangeType": "relative",
        },
        {
            "id": F_CATEGORY,
            "type": "relation",
            "label": "Category",
            "modelName": "complaint.category",
            # a parent category counts the complaints filed under its children
            "includeChildren": True,
            "defaultValue": [],
            "defaultValueDisplayNames": [],
            "rangeType": "year",
        },
        {
            "id": F_CHANNEL,
            "type": "relation",
            "label": "Channel",
            "modelName": "complaint.channel",
            "defaultValue": [],
            "defaultValueDisplayNames": [],
            "rangeType": "year",
        },
        {
            "id": F_TEAM,
            "type": "relation",
            "label": "Team",
            "modelName": "complaint.team",
            "defaultValue": [],
            "defaultValueDisplayNames": [],
            "rangeType": "year",
        },
        {
            "id": F_COMPANY,
            "type": "relation",
            "label": "Company",
            "modelName": "res.company",
            "defaultValue": [],
            "defaultValueDisplayNames": [],
            "rangeType": "year",
        },
    ],
    "lists": {},
    "listNextId": 1,
    "chartOdooMenusReferences": {
        ids[k]: "complaint_reports.complaint_report_menu"
        for k in ["trend", "category", "channel", "sla", "spill"]
    },
}
json.dump(doc, open(OUT, "w"), indent=1, ensure_ascii=False)
print(OUT)
