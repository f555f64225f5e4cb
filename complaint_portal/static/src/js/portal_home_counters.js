/** @odoo-module */

import { PortalHomeCounters } from "@portal/js/portal";

// The complaints card stays on /my with no complaint yet: it is where a
// customer finds how to file one (core hides cards whose count is 0).
PortalHomeCounters.include({
    _getCountersAlwaysDisplayed() {
        return this._super(...arguments).concat(["complaint_count"]);
    },
});
