import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("complaint_portal_placeholder", { steps: () => [] });
