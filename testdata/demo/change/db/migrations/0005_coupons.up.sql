-- A table created in this change is empty when the change deploys, so the
-- index build and the constraint below are not flagged.
CREATE TABLE coupons (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code    text NOT NULL,
    percent integer NOT NULL
);

CREATE UNIQUE INDEX coupons_code_key ON coupons (code);

ALTER TABLE coupons ADD CONSTRAINT coupons_percent_check CHECK (percent BETWEEN 1 AND 100);
