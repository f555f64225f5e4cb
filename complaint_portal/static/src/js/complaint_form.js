/** @odoo-module **/

import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * The complaint form (/complaint/new).
 *
 * - After a refused submission, keyboard and screen-reader users land on the
 *   error summary instead of the top of the page.
 * - A logged-in customer who picks an order sees only the products of that
 *   order (the server refuses other products anyway).
 */
publicWidget.registry.ComplaintPortalForm = publicWidget.Widget.extend({
    selector: ".o_complaint_new",
    events: {
        "change #complaint_sale_order_id": "_onOrderChange",
    },

    start() {
        const errors = this.el.querySelector("#complaint_form_errors");
        if (errors) {
            errors.focus();
        }
        this._filterProducts();
        return this._super(...arguments);
    },

    _onOrderChange() {
        this._filterProducts();
    },

    _filterProducts() {
        const orderSelect = this.el.querySelector("#complaint_sale_order_id");
        const productSelect = this.el.querySelector("#complaint_product_ids");
        if (!orderSelect || !productSelect) {
            return;
        }
        const orderId = orderSelect.value;
        for (const group of productSelect.querySelectorAll("optgroup")) {
            // no order chosen: every product of the customer's orders is allowed
            const shown = !orderId || group.dataset.orderId === orderId;
            group.hidden = !shown;
            group.disabled = !shown;
            for (const option of group.querySelectorAll("option")) {
                option.hidden = !shown;
                if (!shown) {
                    option.selected = false;
                }
            }
        }
    },
});
