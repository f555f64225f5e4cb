import { Component, onWillStart, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

const COLOURS = {
    received: "#3f6fb5",
    closed: "#6aa84f",
    shares: ["#3f6fb5", "#6aa84f", "#e69138", "#8e7cc3", "#45818e", "#c27ba0", "#bf9000", "#999999"],
};
const SHARE_SLICES = 7;

/**
 * The complaint indicators: KPI cards, charts and tables of a period and the
 * period before, for the companies picked; each figure opens the complaints
 * (or spill-over cases) behind it. Figures, formats and the lists opened come
 * from the server (complaint.indicator.dashboard).
 */
export class ComplaintIndicatorDashboard extends Component {
    static template = "complaint_reports.IndicatorDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ data: null, dateFrom: null, dateTo: null, companyIds: [] });
        this.trendRef = useRef("trend");
        this.categoryRef = useRef("category");
        this.channelRef = useRef("channel");
        this.charts = [];
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load({ preset: "last_month" });
        });
        useEffect(
            () => {
                this.renderCharts();
                return () => this.destroyCharts();
            },
            () => [this.state.data]
        );
    }

    get presets() {
        return [
            ["last_month", _t("Last Month")],
            ["this_month", _t("This Month")],
            ["this_quarter", _t("This Quarter")],
            ["this_year", _t("This Year")],
        ];
    }

    get numberedKpis() {
        return this.state.data.kpis.filter((kpi) => kpi.number);
    }

    get otherKpis() {
        return this.state.data.kpis.filter((kpi) => !kpi.number);
    }

    get multiCompany() {
        return this.state.data.companies.length > 1;
    }

    async load({ preset = false } = {}) {
        const data = await this.orm.call("complaint.indicator.dashboard", "get_data", [], {
            date_from: preset ? false : this.state.dateFrom,
            date_to: preset ? false : this.state.dateTo,
            company_ids: this.state.companyIds,
            preset,
        });
        this.state.dateFrom = data.period.date_from;
        this.state.dateTo = data.period.date_to;
        this.state.companyIds = data.companies.filter((c) => c.selected).map((c) => c.id);
        this.state.data = data;
    }

    onPreset(preset) {
        return this.load({ preset });
    }

    onDateChange(field, ev) {
        if (!ev.target.value) {
            return;
        }
        this.state[field] = ev.target.value;
        return this.load();
    }

    onToggleCompany(companyId) {
        const ids = new Set(this.state.companyIds);
        if (ids.has(companyId)) {
            if (ids.size === 1) {
                return;
            }
            ids.delete(companyId);
        } else {
            ids.add(companyId);
        }
        this.state.companyIds = [...ids];
        return this.load();
    }

    async openFigure(figure, value) {
        const action = await this.orm.call("complaint.indicator.dashboard", "action_open_figure", [
            figure,
            value,
            this.state.dateFrom,
            this.state.dateTo,
            this.state.companyIds,
        ]);
        return this.actionService.doAction(action);
    }

    async onPrint() {
        const action = await this.orm.call("complaint.indicator.dashboard", "action_print", [
            this.state.dateFrom,
            this.state.dateTo,
            this.state.companyIds,
        ]);
        return this.actionService.doAction(action);
    }

    // ------------------------------------------------------------------
    // Charts (Chart.js, bundled with Odoo)
    // ------------------------------------------------------------------
    destroyCharts() {
        for (const chart of this.charts) {
            chart.destroy();
        }
        this.charts = [];
    }

    renderCharts() {
        const data = this.state.data;
        if (!data || !this.trendRef.el) {
            return;
        }
        this.charts.push(
            new Chart(this.trendRef.el, {
                type: "bar",
                data: {
                    labels: data.trend.map((row) => row.label),
                    datasets: [
                        {
                            label: _t("Complaints received"),
                            data: data.trend.map((row) => row.received),
                            backgroundColor: COLOURS.received,
                        },
                        {
                            label: _t("Of those, closed since"),
                            data: data.trend.map((row) => row.closed),
                            backgroundColor: COLOURS.closed,
                        },
                    ],
                },
                options: {
                    maintainAspectRatio: false,
                    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
                    onClick: (event, elements) => {
                        if (elements.length) {
                            this.openFigure("month", data.trend[elements[0].index].month);
                        }
                    },
                },
            })
        );
        for (const [key, ref] of [
            ["category", this.categoryRef],
            ["channel", this.channelRef],
        ]) {
            const counted = data[`by_${key}`].filter((row) => row.current);
            const rows = counted.slice(0, SHARE_SLICES);
            // the rest in one slice, as the printed review's "Others" bar:
            // the shares are of the whole, not of the largest few
            const rest = counted.slice(SHARE_SLICES).reduce((sum, row) => sum + row.current, 0);
            if (rest) {
                rows.push({ others: true, id: false, short_name: _t("Others"), current: rest });
            }
            this.charts.push(
                new Chart(ref.el, {
                    type: "doughnut",
                    data: {
                        labels: rows.map((row) => row.short_name),
                        datasets: [
                            {
                                data: rows.map((row) => row.current),
                                backgroundColor: COLOURS.shares,
                            },
                        ],
                    },
                    options: {
                        maintainAspectRatio: false,
                        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
                        onClick: (event, elements) => {
                            const row = elements.length && rows[elements[0].index];
                            // "Undefined" (id false) opens its complaints; the
                            // rest in one slice opens nothing
                            if (row && !row.others) {
                                this.openFigure(key, row.id);
                            }
                        },
                    },
                })
            );
        }
    }
}

registry.category("actions").add("complaint_indicator_dashboard", ComplaintIndicatorDashboard);
