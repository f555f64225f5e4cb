-- Bulk data for bench/report_bench.py: complaints, their products, spill-over
-- cases and confirmed sales orders, spread over the 24 months from 2024-11-01.
-- The ORM would take hours for a million complaints; this takes a few minutes.
-- Usage: psql -v n=1000000 -d <bench db> -f bench/report_generate.sql
-- Rows are tagged: tracking numbers start with 'BENCH/', orders with 'BSO'.
\set ON_ERROR_STOP on
\if :{?n}
\else
    \set n 1000000
\endif

BEGIN;

CREATE TEMP TABLE bench_pick AS
SELECT
    (SELECT array_agg(id ORDER BY id) FROM complaint_category
      WHERE parent_id IS NOT NULL AND active) AS categories,
    (SELECT array_agg(id ORDER BY sequence, id) FROM complaint_channel WHERE active)
        AS channels,
    (SELECT array_agg(id ORDER BY sequence, id) FROM complaint_level WHERE active)
        AS levels,
    (SELECT array_agg(id ORDER BY id) FROM complaint_team
      WHERE company_id = (SELECT MIN(id) FROM res_company)) AS teams,
    (SELECT array_agg(id ORDER BY id) FROM res_users WHERE share IS NOT TRUE
      AND active) AS users,
    (SELECT array_agg(id ORDER BY id) FROM res_partner
      WHERE active AND parent_id IS NULL) AS partners,
    (SELECT array_agg(id ORDER BY id) FROM product_product WHERE active)
        AS products,
    (SELECT MIN(id) FROM res_company) AS company_id;

CREATE TEMP TABLE bench_stage AS
SELECT iso_step, MIN(id) AS stage_id FROM complaint_stage GROUP BY iso_step;

-- skewed pick: low indexes come up more often, as real categories do
CREATE OR REPLACE FUNCTION pg_temp.pick(arr int[], skew float) RETURNS int
LANGUAGE sql VOLATILE AS $$
    SELECT arr[1 + floor(power(random(), skew) * array_length(arr, 1))::int]
$$;

CREATE TEMP TABLE bench_complaint AS
SELECT
    i,
    TIMESTAMP '2024-11-01' + random() * INTERVAL '730 days' AS received,
    random() AS r_state,
    random() AS r_flag,
    random() AS r_rating,
    pg_temp.pick((SELECT partners FROM bench_pick), 1.0) AS partner
FROM generate_series(1, :n) AS i;

INSERT INTO complaint_complaint (
    name, subject, company_id, partner_id, commercial_partner_id, category_id,
    channel_id, level_id, team_id, user_id, receiver_id, state, is_open, stage_id,
    priority, is_high_risk, date_received, date_registered, date_acknowledged,
    date_proposed, date_decision, date_closed, decision, rating_last_value,
    sla_state, sla_met, is_escalated, is_spilled_over, is_repeat, reopen_count,
    amount_claimed, remedy_amount_total, create_uid, write_uid, create_date,
    write_date
)
SELECT
    'BENCH/' || lpad(b.i::text, 8, '0'),
    'Bench complaint ' || b.i,
    p.company_id,
    b.partner,
    b.partner,
    pg_temp.pick(p.categories, 2.0),
    pg_temp.pick(p.channels, 1.5),
    pg_temp.pick(p.levels, 3.0),
    pg_temp.pick(p.teams, 1.0),
    pg_temp.pick(p.users, 1.0),
    pg_temp.pick(p.users, 1.0),
    st.state,
    st.state NOT IN ('closed', 'cancelled'),
    stage.stage_id,
    '0',
    b.r_flag < 0.01,
    b.received,
    b.received + INTERVAL '10 minutes',
    b.received + random() * INTERVAL '6 hours',
    CASE WHEN st.state IN ('proposed', 'accepted', 'rejected', 'closed')
         THEN b.received + random() * INTERVAL '48 hours' END,
    CASE WHEN st.state IN ('accepted', 'rejected', 'closed')
         THEN b.received + INTERVAL '50 hours' END,
    CASE WHEN st.state = 'closed'
         THEN b.received + INTERVAL '2 hours' + random() * INTERVAL '240 hours' END,
    CASE WHEN st.state IN ('accepted', 'closed') AND b.r_flag < 0.75 THEN 'accepted'
         WHEN st.state = 'rejected' THEN 'rejected' END,
    CASE WHEN st.state = 'closed' AND b.r_rating < 0.5
         THEN 1 + floor(b.r_rating * 10)::int ELSE 0 END,
    CASE WHEN st.state = 'closed' THEN
         (ARRAY['met', 'met', 'met', 'met_late', 'breached'])[1 + floor(random() * 5)::int]
         ELSE 'running' END,
    FALSE,
    b.r_flag < 0.05,
    b.r_flag BETWEEN 0.05 AND 0.07,
    b.r_flag BETWEEN 0.07 AND 0.10,
    CASE WHEN b.r_flag BETWEEN 0.10 AND 0.13 THEN 1 ELSE 0 END,
    round((random() * 1000)::numeric, 2),
    CASE WHEN b.r_flag > 0.6 THEN round((random() * 500)::numeric, 2) ELSE 0 END,
    1, 1, b.received, b.received
FROM bench_complaint b
CROSS JOIN bench_pick p
CROSS JOIN LATERAL (
    SELECT CASE
        WHEN b.r_state < 0.60 THEN 'closed'
        WHEN b.r_state < 0.63 THEN 'cancelled'
        ELSE (ARRAY['new', 'registered', 'acknowledged', 'assessed',
                    'investigating', 'proposed', 'accepted', 'rejected'])
             [1 + floor((b.r_state - 0.63) / 0.37 * 8)::int]
    END AS state
) st
LEFT JOIN bench_stage stage ON stage.iso_step = st.state
-- ids grow with the date received, as they do in a live database
ORDER BY b.received;

UPDATE complaint_complaint SET sla_met = (sla_state = 'met')
 WHERE name LIKE 'BENCH/%' AND state = 'closed';

-- one product on 70 % of the complaints
INSERT INTO complaint_complaint_product_product_rel
    (complaint_complaint_id, product_product_id)
SELECT c.id, pg_temp.pick(p.products, 2.0)
  FROM complaint_complaint c CROSS JOIN bench_pick p
 WHERE c.name LIKE 'BENCH/%' AND random() < 0.7
   AND p.products IS NOT NULL;  -- a template without products: none

-- the spill-over cases of the spilled-over complaints
INSERT INTO complaint_external_case (
    complaint_id, company_id, partner_id, body, reference, date_received,
    deadline, outcome, date_settled, consumer_score, create_uid, write_uid,
    create_date, write_date
)
SELECT
    c.id, c.company_id, c.commercial_partner_id,
    (ARRAY['12315', '12315', '12315', '12345', '12345', 'consumer_council',
           'regulator', 'media', 'arbitration', 'court', 'other'])
        [1 + floor(random() * 11)::int],
    'EXT-' || c.id,
    (c.date_received + INTERVAL '3 days')::date,
    (c.date_received + INTERVAL '18 days')::date,
    o.outcome,
    CASE WHEN o.outcome != 'pending'
         THEN (c.date_received + INTERVAL '5 days' + o.r * INTERVAL '20 days')::date
    END,
    CASE WHEN o.outcome != 'pending' THEN round((o.r * 5)::numeric, 1) ELSE 0 END,
    1, 1, c.date_received, c.date_received
FROM complaint_complaint c
-- c.id in the sub-query: drawn again for each case, not once for all
CROSS JOIN LATERAL (
    SELECT (ARRAY['settled', 'settled', 'not_settled', 'pending'])
           [1 + floor(random() * 4 + c.id * 0)::int] AS outcome,
           random() + c.id * 0 AS r
) o
WHERE c.name LIKE 'BENCH/%' AND c.is_spilled_over;

-- confirmed sales orders: the denominator of the complaint rate
INSERT INTO sale_order (
    name, company_id, partner_id, partner_invoice_id, partner_shipping_id,
    date_order, state, create_uid, write_uid, create_date, write_date
)
SELECT
    'BSO' || lpad(o.g::text, 8, '0'), p.company_id, o.partner, o.partner, o.partner,
    o.ordered,
    CASE WHEN random() < 0.9 THEN 'sale' ELSE 'draft' END,
    1, 1, now(), now()
FROM (
    SELECT g, TIMESTAMP '2024-11-01' + random() * INTERVAL '730 days' AS ordered,
           pg_temp.pick((SELECT partners FROM bench_pick), 1.0) AS partner
      FROM generate_series(1, GREATEST(:n / 2, 1)) AS g
) o
CROSS JOIN bench_pick p
ORDER BY o.ordered;

COMMIT;

-- as autovacuum would after a while: statistics and the visibility map that
-- index-only scans need
VACUUM ANALYZE complaint_complaint;
VACUUM ANALYZE complaint_complaint_product_product_rel;
VACUUM ANALYZE complaint_external_case;
VACUUM ANALYZE sale_order;
