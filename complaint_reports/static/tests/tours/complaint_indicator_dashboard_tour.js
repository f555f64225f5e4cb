import { registry } from "@web/core/registry";

/**
 * A complaint manager opens the indicators, looks at this month, widens the
 * period by its first date to the start of last month and opens the
 * complaints behind the number received.
 */
registry.category("web_tour.tours").add("complaint_indicator_dashboard_tour", {
    steps: () => {
        const start = new Date();
        start.setDate(1);
        start.setMonth(start.getMonth() - 1);
        const pad = (number) => String(number).padStart(2, "0");
        const [year, month] = [start.getFullYear(), pad(start.getMonth() + 1)];
        return [
            {
                // the values are matched whole: "12" or "21" is no 1 or 2
                content: "The indicators open on last month, its one complaint counted",
                trigger:
                    ".o_complaint_indicator_dashboard .o_complaint_kpi[data-key='count'] .o_complaint_kpi_value:contains(/^\\s*1\\s*$/)",
            },
            {
                content: "The thirteen indicators of the guideline are there",
                trigger: ".o_complaint_kpi[data-key='settlement_rate'] .badge:contains(/^\\s*13\\s*$/)",
            },
            {
                content: "Look at this month",
                trigger: ".o_complaint_preset[data-preset='this_month']",
                run: "click",
            },
            {
                content: "The complaint received today is counted",
                trigger: ".o_complaint_kpi[data-key='count'] .o_complaint_kpi_value:contains(/^\\s*2\\s*$/)",
            },
            {
                content: "Start the period on the first of last month",
                trigger: ".o_complaint_date_from",
                run() {
                    // the browser's date picker: set the date as it does
                    const input = document.querySelector(".o_complaint_date_from");
                    input.value = `${year}-${month}-01`;
                    input.dispatchEvent(new Event("change", { bubbles: true }));
                },
            },
            {
                content: "The period reads from the first of last month",
                trigger: `.o_complaint_period:contains('${month}/01/${year}')`,
            },
            {
                content: "The two months count the three complaints",
                trigger: ".o_complaint_kpi[data-key='count'] .o_complaint_kpi_value:contains(/^\\s*3\\s*$/)",
            },
            {
                content: "Open the complaints received",
                trigger: ".o_complaint_kpi[data-key='count']",
                run: "click",
            },
            {
                content: "They are listed",
                trigger: ".o_list_view .o_data_row:contains('Dashboard tour: kettle leaks')",
            },
            {
                content: "Three of them",
                trigger: ".o_list_view",
                run() {
                    const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
                    if (rows !== 3) {
                        throw new Error(`3 complaints expected, ${rows} listed`);
                    }
                },
            },
        ];
    },
});
