-- An accepted order's total may reach 100 items x 10,000 x 1,000,000,000 = 10^15 (OrderRequest's
-- limits); NUMERIC(14, 2) stopped at 10^12, so the order-view projection dead-lettered such an
-- order's order.placed. NUMERIC(20, 2) holds every total an order may have.
ALTER TABLE order_view ALTER COLUMN total TYPE NUMERIC(20, 2);
