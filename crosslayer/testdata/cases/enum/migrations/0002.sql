ALTER TYPE member_status ADD VALUE 'deleted';
ALTER TYPE plan ADD VALUE 'team'; -- want SC-XL006
