import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("complaint_backoffice_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Complaints app",
            trigger: '.o_app[data-menu-xmlid="complaint_management.complaint_management_menu_root"]',
            run: "click",
        },
        {
            content: "The complaints kanban shows the demo complaint",
            trigger: ".o_kanban_record:contains('Office chair arrived with a broken armrest')",
            run: "click",
        },
        {
            content: "The complaint form shows its tracking number",
            trigger: ".o_form_view .oe_title h1 .o_field_widget:contains('CMP/')",
        },
    ],
});
