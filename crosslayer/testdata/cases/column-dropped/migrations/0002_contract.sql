ALTER TABLE users DROP COLUMN nickname; -- want SC-XL001 SC-XL001
ALTER TABLE users RENAME COLUMN name TO full_name; -- want SC-XL001
-- Only the unsupported android 1.0 exposes avatar: no finding.
ALTER TABLE users DROP COLUMN avatar;
DROP TABLE sessions; -- want SC-XL001
ALTER TABLE coupons RENAME TO vouchers; -- want SC-XL001
