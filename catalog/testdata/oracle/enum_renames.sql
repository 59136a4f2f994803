-- A default holds the enum value, not its label: renaming the value
-- renames it in the default.
CREATE TYPE registration_mode AS ENUM ('closed', 'require_application', 'open');
CREATE TABLE site (id int, mode registration_mode NOT NULL DEFAULT 'require_application');
ALTER TYPE registration_mode RENAME VALUE 'require_application' TO 'RequireApplication';
