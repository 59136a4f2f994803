CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    name text NOT NULL DEFAULT '',
    bio text,
    status text NOT NULL DEFAULT 'active',
    role text NOT NULL,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE VIEW active_users AS SELECT id, email, bio FROM users WHERE deleted_at IS NULL;
